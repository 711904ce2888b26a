"""Documents built on the worker because they take seconds (letters for every unit of a plan)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ttdn.core.classification import ClassifiedModel
from ttdn.core.models import TimeStampedModel

from .plan import Plan


def generated_path(instance: "GeneratedDocument", filename: str) -> str:
    return f"generated/{instance.plan_id}/{instance.token}/{filename}"


class GeneratedDocument(ClassifiedModel, TimeStampedModel):
    class Kind(models.TextChoices):
        URGING_ZIP = "urging_zip", _("Urging letters, one per unit (ZIP)")
        URGING_ALL = "urging_all", _("Urging letter to all units (DOCX)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="generated_documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    as_of = models.DateField(_("as of"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=generated_path, max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.plan_id}"
