from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "ttdn.outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from ttdn.plans.contributions import register

        from .contributions import OutreachContributor

        register(OutreachContributor())

        from ttdn.core import personal_data

        from .personal_data import InboundSource, SubscriberSource

        personal_data.register(SubscriberSource())
        personal_data.register(InboundSource())
