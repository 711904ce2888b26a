"""Recording writes. Services call :func:`record` inside their transaction, so an audit row exists
exactly when the change it describes was committed."""

from typing import Any

from django.db import models

from .models import AuditEvent, User


def record(
    *, actor: User | None, action: str, obj: models.Model | None = None, changes: dict[str, Any] | None = None
) -> AuditEvent:
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
