"""Documents built on the worker because they take seconds (letters for every unit of a plan).

The mechanism (status, file, build, download) is :mod:`ttdn.core.generated`; this model ties it to a plan."""

from typing import ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ttdn.core.generated import GeneratedFile

from .plan import Plan


def generated_path(instance: "GeneratedDocument", filename: str) -> str:
    # Named by migration 0006; new files go through ttdn.core.generated.generated_path (same layout).
    return f"generated/{instance.plan_id}/{instance.token}/{filename}"


class GeneratedDocument(GeneratedFile):
    class Kind(models.TextChoices):
        URGING_ZIP = "urging_zip", _("Urging letters, one per unit (ZIP)")
        URGING_ALL = "urging_all", _("Urging letter to all units (DOCX)")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="generated_documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    as_of = models.DateField(_("as of"))

    failure_messages: ClassVar = {
        "no_overdue_work": _("No unit has overdue tasks: there is nothing to urge."),
    }

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.plan_id}"

    def storage_folder(self) -> str:
        return str(self.plan_id)

    def status_url(self) -> str:
        return reverse("plans:generated_document", args=[self.plan_id, self.token])

    def file_url(self) -> str:
        return reverse("plans:generated_document_file", args=[self.plan_id, self.token])
