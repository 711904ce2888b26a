from django.urls import path

from .views import audit, personal_data, two_factor

app_name = "core"

urlpatterns = [
    path("audit/", audit.audit_log, name="audit"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
    path("personal-data/", personal_data.personal_data_search, name="personal_data"),
    path("personal-data/<id:pk>/", personal_data.personal_data_request, name="personal_data_request"),
    path("personal-data/<id:pk>/export/", personal_data.personal_data_export, name="personal_data_export"),
    path("personal-data/<id:pk>/erase/", personal_data.personal_data_erase, name="personal_data_erase"),
    path(
        "personal-data/<id:pk>/download/<str:fmt>/",
        personal_data.personal_data_download,
        name="personal_data_download",
    ),
    path("account/two-step/setup/", two_factor.otp_setup, name="otp_setup"),
    path("account/two-step/", two_factor.otp_verify, name="otp_verify"),
]
