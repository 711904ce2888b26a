from django.urls import path

from .api import api

# Mounted under "api/" by the project: v1 lives at /api/v1/ (docs at /api/v1/docs).
urlpatterns = [path("v1/", api.urls)]
