from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("units/<slug:code>/", views.unit_detail, name="unit_detail"),
]
