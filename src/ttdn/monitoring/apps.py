from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "ttdn.monitoring"
    verbose_name = _("Press monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_full_text, sender=self)


def _ensure_full_text(sender, using="default", **kwargs) -> None:
    from django.db import connections

    from .search import ensure_index

    ensure_index(connections[using])
