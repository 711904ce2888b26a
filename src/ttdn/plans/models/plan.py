"""Plans, their tasks and who carries them out.

A plan is created from a document (a signed TTĐN plan); every uploaded version is kept as a
:class:`PlanImport`. Tasks are never deleted by a re-import: a task that disappears from a revised
document is marked withdrawn, so whatever units reported against it stays.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ttdn.core.classification import ClassifiedModel
from ttdn.core.models import TimeStampedModel
from ttdn.directory.models import Unit, UnitGroup


class Plan(TimeStampedModel):
    title = models.CharField(_("title"), max_length=500)
    year = models.PositiveIntegerField(_("year"))
    kind = models.CharField(_("document kind"), max_length=20, blank=True)
    number = models.CharField(_("number"), max_length=100, blank=True)
    issuer = models.CharField(_("issuer"), max_length=300, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    issued_on = models.CharField(
        _("date as known"), max_length=10, blank=True, help_text="2021-01-29, 2020-11 or 2020"
    )
    reference_date = models.DateField(
        _("reference date"), help_text=_("date at which unit names are resolved")
    )
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    signer = models.JSONField(_("signer"), null=True, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    outline = models.JSONField(_("outline"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    focal_unit = models.ForeignKey(
        Unit,
        verbose_name=_("focal unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="focal_plans",
    )
    # Bumped by every service that changes what the plan's pages show; cached fragments are keyed on it.
    revision = models.PositiveIntegerField(default=0, editable=False)
    # A unit's own plan (seed IV.3) points at the provincial plan it carries out.
    parent_plan = models.ForeignKey(
        "self",
        verbose_name=_("carries out"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_plans",
    )
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit plan of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_plans",
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "-created_at"]

    def __str__(self) -> str:
        label = self.number or _("(no number)")
        return f"{label} · {self.title}"

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)


def plan_upload_path(instance: "PlanImport", filename: str) -> str:
    return f"plans/originals/{instance.uploaded_at:%Y/%m}/{instance.sha256[:16]}-{filename}"


class PlanImport(ClassifiedModel):
    """One uploaded plan document: parsed, previewed, then confirmed into a plan or discarded."""

    class Status(models.TextChoices):
        PARSING = "parsing", _("Parsing")
        READY = "ready", _("Ready for review")
        FAILED = "failed", _("Could not be read")
        CONFIRMED = "confirmed", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    file = models.FileField(_("original file"), upload_to=plan_upload_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PARSING)
    error = models.TextField(_("error"), blank=True)
    parsed = models.JSONField(_("parsed document"), null=True, blank=True)
    target_plan = models.ForeignKey(
        Plan, verbose_name=_("revision of"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="imports")
    # Set when a unit uploads its own plan carrying out a provincial one (seed IV.3).
    parent_plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Task(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="tasks")
    code = models.CharField(_("code"), max_length=50)
    position = models.PositiveIntegerField(default=0)
    title = models.TextField(_("title"))
    content = models.TextField(_("content"), blank=True)
    form = models.TextField(_("form"), blank=True)
    audience = models.TextField(_("audience"), blank=True)
    budget = models.TextField(_("budget"), blank=True)
    timeframe_label = models.CharField(_("timeframe"), max_length=200, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    recurring = models.BooleanField(_("recurring"), default=False)
    timeframe_inherited = models.BooleanField(_("timeframe inherited from the plan"), default=False)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    content_key = models.CharField(max_length=64, db_index=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    serves = models.ManyToManyField(
        "self",
        verbose_name=_("serves provincial tasks"),
        symmetrical=False,
        blank=True,
        related_name="served_by",
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="uniq_task_code_per_plan"),
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("end")), name="task_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"


class Role(models.TextChoices):
    LEAD = "lead", _("Lead")
    COORDINATING = "coordinating", _("Coordinating")


class Mention(models.Model):
    """A unit as the plan names it, and what it was resolved to (by the importer or a reviewer)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="mentions")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("as written"), max_length=500)
    scope = models.TextField(_("scope"), blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(UnitGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("resolved by"), max_length=20, blank=True)
    confidence = models.FloatField(_("confidence"), default=0)

    class Meta:
        verbose_name = _("unit mention")
        verbose_name_plural = _("unit mentions")
        ordering = ["task", "role", "position"]

    def __str__(self) -> str:
        return self.text


class Assignment(TimeStampedModel):
    """Task × unit × role. A group mention expands to one assignment per member valid on the plan's date."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    scope = models.TextField(_("scope"), blank=True)
    via_group = models.ForeignKey(
        UnitGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)
    extended_end = models.DateField(_("extended deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["task", "role", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["task", "unit", "role"], name="uniq_assignment")]

    def __str__(self) -> str:
        return f"{self.task.code} · {self.unit} ({self.get_role_display()})"

    def current_deadline(self) -> datetime.date:
        """The task's end, or the extended one. (Querysets annotate ``deadline`` in SQL instead.)"""
        return self.extended_end or self.task.end
