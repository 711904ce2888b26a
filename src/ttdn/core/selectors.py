"""Reads of the audit log."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import AuditEvent, DataSubjectRequest, User


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


def can_handle_personal_data(user: User) -> bool:
    """Administrators: superusers, or the system administrator role (a group holding the permission)."""
    return user.is_authenticated and (user.is_superuser or user.has_perm("core.handle_datasubjectrequest"))


def personal_data_requests(*, limit: int = 50) -> list[DataSubjectRequest]:
    return list(
        DataSubjectRequest.objects.select_related("created_by", "handled_by").order_by("-received_at")[:limit]
    )


def access_personal_data_request(user: User, pk: int) -> DataSubjectRequest:
    """The request, for someone allowed to handle personal data; PermissionDenied or Http404 otherwise."""
    if not can_handle_personal_data(user):
        raise PermissionDenied
    return get_object_or_404(DataSubjectRequest.objects.select_related("created_by", "handled_by"), pk=pk)
