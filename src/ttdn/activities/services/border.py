"""TTĐN clusters at border gates: set-up (cluster, components, schedules), maintenance, incidents and the
screens' playlist."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.models import User
from ttdn.core.text import clean
from ttdn.directory.models import BorderGate, Unit
from ttdn.plans.models import Task

from ..models import Cluster, ClusterIncident, Component, MaintenanceLog, MaintenanceSchedule, PlaylistItem
from .common import ActivityError, require_edit, save_changes


def _gate_period_covers(gate: BorderGate, day: datetime.date) -> bool:
    """Whether ``day`` falls in the gate row's type period (open ends are unbounded)."""
    # The directory stores the period as ISO text ("" when open, sometimes only a year).
    if gate.type_valid_from and day.isoformat() < gate.type_valid_from:
        return False
    return not (gate.type_valid_to and day.isoformat()[: len(gate.type_valid_to)] > gate.type_valid_to)


def _check_gate_period(gate: BorderGate, commissioned_on: datetime.date) -> None:
    if not _gate_period_covers(gate, commissioned_on):
        raise ActivityError(
            _("The gate had another type on %(date)s; choose the gate's entry current on that date.")
            % {"date": commissioned_on.strftime("%d/%m/%Y")}
        )


@transaction.atomic
def cluster_create(
    *,
    actor: User,
    task: Task,
    name: str,
    gate: BorderGate,
    operator: Unit,
    commissioned_on: datetime.date,
) -> Cluster:
    """A cluster points at the gate row whose type period was current when it went into service, so the
    gate's type shown with it stays the one it was built under."""
    require_edit(actor, task)
    name = clean(name)
    if not name:
        raise ActivityError(_("Give the cluster a name."))
    _check_gate_period(gate, commissioned_on)
    cluster = Cluster.objects.create(
        task=task, name=name, gate=gate, operator=operator, commissioned_on=commissioned_on
    )
    audit.record(
        actor=actor,
        action="activities.cluster_create",
        obj=cluster,
        changes={"task": task.code, "gate": gate.code, "commissioned_on": commissioned_on.isoformat()},
    )
    return cluster


@transaction.atomic
def cluster_update(
    *, actor: User, cluster: Cluster, name: str, operator: Unit, commissioned_on: datetime.date
) -> Cluster:
    """Change the name, operator and in-service date. The gate row stays: a new date must still fall in its
    type period, or the cluster would show a gate type it was not built under."""
    require_edit(actor, cluster.task)
    name = clean(name)
    if not name:
        raise ActivityError(_("Give the cluster a name."))
    _check_gate_period(cluster.gate, commissioned_on)
    save_changes(
        actor=actor,
        record=cluster,
        fields={"name": name, "operator": operator, "commissioned_on": commissioned_on},
        action="activities.cluster_update",
    )
    return cluster


@transaction.atomic
def component_add(
    *,
    actor: User,
    cluster: Cluster,
    kind: str,
    specs: str = "",
    installed_on: datetime.date | None = None,
) -> Component:
    require_edit(actor, cluster.task)
    if kind not in Component.Kind.values:
        raise ActivityError(_("Unknown component kind."))
    specs = clean(specs)
    if len(specs) > Component._meta.get_field("specs").max_length:  # type: ignore[operator]
        raise ActivityError(_("The specifications are too long (500 characters at most)."))
    component = Component.objects.create(cluster=cluster, kind=kind, specs=specs, installed_on=installed_on)
    audit.record(
        actor=actor,
        action="activities.component_add",
        obj=cluster,
        changes={"component": component.pk, "kind": kind, "specs": specs},
    )
    return component


@transaction.atomic
def schedule_add(
    *, actor: User, cluster: Cluster, what: str, every_days: int, next_due: datetime.date
) -> MaintenanceSchedule:
    require_edit(actor, cluster.task)
    what = clean(what)
    if not what:
        raise ActivityError(_("Describe the scheduled work."))
    if every_days < 1:
        raise ActivityError(_("A schedule repeats every one day or more."))
    schedule = MaintenanceSchedule.objects.create(
        cluster=cluster, what=what, every_days=every_days, next_due=next_due
    )
    audit.record(
        actor=actor,
        action="activities.schedule_add",
        obj=cluster,
        changes={
            "schedule": schedule.pk,
            "what": what,
            "every_days": every_days,
            "next_due": next_due.isoformat(),
        },
    )
    return schedule


@transaction.atomic
def maintenance_log_add(
    *,
    actor: User,
    cluster: Cluster,
    done_on: datetime.date,
    work: str,
    schedule: MaintenanceSchedule | None = None,
) -> MaintenanceLog:
    """Log work done; when it fulfils a schedule, the schedule's next due date moves on from ``done_on``."""
    require_edit(actor, cluster.task)
    work = clean(work)
    if not work:
        raise ActivityError(_("Describe the work done."))
    if schedule is not None and schedule.cluster_id != cluster.pk:
        raise ActivityError(_("That schedule belongs to another cluster."))
    entry = MaintenanceLog.objects.create(
        cluster=cluster, schedule=schedule, done_on=done_on, work=work, recorded_by=actor
    )
    if schedule is not None:
        schedule.next_due = done_on + datetime.timedelta(days=schedule.every_days)
        schedule.save(update_fields=["next_due"])
    audit.record(
        actor=actor,
        action="activities.maintenance_log",
        obj=cluster,
        changes={"done_on": done_on.isoformat(), "work": work},
    )
    return entry


@transaction.atomic
def incident_open(
    *, actor: User, cluster: Cluster, started_at: datetime.datetime, description: str
) -> ClusterIncident:
    require_edit(actor, cluster.task)
    description = clean(description)
    if not description:
        raise ActivityError(_("Describe the incident."))
    incident = ClusterIncident.objects.create(cluster=cluster, started_at=started_at, description=description)
    audit.record(
        actor=actor,
        action="activities.incident_open",
        obj=cluster,
        changes={"started_at": started_at.isoformat()},
    )
    return incident


@transaction.atomic
def incident_resolve(
    *, actor: User, incident: ClusterIncident, resolved_at: datetime.datetime
) -> ClusterIncident:
    require_edit(actor, incident.cluster.task)
    if resolved_at <= incident.started_at:
        raise ActivityError(_("An incident is resolved after it started."))
    incident.resolved_at = resolved_at
    incident.save(update_fields=["resolved_at"])
    audit.record(
        actor=actor,
        action="activities.incident_resolve",
        obj=incident.cluster,
        changes={"resolved_at": resolved_at.isoformat()},
    )
    return incident


@transaction.atomic
def playlist_add(
    *,
    actor: User,
    cluster: Cluster,
    title: str,
    language: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    media_url: str = "",
    text: str = "",
    duration_seconds: int = 30,
) -> PlaylistItem:
    require_edit(actor, cluster.task)
    if language not in PlaylistItem.Language.values:
        raise ActivityError(_("Screens show Vietnamese or Chinese items only."))
    if ends_on < starts_on:
        raise ActivityError(_("An item must be shown until a date on or after its first day."))
    title = clean(title)
    if not title or not (media_url.strip() or text.strip()):
        raise ActivityError(_("Give a title and either a media link or a text."))
    item = PlaylistItem.objects.create(
        cluster=cluster,
        title=title,
        language=language,
        starts_on=starts_on,
        ends_on=ends_on,
        media_url=media_url.strip(),
        text=clean(text),
        duration_seconds=duration_seconds,
    )
    audit.record(
        actor=actor,
        action="activities.playlist_add",
        obj=cluster,
        changes={"title": title, "language": language},
    )
    return item
