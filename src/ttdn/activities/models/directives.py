"""The register of directive documents issued for TTĐN (seed II.1)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ttdn.core.classification import ClassifiedModel
from ttdn.core.models import TimeStampedModel
from ttdn.plans.models import Task


class Directive(ClassifiedModel, TimeStampedModel):
    class Kind(models.TextChoices):
        DECISION = "quyet-dinh", _("Decision")
        DIRECTIVE = "chi-thi", _("Directive")
        PLAN = "ke-hoach", _("Plan")
        REGULATION = "quy-che", _("Regulation")
        LETTER = "cong-van", _("Official letter")
        OTHER = "khac", _("Other")

    number = models.CharField(_("number and symbol"), max_length=100)
    issued_on = models.DateField(_("date issued"))
    issuer = models.CharField(_("issuer"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("summary"))
    file = models.FileField(_("file"), upload_to="activities/directives/%Y/", blank=True, max_length=300)
    tasks = models.ManyToManyField(Task, verbose_name=_("plan tasks"), blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("directive document")
        verbose_name_plural = _("directive documents")
        ordering = ["-issued_on"]
        constraints = [models.UniqueConstraint(fields=["number", "issued_on"], name="uniq_directive_number")]

    def __str__(self) -> str:
        return f"{self.number} · {self.summary[:60]}"
