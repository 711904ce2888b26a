from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_contributed_indicators(sender, using="default", **kwargs) -> None:
    """Indicators that other apps feed (see `contributions`) exist after every migrate."""
    from .contributions import indicator_specs
    from .models import Indicator

    for spec in indicator_specs():
        Indicator.objects.using(using).get_or_create(
            code=spec.code, defaults={"name": spec.name, "unit_label": spec.unit_label}
        )


class PlansConfig(AppConfig):
    name = "ttdn.plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        post_migrate.connect(_ensure_contributed_indicators, sender=self)
