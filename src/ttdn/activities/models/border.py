"""TTĐN information clusters at border gates (seed 4.1, 4.2): equipment, upkeep, incidents, playlist."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ttdn.core.models import TimeStampedModel
from ttdn.directory.models import BorderGate, Unit
from ttdn.plans.models import Task


class Cluster(TimeStampedModel):
    task = models.ForeignKey(Task, verbose_name=_("plan task"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    # A gate that changed type has one row per period; the cluster points at the row current when it was built.
    gate = models.ForeignKey(
        BorderGate, verbose_name=_("border gate"), on_delete=models.PROTECT, related_name="+"
    )
    operator = models.ForeignKey(
        Unit, verbose_name=_("operator unit"), on_delete=models.PROTECT, related_name="+"
    )
    commissioned_on = models.DateField(_("in service since"))

    class Meta:
        verbose_name = _("TTĐN cluster")
        verbose_name_plural = _("TTĐN clusters")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Component(models.Model):
    class Kind(models.TextChoices):
        LED = "led", _("LED screen")
        SPEAKERS = "speakers", _("Loudspeakers")
        KIOSK = "kiosk", _("Kiosk")
        BILLBOARD = "billboard", _("Billboard")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="components")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    specs = models.CharField(_("specifications"), max_length=500, blank=True)
    installed_on = models.DateField(_("installed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["cluster", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.cluster}"


class MaintenanceSchedule(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="schedules")
    what = models.CharField(_("work"), max_length=300)
    every_days = models.PositiveIntegerField(_("every (days)"))
    next_due = models.DateField(_("next due"))

    class Meta:
        verbose_name = _("maintenance schedule")
        verbose_name_plural = _("maintenance schedules")
        ordering = ["next_due"]
        constraints = [
            models.CheckConstraint(condition=Q(every_days__gt=0), name="schedule_interval_positive")
        ]

    def __str__(self) -> str:
        return self.what


class MaintenanceLog(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="maintenance")
    schedule = models.ForeignKey(
        MaintenanceSchedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="logs"
    )
    done_on = models.DateField(_("done on"))
    work = models.TextField(_("work done"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("maintenance log entry")
        verbose_name_plural = _("maintenance log")
        ordering = ["-done_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.done_on:%d/%m/%Y} · {self.work[:60]}"


class ClusterIncident(models.Model):
    """A stretch of time the cluster was out of service; uptime per month is computed from these."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="incidents")
    component = models.ForeignKey(
        Component, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("out of service from"))
    resolved_at = models.DateTimeField(_("back in service at"), null=True, blank=True)
    description = models.TextField(_("description"))

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(started_at__lt=models.F("resolved_at")),
                name="incident_start_before_resolution",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]


class PlaylistItem(models.Model):
    class Language(models.TextChoices):
        VI = "vi", _("Vietnamese")
        ZH = "zh", _("Chinese")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="playlist")
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    media_url = models.URLField(_("media link"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    starts_on = models.DateField(_("shown from"))
    ends_on = models.DateField(_("shown until"))
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), default=30)

    class Meta:
        verbose_name = _("playlist item")
        verbose_name_plural = _("playlist")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="playlist_dates_order"
            )
        ]

    def __str__(self) -> str:
        return self.title
