from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("subscribers/", views.subscribers, name="subscribers"),
    path("compose/", views.compose, name="compose"),
    path("compose/preview/", views.compose_preview, name="compose_preview"),
    path("compose/fold/", views.compose_fold, name="compose_fold"),
    path("<id:pk>/", views.campaign_detail, name="campaign"),
    path("<id:pk>/edit/", views.compose, name="edit"),
    path("<id:pk>/<slug:action>/", views.campaign_action, name="action"),
]
