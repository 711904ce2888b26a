"""TTĐN clusters at border gates: maintenance, incidents and the screens' playlist."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.models import User
from ttdn.core.text import clean

from ..models import Cluster, ClusterIncident, MaintenanceLog, MaintenanceSchedule, PlaylistItem
from .common import ActivityError, require_edit


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
