from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("upload/", views.plan_upload, name="plan_upload"),
    path("imports/<int:import_id>/", views.import_preview, name="import_preview"),
    path("imports/<int:import_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:import_id>/discard/", views.import_discard, name="import_discard"),
    path("imports/<int:import_id>/original/", views.import_original, name="import_original"),
    path("units/<slug:code>/", views.unit_tasks, name="unit_tasks"),
]
