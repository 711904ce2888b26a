from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "ttdn.activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from ttdn.plans import contributions

        from .contributions import ActivitiesContributor

        contributions.register(ActivitiesContributor())

        from ttdn.core import personal_data as registry

        from .personal_data import SOURCES

        for source in SOURCES:
            registry.register(source)
