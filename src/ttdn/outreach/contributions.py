"""Figures the outreach app feeds into plan reports: SMS sent and delivered for the task a campaign serves."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from ttdn.core.documents import Block, Paragraph
from ttdn.plans.contributions import Figure, IndicatorSpec, Period

from .models import Message

SENT = "sms-sent"
DELIVERED = "sms-delivered"
_S = Message.Status


def _bounds(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


class OutreachContributor:
    key = "outreach"
    label = "Tin nhắn SMS thông tin đối ngoại"
    indicators = (
        IndicatorSpec(SENT, "Tin nhắn SMS đã gửi", "tin nhắn"),
        IndicatorSpec(DELIVERED, "Tin nhắn SMS đã đến thuê bao", "tin nhắn"),
    )

    def __init__(self) -> None:
        self._memo: tuple[tuple[int, Period], float, list[dict]] | None = None

    def _rows(self, *, plan_id: int, period: Period) -> list[dict]:
        # A report asks for figures and then for blocks: one query serves both. The memo is used once and
        # only within a second, so a later report never sees old figures.
        key = (plan_id, period)
        memo, self._memo = self._memo, None
        if memo is not None and memo[0] == key and time.monotonic() - memo[1] < 1:
            return memo[2]
        rows = self._query(plan_id=plan_id, period=period)
        self._memo = (key, time.monotonic(), rows)
        return rows

    def _query(self, *, plan_id: int, period: Period) -> list[dict]:
        start, end = _bounds(period)
        return list(
            Message.objects.filter(
                campaign__task__plan_id=plan_id, submitted_at__gte=start, submitted_at__lt=end
            )
            .values("campaign__task_id")
            .annotate(
                sent=Count("pk", filter=~Q(status__in=[_S.QUEUED, _S.SUBMITTING, _S.CANCELLED])),
                delivered=Count("pk", filter=Q(status=_S.DELIVERED)),
            )
            .order_by("campaign__task_id")
        )

    def figures(self, *, plan_id: int, period: Period):
        for row in self._rows(plan_id=plan_id, period=period):
            task_id = row["campaign__task_id"]
            yield Figure(task_id, SENT, Decimal(row["sent"]), "outreach")
            yield Figure(task_id, DELIVERED, Decimal(row["delivered"]), "outreach")

    def report_blocks(self, *, plan_id: int, period: Period) -> list[Block]:
        rows = self._rows(plan_id=plan_id, period=period)
        if not rows:
            return []
        sent = sum(r["sent"] for r in rows)
        delivered = sum(r["delivered"] for r in rows)
        return [
            Paragraph(
                f"Đã gửi {sent} tin nhắn SMS thông tin đối ngoại tới thuê bao, {delivered} tin đã đến máy thuê bao."
            )
        ]
