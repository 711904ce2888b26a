from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "ttdn.monitoring"
    verbose_name = _("Press monitoring")
    default_auto_field = "django.db.models.BigAutoField"
