"""Sending a campaign over SMPP, crash-safe.

A message moves queued → submitting (committed before any byte goes to the SMSC) → submitted, with the
SMSC's id of every part recorded. A dispatcher holds a lease on the campaign and renews it per batch; the
next dispatcher, once the lease has run out, turns every message still "submitting" into "unknown": its
submit may or may not have reached the SMSC, so a person decides, and nothing is resent blindly.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import time
import uuid
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet
from django.tasks import default_task_backend
from django.utils import timezone

from ..encoding import DATA_CODING, encode, udh, wire_parts
from ..models import Campaign, Message, MessagePart, Operator, Receipt, Subscriber
from ..smpp import pdu as P
from ..smpp.client import NotConnected, SmppClient, SmppError
from .subscribers import inbound_receive

log = logging.getLogger(__name__)
S = Message.Status

_FINAL: dict[str, str] = {
    "DELIVRD": S.DELIVERED,
    "EXPIRED": S.EXPIRED,
    "UNDELIV": S.FAILED,
    "REJECTD": S.FAILED,
    "DELETED": S.FAILED,
}
_RANK: dict[str, int] = {S.DELIVERED: 1, S.EXPIRED: 2, S.FAILED: 3}


def _setting(name: str, default):
    return getattr(settings, name, default)


def lease_seconds() -> float:
    return float(_setting("TTDN_SMS_LEASE_SECONDS", 60))


def send_window() -> tuple[datetime.time, datetime.time]:
    start, end = _setting("TTDN_SMS_SEND_WINDOW", ("07:00", "22:00"))
    return datetime.time.fromisoformat(start), datetime.time.fromisoformat(end)


def window_open_at(now: datetime.datetime) -> datetime.datetime:
    """``now`` when it is inside the sending window (local time), else the window's next opening."""
    start, end = send_window()
    local = timezone.localtime(now)
    if start == end or start <= local.time() < end:
        return now
    day = local.date() if local.time() < start else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, start, tzinfo=local.tzinfo)


def daily_cap() -> int:
    return int(_setting("TTDN_SMS_DAILY_CAP", 3))


def supports_defer() -> bool:
    return bool(getattr(default_task_backend, "supports_defer", False))


def enqueue_later(campaign_id: int, at: datetime.datetime) -> None:
    from ..tasks import dispatch_campaign_task

    if supports_defer():
        transaction.on_commit(lambda: dispatch_campaign_task.using(run_after=at).enqueue(campaign_id))


@dataclass
class DispatchResult:
    state: str = ""
    submitted: int = 0
    failed: int = 0
    unknown: int = 0
    requeued: int = 0
    recovered_unknown: int = 0
    throttled: int = 0
    receipts: int = 0


@dataclass
class _Item:
    message_id: uuid.UUID
    number: int
    fields: dict
    tlvs: dict[int, bytes]
    pending: Any = None
    smsc_id: str = ""


@dataclass
class _Outcome:
    parts: dict[int, str] = field(default_factory=dict)
    written: bool = False
    error: str = ""
    status: str = ""


class Channels:
    """One SMPP client per operator, opened on first use; receipts and MO land in one queue."""

    def __init__(self) -> None:
        self.clients: dict[int, SmppClient] = {}
        self.inbox: deque[tuple[int, P.Pdu, SmppClient]] = deque()

    def get(self, operator: Operator) -> SmppClient:
        client = self.clients.get(operator.pk)
        if client is not None and client.alive:
            return client
        if not operator.smpp_host or not operator.enabled:
            raise NotConnected(f"no SMSC configured for {operator.code}")
        client = SmppClient(
            operator.smpp_host,
            operator.smpp_port,
            operator.system_id,
            operator.password,
            mode=operator.bind_mode,
            window=operator.window,
            throughput=operator.throughput,
            enquire_interval=float(_setting("TTDN_SMS_ENQUIRE_LINK_SECONDS", 30)),
            response_timeout=float(_setting("TTDN_SMS_RESPONSE_TIMEOUT", 10)),
        )
        client.on_deliver = lambda pdu, op=operator.pk, c=client: self.inbox.append((op, pdu, c))
        client.connect_with_backoff(attempts=int(_setting("TTDN_SMS_CONNECT_ATTEMPTS", 5)))
        self.clients[operator.pk] = client
        return client

    def close(self) -> None:
        for client in self.clients.values():
            client.close()
        self.clients.clear()


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def _take_lease(campaign_id: int, owner: str) -> bool:
    now = timezone.now()
    return bool(
        Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now) | Q(lease_owner=owner))
        .update(lease_until=now + datetime.timedelta(seconds=lease_seconds()), lease_owner=owner)
    )


def _release_lease(campaign_id: int, owner: str) -> None:
    Campaign.objects.filter(pk=campaign_id, lease_owner=owner).update(lease_until=None, lease_owner="")


def recover_in_flight(campaign_id: int) -> int:
    """Messages left "submitting" by a dead dispatcher become "unknown" (call only while holding the lease)."""
    return Message.objects.filter(campaign_id=campaign_id, status=S.SUBMITTING).update(
        status=S.UNKNOWN, error="submit in flight when the dispatcher stopped", done_at=timezone.now()
    )


def _wire_fields(message: Message, operator: Operator) -> list[_Item]:
    encoded = encode(message.body)
    payloads = wire_parts(encoded)
    source = operator.source_addr or "TTDN"
    base = {
        "source_addr_ton": 1 if source.isdigit() else 5,
        "source_addr_npi": 1 if source.isdigit() else 0,
        "source_addr": source,
        "dest_addr_ton": 1,
        "dest_addr_npi": 1,
        "destination_addr": message.phone.lstrip("+"),
        "registered_delivery": 1,
        "data_coding": DATA_CODING[encoded.encoding],
    }
    if len(payloads) == 1:
        return [_Item(message.pk, 1, base | {"short_message": payloads[0]}, {})]
    reference = message.pk.int & 0xFFFF
    items = []
    for number, payload in enumerate(payloads, 1):
        if operator.use_sar:
            tlvs = {
                P.TLV_SAR_MSG_REF_NUM: reference.to_bytes(2, "big"),
                P.TLV_SAR_TOTAL_SEGMENTS: bytes([len(payloads)]),
                P.TLV_SAR_SEGMENT_SEQNUM: bytes([number]),
            }
            items.append(_Item(message.pk, number, base | {"short_message": payload}, tlvs))
        else:
            header = udh(reference, len(payloads), number)
            fields = base | {"short_message": header + payload, "esm_class": P.ESM_UDHI}
            items.append(_Item(message.pk, number, fields, {}))
    return items


def _send_round(client: SmppClient, todo: list[_Item], outcomes: dict[uuid.UUID, _Outcome]) -> list[_Item]:
    sent = []
    for item in todo:
        outcome = outcomes[item.message_id]
        if outcome.status:
            continue
        try:
            item.pending = client.submit(item.fields, item.tlvs)
            outcome.written = True
            sent.append(item)
        except NotConnected as exc:
            outcome.status = S.UNKNOWN if outcome.parts or outcome.written else S.QUEUED
            outcome.error = str(exc)[:200]
    return sent


def _submit(
    client: SmppClient,
    items: list[_Item],
    outcomes: dict[uuid.UUID, _Outcome],
    result: DispatchResult,
    *,
    sent: list[_Item] | None = None,
) -> None:
    """Submit every part (``sent``: the first round already went out), retrying temporary errors in rounds;
    fills ``outcomes``."""
    retry_delay = float(_setting("TTDN_SMS_RETRY_DELAY", 0.5))
    throttle_delay = float(_setting("TTDN_SMS_THROTTLE_BACKOFF", 1.0))
    max_temporary = int(_setting("TTDN_SMS_RETRY_ROUNDS", 4))
    max_throttled = int(_setting("TTDN_SMS_THROTTLE_RETRIES", 20))
    tries: dict[tuple[uuid.UUID, int], list[int]] = {}  # [temporary errors, throttles] per part
    todo = items
    while todo:
        if sent is None:
            sent = _send_round(client, todo, outcomes)
        again = []
        pause = 0.0
        for item in sent:
            outcome = outcomes[item.message_id]
            pending = item.pending
            if not pending.wait(client.response_timeout) or pending.resp is None:
                # An SMSC that stops answering is treated as a broken link: everything pending on it is in
                # doubt, and the next batch reconnects.
                client.abort()
                outcome.status, outcome.error = S.UNKNOWN, "no response from the SMSC"
                continue
            status = pending.resp.status
            counts = tries.setdefault((item.message_id, item.number), [0, 0])
            if status == P.ESME_ROK:
                outcome.parts[item.number] = P.normalise_id(pending.resp.get("message_id") or "")
            elif status == P.ESME_RTHROTTLED and counts[1] < max_throttled:
                counts[1] += 1
                result.throttled += 1
                # Slow down for good (the contract rate is lower than configured) and pause a moment.
                client.throttle_backoff(throttle_delay * min(2 ** (counts[1] - 1), 16))
                again.append(item)
            elif status in P.TEMPORARY_ERRORS and status != P.ESME_RTHROTTLED and counts[0] < max_temporary:
                counts[0] += 1
                pause = max(pause, retry_delay * 2 ** (counts[0] - 1))
                again.append(item)
            elif status in P.TEMPORARY_ERRORS:
                # Out of retries: requeue for later when nothing of the message was accepted.
                outcome.status = S.QUEUED if not outcome.parts else S.FAILED
                outcome.error = f"SMSC error 0x{status:02X} (temporary), retries used up"
            else:
                outcome.status, outcome.error = S.FAILED, f"SMSC error 0x{status:02X}"
        todo, sent = again, None
        if pause:
            time.sleep(pause)


@transaction.atomic
def _record(messages: list[Message], outcomes: dict[uuid.UUID, _Outcome], result: DispatchResult) -> None:
    now = timezone.now()
    groups: dict[tuple[str, str], list[uuid.UUID]] = {}
    parts: list[MessagePart] = []
    for message in messages:
        outcome = outcomes[message.pk]
        status = outcome.status or S.SUBMITTED
        if status == S.SUBMITTED and len(outcome.parts) < message.segments:
            status, outcome.error = S.UNKNOWN, "not every part was answered"
        groups.setdefault((status, outcome.error), []).append(message.pk)
        if outcome.parts:
            parts.extend(
                MessagePart(message_id=message.pk, number=n, operator_id=message.operator_id, smsc_id=i)
                for n, i in outcome.parts.items()
            )
    retry_after = now + datetime.timedelta(seconds=float(_setting("TTDN_SMS_REQUEUE_DELAY", 30)))
    max_attempts = int(_setting("TTDN_SMS_MAX_ATTEMPTS", 5))
    for (status, error), ids in groups.items():
        live = Message.objects.filter(pk__in=ids, status=S.SUBMITTING)
        if status == S.SUBMITTED:
            result.submitted += live.update(status=S.SUBMITTED, submitted_at=now, error="")
        elif status == S.QUEUED:
            result.failed += live.filter(attempts__gte=max_attempts).update(
                status=S.FAILED, error=error, done_at=now
            )
            result.requeued += live.update(status=S.QUEUED, not_before=retry_after, error=error)
        elif status == S.UNKNOWN:
            result.unknown += live.update(status=S.UNKNOWN, error=error, submitted_at=now, done_at=now)
        else:
            result.failed += live.update(status=status, error=error, done_at=now)
    MessagePart.objects.bulk_create(parts, batch_size=500, ignore_conflicts=True)


def drain_inbox(channels: Channels) -> int:
    receipts = []
    to_ack = []
    while channels.inbox:
        operator_id, pdu, client = channels.inbox.popleft()
        to_ack.append((client, pdu))
        if int(pdu.get("esm_class") or 0) & P.ESM_RECEIPT:
            info = P.parse_receipt(pdu)
            if info is not None:
                receipts.append(
                    Receipt(
                        operator_id=operator_id,
                        smsc_id=P.normalise_id(info.message_id),
                        state=info.state[:10],
                        error=info.error[:20],
                        raw=(pdu.get("short_message") or b"").decode("latin-1")[:500],
                    )
                )
        else:
            data = pdu.get("short_message") or b""
            from ..encoding import from_gsm7_bytes, from_ucs2_bytes

            text = from_ucs2_bytes(data) if pdu.get("data_coding") == 0x08 else from_gsm7_bytes(data)
            operator = Operator.objects.filter(pk=operator_id).first()
            inbound_receive(operator=operator, source=str(pdu.get("source_addr") or ""), text=text)
    Receipt.objects.bulk_create(receipts, batch_size=500)
    for client, pdu in to_ack:
        client.ack(pdu)
    return len(receipts)


@transaction.atomic
def receipts_apply(*, limit: int = 5000) -> int:
    """Match stored receipts to message parts, whatever spelling of the id the SMSC used; update messages."""
    receipts = list(Receipt.objects.filter(matched=False).order_by("pk")[:limit])
    if not receipts:
        return 0
    wanted: dict[str, list[Receipt]] = {}
    for receipt in receipts:
        for candidate in P.id_candidates(receipt.smsc_id):
            wanted.setdefault(candidate, []).append(receipt)
    keys = list(wanted)
    parts: list[MessagePart] = []
    for i in range(0, len(keys), 500):
        parts.extend(MessagePart.objects.filter(smsc_id__in=keys[i : i + 500]))
    now = timezone.now()
    matched: set[int] = set()
    message_status: dict[uuid.UUID, str] = {}
    touched = []
    for part in parts:
        for receipt in wanted.get(part.smsc_id, []):
            if receipt.operator_id not in (None, part.operator_id) or receipt.pk in matched:
                continue
            matched.add(receipt.pk)
            part.state, part.error, part.receipt_at = receipt.state, receipt.error, now
            touched.append(part)
            status = _FINAL.get(receipt.state)
            if status and _RANK[status] > _RANK.get(message_status.get(part.message_id, ""), 0):
                message_status[part.message_id] = status
    # One UPDATE per (state, error): bulk_update's CASE per row costs more than the whole send.
    part_groups: dict[tuple[str, str], list[int]] = {}
    for part in touched:
        part_groups.setdefault((part.state, part.error), []).append(part.pk)
    for (state, error), pks in part_groups.items():
        for i in range(0, len(pks), 500):
            MessagePart.objects.filter(pk__in=pks[i : i + 500]).update(
                state=state, error=error, receipt_at=now
            )
    Receipt.objects.filter(pk__in=matched).update(matched=True)
    by_status: dict[str, list[uuid.UUID]] = {}
    for message_id, status in message_status.items():
        by_status.setdefault(status, []).append(message_id)
    for status, ids in by_status.items():
        allowed = [S.SUBMITTED] if status == S.DELIVERED else [S.SUBMITTED, S.DELIVERED]
        Message.objects.filter(pk__in=ids, status__in=allowed).update(status=status, done_at=now)
    return len(matched)


def _cap_filter(messages: list[Message], now: datetime.datetime) -> list[Message]:
    """Drop opted-out subscribers (cancelled) and those at today's cap (moved to tomorrow's window)."""
    ids = {m.subscriber_id for m in messages}
    opted_out = set(
        Subscriber.objects.filter(pk__in=ids, opted_out_at__isnull=False).values_list("pk", flat=True)
    )
    if opted_out:
        Message.objects.filter(subscriber_id__in=opted_out, pk__in=[m.pk for m in messages]).update(
            status=S.CANCELLED, error="opted out", done_at=now
        )
    local = timezone.localtime(now)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    counts = dict(
        Message.objects.filter(subscriber_id__in=ids - opted_out, submitted_at__gte=day_start)
        .values_list("subscriber_id")
        .annotate(n=Count("pk"))
        .values_list("subscriber_id", "n")
    )
    capped = {sid for sid, n in counts.items() if n >= daily_cap()}
    if capped:
        tomorrow = window_open_at(day_start + datetime.timedelta(days=1))
        Message.objects.filter(subscriber_id__in=capped, pk__in=[m.pk for m in messages]).update(
            not_before=tomorrow
        )
    return [m for m in messages if m.subscriber_id not in opted_out | capped]


def dispatch_campaign(
    *, campaign_id: int, batch_size: int | None = None, receipt_wait: float | None = None
) -> DispatchResult:
    """Send what is due of one campaign; returns when done, paused, outside the window, or out of due work."""
    result = DispatchResult()
    owner = _owner()
    if not _take_lease(campaign_id, owner):
        result.state = "busy-or-not-sending"
        return result
    result.recovered_unknown = recover_in_flight(campaign_id)
    batch_size = batch_size or int(_setting("TTDN_SMS_BATCH_SIZE", 100))
    channels = Channels()
    operators = {o.pk: o for o in Operator.objects.all()}
    last_receipts = time.monotonic()
    # A separate writer needs its own connection, which cannot see an enclosing transaction (tests).
    recorder = None if connection.in_atomic_block else ThreadPoolExecutor(max_workers=1)
    pending_write: Future | None = None
    inflight: _Batch | None = None
    try:
        while True:
            now = timezone.now()
            campaign = Campaign.objects.get(pk=campaign_id)
            if campaign.status != Campaign.Status.SENDING or campaign.lease_owner != owner:
                result.state = campaign.status
                break
            if campaign.classification:  # marked after scheduling: nothing more leaves (docs/security.md)
                result.state = "classified"
                break
            opens = window_open_at(now)
            if opens > now:
                enqueue_later(campaign_id, opens)
                result.state = "outside-window"
                break
            due = list(
                Message.objects.filter(campaign_id=campaign_id, status=S.QUEUED)
                .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
                .order_by("seq")[:batch_size]
            )
            if not due and (inflight is not None or pending_write is not None):
                if inflight is not None:
                    pending_write = _finish_and_record(inflight, result, recorder, pending_write)
                    inflight = None
                if pending_write is not None:
                    pending_write.result()
                    pending_write = None
                continue
            if not due:
                result.receipts += _linger(campaign_id, channels, receipt_wait)
                waiting = (
                    Message.objects.filter(campaign_id=campaign_id, status=S.QUEUED)
                    .order_by("not_before")
                    .first()
                )
                if waiting is None:
                    Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).update(
                        status=Campaign.Status.DONE, finished_at=timezone.now()
                    )
                    result.state = Campaign.Status.DONE
                else:
                    enqueue_later(campaign_id, waiting.not_before or now)
                    result.state = "waiting"
                break
            due = _cap_filter(due, now)
            if not due:
                continue
            with transaction.atomic():
                claimed = Message.objects.filter(pk__in=[m.pk for m in due], status=S.QUEUED).update(
                    status=S.SUBMITTING, attempts=F("attempts") + 1
                )
                Campaign.objects.filter(pk=campaign_id, lease_owner=owner).update(
                    lease_until=timezone.now() + datetime.timedelta(seconds=lease_seconds())
                )
            if claimed != len(due):  # another dispatcher took some: stay out of its way
                due = list(Message.objects.filter(pk__in=[m.pk for m in due], status=S.SUBMITTING))
            started = _start_batch(due, operators, channels)
            if inflight is not None:
                pending_write = _finish_and_record(inflight, result, recorder, pending_write)
            inflight = started
            if time.monotonic() - last_receipts >= 1.0:  # receipts in bulk, not after every batch
                result.receipts += drain_inbox(channels)
                receipts_apply()
                last_receipts = time.monotonic()
    finally:
        if inflight is not None:
            pending_write = _finish_and_record(inflight, result, recorder, pending_write)
        if pending_write is not None:
            pending_write.result()
        if recorder is not None:
            recorder.shutdown(wait=True)
        try:
            result.receipts += drain_inbox(channels)
            receipts_apply()
        finally:
            channels.close()
            _release_lease(campaign_id, owner)
    return result


def _finish_and_record(
    batch: _Batch, result: DispatchResult, recorder: ThreadPoolExecutor | None, pending_write: Future | None
) -> Future | None:
    """Collect a batch's responses and have them written: by the recorder thread while the next batch goes
    out (a crash then leaves at most three batches "submitting", all turned unknown), or inline in tests."""
    outcomes = _finish_batch(batch, result)
    if recorder is None:
        _record(batch.due, outcomes, result)
        return None
    if pending_write is not None:
        pending_write.result()
    return recorder.submit(_record_in_thread, batch.due, outcomes, result)


def _record_in_thread(
    messages: list[Message], outcomes: dict[uuid.UUID, _Outcome], result: DispatchResult
) -> None:
    try:
        _record(messages, outcomes, result)
    finally:
        connection.close()


@dataclass
class _Batch:
    due: list[Message]
    outcomes: dict[uuid.UUID, _Outcome]
    work: list[tuple[SmppClient, list[_Item], list[_Item]]]


def _start_batch(due: list[Message], operators: dict[int, Operator], channels: Channels) -> _Batch:
    """Write the first round of every part; responses are collected by :func:`_finish_batch`, after the next
    batch has been claimed, so the window never drains between batches."""
    batch = _Batch(due, {m.pk: _Outcome() for m in due}, [])
    by_operator: dict[int | None, list[Message]] = {}
    for message in due:
        by_operator.setdefault(message.operator_id, []).append(message)
    for operator_id, messages in by_operator.items():
        operator = operators.get(operator_id) if operator_id else None
        if operator is None:
            for message in messages:
                batch.outcomes[message.pk].status = S.FAILED
                batch.outcomes[message.pk].error = "no operator for this number"
            continue
        try:
            client = channels.get(operator)
        except (NotConnected, SmppError) as exc:
            for message in messages:
                batch.outcomes[message.pk].status, batch.outcomes[message.pk].error = S.QUEUED, str(exc)[:200]
            continue
        items = [item for message in messages for item in _wire_fields(message, operator)]
        batch.work.append((client, items, _send_round(client, items, batch.outcomes)))
    return batch


def _finish_batch(batch: _Batch, result: DispatchResult) -> dict[uuid.UUID, _Outcome]:
    for client, items, sent in batch.work:
        _submit(client, items, batch.outcomes, result, sent=sent)
    return batch.outcomes


RECEIPT_WINDOW = datetime.timedelta(hours=2)


def messages_owing_receipts(now: datetime.datetime) -> QuerySet[Message]:
    """Submitted in the last two hours and still without a receipt: what a receipt collection waits for."""
    return Message.objects.filter(status=S.SUBMITTED, submitted_at__gte=now - RECEIPT_WINDOW)


def receipts_collect(*, wait: float | None = None, now: datetime.datetime | None = None) -> int:
    """Bind to each operator that still owes receipts for messages submitted in the last two hours, store
    what its SMSC kept for us, and unbind; returns the receipts stored.

    An SMSC holds a receipt it could not hand over until the next bind, and a campaign's dispatcher unbinds
    a few seconds after its last submit: without this, late receipts waited for the next campaign and the
    delivery figures stayed short meanwhile. Skipped while a dispatcher is running (its binds receive them).
    """
    now = now or timezone.now()
    seconds = wait if wait is not None else float(_setting("TTDN_SMS_RECEIPT_WAIT", 5))
    if Campaign.objects.filter(status=Campaign.Status.SENDING, lease_until__gte=now).exists():
        return 0
    owed = messages_owing_receipts(now)
    operator_ids = owed.order_by().values_list("operator_id", flat=True).distinct()
    channels = Channels()
    received = 0
    try:
        for operator in Operator.objects.filter(pk__in=list(operator_ids), enabled=True):
            try:
                channels.get(operator)
            except (NotConnected, SmppError) as exc:
                log.warning("No bind to %s for receipts: %s", operator.code, exc)
        deadline = time.monotonic() + seconds
        while channels.clients and time.monotonic() < deadline:
            received += drain_inbox(channels)
            receipts_apply()
            if not owed.filter(operator_id__in=list(channels.clients)).exists():
                break
            time.sleep(0.1)
        received += drain_inbox(channels)
        receipts_apply()
    finally:
        channels.close()
    return received


def _linger(campaign_id: int, channels: Channels, wait: float | None) -> int:
    """Keep the binds open a little for receipts of what was just sent."""
    deadline = time.monotonic() + (wait if wait is not None else float(_setting("TTDN_SMS_RECEIPT_WAIT", 5)))
    received = 0
    while time.monotonic() < deadline and channels.clients:
        received += drain_inbox(channels)
        receipts_apply()
        if not Message.objects.filter(campaign_id=campaign_id, status=S.SUBMITTED).exists():
            break
        time.sleep(0.1)
    return received
