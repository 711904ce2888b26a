"""Recording writes. Services call :func:`record` inside their transaction, so an audit row exists
exactly when the change it describes was committed.

Every event is chained to the one before it (see :mod:`ttdn.core.audit_hash`); :func:`verify` re-computes
the chain, and ``ttdn audit_verify`` runs it. Where a request is being served, the client's address and
user agent come from :class:`ttdn.core.middleware.AuditContextMiddleware` through :data:`origin`.
"""

import contextlib
import contextvars
import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from . import audit_hash
from .models import AuditChainHead, AuditEvent, User

HEAD_PK = 1


@dataclass(frozen=True)
class Origin:
    ip: str = ""
    user_agent: str = ""


NO_ORIGIN = Origin()  # frozen, so sharing it as the default is safe
origin: contextvars.ContextVar[Origin] = contextvars.ContextVar("ttdn_audit_origin", default=NO_ORIGIN)


def clean_ip(value: str | None) -> str:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return ""


@contextlib.contextmanager
def from_origin(*, ip: str | None, user_agent: str | None) -> Iterator[Origin]:
    """Events recorded inside the block say they came from this address and user agent."""
    value = Origin(clean_ip(ip), (user_agent or "")[:300])
    token = origin.set(value)
    try:
        yield value
    finally:
        origin.reset(token)


def record(
    *, actor: User | None, action: str, obj: models.Model | None = None, changes: dict[str, Any] | None = None
) -> AuditEvent:
    if actor is not None and not actor.is_authenticated:
        actor = None
    event = append(
        actor_id=actor.pk if actor is not None else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=_repr(obj),
        changes=changes or {},
    )
    if actor is not None:
        event.actor = actor
    return event


def _repr(obj: models.Model | None) -> str:
    """A model holding personal data defines ``audit_repr()`` without the person's name: the log is
    append-only, so a name written here could never be erased on the person's request."""
    if obj is None:
        return ""
    audit_repr = getattr(obj, "audit_repr", None)
    return str(audit_repr() if callable(audit_repr) else obj)[:300]


def _locked_head() -> AuditChainHead:
    try:
        return AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)
    except AuditChainHead.DoesNotExist:
        pass
    # The head row is created by the migration; a flushed database (tests) lacks it until re-created here.
    # ignore_conflicts: two first writers may both get here; one insert wins, both then lock it.
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first() or (0, audit_hash.GENESIS)
    AuditChainHead.objects.bulk_create(
        [AuditChainHead(pk=HEAD_PK, seq=last[0], hash=last[1])], ignore_conflicts=True
    )
    return AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)


def append(
    *,
    actor_id: int | None,
    action: str,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Chains one event onto the log. Use :func:`record`; this is for writers that hold only ids."""
    where = origin.get()
    # No savepoint: if the audit write fails, the caller's whole write must fail with it.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor_id=actor_id,
            action=action[:64],
            object_type=object_type[:100],
            object_id=str(object_id)[:64],
            object_repr=str(object_repr)[:300],
            changes=audit_hash.normalise(changes or {}),
            ip=where.ip,
            user_agent=where.user_agent,
            prev_hash=head.hash,
        )
        event.hash = audit_hash.event_hash(event.payload())
        event.save()
        AuditChainHead.objects.filter(pk=HEAD_PK).update(seq=event.seq, hash=event.hash)
    return event


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


@dataclass(frozen=True)
class Verification:
    count: int
    last_hash: str
    broken_seq: int | None = None
    broken_id: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return not self.reason


def verify(*, chunk_size: int = 2000) -> Verification:
    """Re-computes every event's hash in sequence order and checks the links and the head."""
    expected_prev, expected_seq, count = audit_hash.GENESIS, None, 0
    last_seq = 0
    # Plain tuples rather than model instances: verification reads every event ever recorded.
    rows = AuditEvent.objects.order_by("seq").values_list("pk", "hash", *audit_hash.FIELDS)
    for pk, stored_hash, *values in rows.iterator(chunk_size=chunk_size):
        payload = dict(zip(audit_hash.FIELDS, values, strict=True))
        seq = payload["seq"]
        if expected_seq is not None and seq != expected_seq:
            return Verification(count, expected_prev, seq, pk, f"sequence gap: expected {expected_seq}")
        if payload["prev_hash"] != expected_prev:
            return Verification(count, expected_prev, seq, pk, "previous hash does not match")
        if audit_hash.event_hash(payload) != stored_hash:
            return Verification(count, expected_prev, seq, pk, "content does not match its hash")
        expected_prev, expected_seq, last_seq = stored_hash, seq + 1, seq
        count += 1
    head = AuditChainHead.objects.filter(pk=HEAD_PK).first()
    if head is not None and (head.seq, head.hash) != (last_seq, expected_prev):
        return Verification(count, expected_prev, head.seq, None, "chain head does not match the last event")
    return Verification(count, expected_prev)
