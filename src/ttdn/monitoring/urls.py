from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.article_stream, name="stream"),
    path("sources/", views.source_list, name="sources"),
    path("digest/", views.digest, name="digest"),
    path("forecast/", views.forecast, name="forecast"),
    path("digest/subscription/", views.digest_subscription, name="digest_subscription"),
    path("export.csv", views.article_export, name="export"),
    path("sources/<id:pk>/enabled/", views.source_toggle, name="source_toggle"),
    path("articles/<id:pk>/", views.article_detail, name="article"),
    path("articles/<id:pk>/tone/", views.article_tone, name="article_tone"),
    path("import/", views.social_import_view, name="social_import"),
    path("cases/", views.cases, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<id:pk>/", views.case_detail, name="case"),
    path("cases/<id:pk>/<str:action>/", views.case_action, name="case_action"),
]
