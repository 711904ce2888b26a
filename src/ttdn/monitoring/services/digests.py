"""The press digest by e-mail: subscriptions, and the sweep that sends each period's digest once."""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.documents import render_docx
from ttdn.core.models import User

from ..models import DigestDelivery, DigestSubscription

SEND_AFTER = datetime.time(7, 0)  # local time: the digest is on the desk when the office opens
log = logging.getLogger(__name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@transaction.atomic
def digest_subscribe(*, actor: User, spans: list[str]) -> list[str]:
    """Set which digests ``actor`` receives (an empty list unsubscribes)."""
    if any(span not in DigestSubscription.Span.values for span in spans):
        raise ValidationError(_("Choose daily or weekly."))
    if spans and not actor.email:
        raise ValidationError(_("Your account has no e-mail address; ask the administrator to add one."))
    before = sorted(DigestSubscription.objects.filter(user=actor).values_list("span", flat=True))
    DigestSubscription.objects.filter(user=actor).exclude(span__in=spans).delete()
    for span in spans:
        DigestSubscription.objects.get_or_create(user=actor, span=span)
    after = sorted(set(spans))
    if before != after:
        audit.record(
            actor=actor, action="monitoring.digest_subscribe", obj=actor, changes={"spans": [before, after]}
        )
    return after


def due_period(span: str, now: datetime.datetime) -> tuple[datetime.date, datetime.date] | None:
    """The last complete period: yesterday, or last Monday–Sunday (sent on Monday); None before 07:00."""
    local = timezone.localtime(now)
    if local.time() < SEND_AFTER:
        return None
    today = local.date()
    if span == DigestSubscription.Span.DAY:
        day = today - datetime.timedelta(days=1)
        return day, day
    if today.weekday() != 0:
        return None
    return today - datetime.timedelta(days=7), today - datetime.timedelta(days=1)


def _claim(subscription: DigestSubscription, first: datetime.date, last: datetime.date, now) -> bool:
    try:
        with transaction.atomic():
            DigestDelivery.objects.create(subscription=subscription, first=first, last=last, sent_at=now)
    except IntegrityError:
        return False  # already sent, or being sent by another worker
    return True


def send_due_digests(*, now: datetime.datetime | None = None) -> int:
    """Called by the worker sweep every few minutes; sends what is due and not yet sent."""
    from ..digest import digest_document

    now = now or timezone.now()
    sent = 0
    rendered: dict[tuple[datetime.date, datetime.date], bytes] = {}
    subscriptions = DigestSubscription.objects.select_related("user").filter(user__is_active=True)
    for subscription in subscriptions:
        period = due_period(subscription.span, now)
        if period is None or not subscription.user.email:
            continue
        first, last = period
        if DigestDelivery.objects.filter(subscription=subscription, first=first).exists():
            continue
        if not _claim(subscription, first, last, now):
            continue
        try:
            if period not in rendered:
                rendered[period] = render_docx(digest_document(first=first, last=last))
            label = first.strftime("%d/%m/%Y") if first == last else f"{first:%d/%m/%Y} - {last:%d/%m/%Y}"
            message = EmailMessage(
                subject=f"[TTĐN] Tổng hợp báo chí viết về Lạng Sơn ({label})",
                body=(
                    "Kính gửi đồng chí,\n\nHệ thống theo dõi báo chí gửi bản tổng hợp báo chí viết về tỉnh "
                    f"Lạng Sơn ({label}) đính kèm.\n"
                ),
                to=[subscription.user.email],
            )
            message.attach(f"tong-hop-bao-chi-{first:%Y%m%d}-{last:%Y%m%d}.docx", rendered[period], DOCX)
            message.send()
        except Exception:
            # Not sent (mail server down…): release the claim so the next sweep tries again, and carry on,
            # since the sweep must go on polling and rescheduling itself.
            log.exception("press digest to %s not sent", subscription.user.email)
            DigestDelivery.objects.filter(subscription=subscription, first=first).delete()
            continue
        sent += 1
    return sent
