"""Carrying plans out: reporting periods, progress reports, evidence, deadline extensions, reminders.

A progress report belongs to one assignment (task × unit × role) and one reporting period. It moves
draft → submitted (by a unit officer) → approved (by the unit leader) → accepted or returned (by the
focal officer); every move is a :class:`ReportTransition`, so the history stays visible.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ttdn.core.classification import ClassifiedModel
from ttdn.core.models import TimeStampedModel

from .plan import Assignment, Plan, Task


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMIANNUAL = "semiannual", _("Six-monthly")
    ANNUAL = "annual", _("Annual")


class ReportingSchedule(TimeStampedModel):
    """How often units report on a plan and when the data is cut off: configuration, not code."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="schedules")
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    cutoff_day = models.PositiveSmallIntegerField(
        _("data cut-off day"),
        default=15,
        help_text=_("day of the period's last month up to which figures count"),
    )
    due_days_after_cutoff = models.PositiveSmallIntegerField(_("reports due (days after cut-off)"), default=5)

    class Meta:
        verbose_name = _("reporting schedule")
        verbose_name_plural = _("reporting schedules")
        constraints = [
            models.UniqueConstraint(fields=["plan", "frequency"], name="uniq_schedule_per_plan"),
            models.CheckConstraint(
                condition=Q(cutoff_day__gte=1, cutoff_day__lte=31), name="cutoff_day_in_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_frequency_display()}"


class ReportingPeriod(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    label = models.CharField(_("label"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    cutoff = models.DateField(_("data cut-off"))
    due = models.DateField(_("reports due"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan", "end", "frequency"]
        constraints = [models.UniqueConstraint(fields=["plan", "frequency", "start"], name="uniq_period")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_open(self) -> bool:
        today = timezone.localdate()
        return self.start <= today <= self.due


class Indicator(models.Model):
    """An output figure units report (articles published, trainings held…)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit_label = models.CharField(_("unit of measure"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaskIndicator(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="task_indicators")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("task indicator")
        verbose_name_plural = _("task indicators")
        constraints = [models.UniqueConstraint(fields=["task", "indicator"], name="uniq_task_indicator")]

    def __str__(self) -> str:
        return f"{self.task.code} · {self.indicator}"


class ProgressReport(ClassifiedModel, TimeStampedModel):
    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for the unit leader")
        APPROVED = "approved", _("Waiting for the focal department")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for revision")

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    progress = models.CharField(
        _("progress"), max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    narrative = models.TextField(_("what was done"), blank=True)
    indicators = models.JSONField(_("output indicators"), default=dict, blank=True)
    done_on = models.DateField(_("completed on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-period__end", "assignment"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="uniq_report_per_period"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="percent_at_most_100"),
        ]
        indexes = [models.Index(fields=["state", "period"])]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.period}"


class ReportTransition(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=ProgressReport.State.choices)
    to_state = models.CharField(max_length=20, choices=ProgressReport.State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report step")
        verbose_name_plural = _("report steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


def evidence_upload_path(instance: "Evidence", filename: str) -> str:
    return f"reports/evidence/{instance.report_id}/{instance.sha256[:16]}-{filename}"


class Evidence(ClassifiedModel):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_upload_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class DeadlineExtension(TimeStampedModel):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="extensions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    current_end = models.DateField(_("deadline before"))
    requested_end = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(state="pending"),
                name="one_pending_extension_per_assignment",
            ),
            models.CheckConstraint(
                condition=Q(requested_end__gt=models.F("current_end")), name="extension_moves_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.requested_end:%d/%m/%Y}"


class Notification(models.Model):
    """An in-app message. ``event_key`` is unique, so a reminder for the same event is stored (and
    e-mailed) once, however many workers try."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40)
    message = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message[:80]
