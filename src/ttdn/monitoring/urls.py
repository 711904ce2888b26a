from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.article_stream, name="stream"),
    path("sources/", views.source_list, name="sources"),
    path("digest/", views.digest, name="digest"),
    path("export.csv", views.article_export, name="export"),
    path("sources/<int:pk>/enabled/", views.source_toggle, name="source_toggle"),
    path("articles/<int:pk>/tone/", views.article_tone, name="article_tone"),
]
