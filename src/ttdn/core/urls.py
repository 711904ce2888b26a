from django.urls import path

from .views import audit, two_factor

app_name = "core"

urlpatterns = [
    path("audit/", audit.audit_log, name="audit"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
    path("account/two-step/setup/", two_factor.otp_setup, name="otp_setup"),
    path("account/two-step/", two_factor.otp_verify, name="otp_verify"),
]
