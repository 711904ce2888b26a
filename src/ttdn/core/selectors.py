"""Reads of the audit log."""

import datetime

from django.db.models import Q, QuerySet

from .models import AuditEvent, User


def audit_events(
    *,
    actor: str = "",
    object_type: str = "",
    action: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Newest first. ``actor`` matches a username or full name (part of it); dates are local days."""
    events = AuditEvent.objects.select_related("actor").order_by("-seq")
    if actor:
        events = events.filter(Q(actor__username__icontains=actor) | Q(actor__full_name__icontains=actor))
    if object_type:
        events = events.filter(object_type=object_type)
    if action:
        events = events.filter(action__icontains=action)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events


def audit_object_types() -> list[str]:
    return list(
        AuditEvent.objects.exclude(object_type="")
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )


def can_read_audit(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_perm("core.view_auditevent"))
