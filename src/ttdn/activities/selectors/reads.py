"""Reads for the activities pages, exports and the plan report."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils import timezone

from ttdn.core.models import User

from ..models import (
    Cluster,
    Course,
    CourseDocument,
    Estimate,
    EstimateLine,
    MediaEvent,
    Participant,
    PlaylistItem,
    Spending,
)
from ..uptime import month_bounds, uptime_ratio
from .access import visible


def courses_for(*, user: User) -> QuerySet[Course]:
    return visible(Course.objects.select_related("task", "organiser"), user=user).annotate(
        participant_count=Count("participants", distinct=True),
        attended_count=Count(
            "participants", filter=Q(participants__checked_in_at__isnull=False), distinct=True
        ),
    )


def course_participants(course: Course) -> QuerySet[Participant]:
    return course.participants.select_related("unit", "evaluation").order_by("full_name", "pk")


def recent_course_documents(course: Course, limit: int = 5) -> list[CourseDocument]:
    """The last documents asked for, so staff who left the waiting page find their ZIP again."""
    return list(CourseDocument.objects.filter(course=course).order_by("-created_at", "-pk")[:limit])


@dataclass(frozen=True)
class EvaluationSummary:
    answers: int
    content: float | None
    trainers: float | None
    organisation: float | None


def evaluation_summary(course: Course) -> EvaluationSummary:
    from django.db.models import Avg

    row = course.participants.filter(evaluation__isnull=False).aggregate(
        n=Count("evaluation"),
        content=Avg("evaluation__content_rating"),
        trainers=Avg("evaluation__trainer_rating"),
        organisation=Avg("evaluation__organisation_rating"),
    )
    return EvaluationSummary(row["n"], row["content"], row["trainers"], row["organisation"])


_LINE_AMOUNT = ExpressionWrapper(
    F("quantity") * F("unit_price"), output_field=DecimalField(max_digits=20, decimal_places=2)
)


def estimates_for(*, user: User, appraiser: bool) -> QuerySet[Estimate]:
    base = Estimate.objects.select_related("task__plan", "unit")
    own = visible(base, user=user)
    if appraiser:
        own = own | base.exclude(state=Estimate.State.DRAFT)
    return own.distinct().order_by("-created_at")


@dataclass(frozen=True)
class BudgetRow:
    task_code: str
    task_title: str
    unit: str
    requested: Decimal
    approved: Decimal
    spent: Decimal
    state: str


def budget_summary(*, plan_id: int) -> list[BudgetRow]:
    """One row per estimate of the plan: asked, approved, spent (three aggregate queries)."""
    estimates = list(
        Estimate.objects.filter(task__plan_id=plan_id)
        .select_related("task", "unit")
        .order_by("task__position", "pk")
    )
    ids = [e.pk for e in estimates]
    requested = dict(
        EstimateLine.objects.filter(estimate_id__in=ids)
        .values("estimate_id")
        .annotate(total=Sum(_LINE_AMOUNT))
        .values_list("estimate_id", "total")
    )
    approved = dict(
        EstimateLine.objects.filter(estimate_id__in=ids, estimate__state=Estimate.State.APPROVED)
        .values("estimate_id")
        .annotate(total=Sum("approved_amount"))
        .values_list("estimate_id", "total")
    )
    spent = dict(
        Spending.objects.filter(estimate_id__in=ids)
        .values("estimate_id")
        .annotate(total=Sum("amount"))
        .values_list("estimate_id", "total")
    )
    return [
        BudgetRow(
            e.task.code,
            e.task.title,
            e.unit.name,
            Decimal(requested.get(e.pk) or 0).quantize(Decimal(1)),
            Decimal(approved.get(e.pk) or 0),
            Decimal(spent.get(e.pk) or 0),
            e.get_state_display(),
        )
        for e in estimates
    ]


def cluster_uptime(
    cluster: Cluster, *, year: int, now: datetime.datetime | None = None
) -> list[tuple[int, float | None]]:
    """(month, uptime ratio) for each month of ``year``; None for months not yet begun or before service."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    outages = list(cluster.incidents.values_list("started_at", "resolved_at"))
    commissioned = datetime.datetime.combine(cluster.commissioned_on, datetime.time(), tzinfo=tz)
    out = []
    for month in range(1, 13):
        start, end = month_bounds(year, month, tz)
        out.append(
            (month, uptime_ratio(outages, max(start, commissioned), end, now) if end > commissioned else None)
        )
    return out


def playlist_rows(cluster: Cluster, *, on: datetime.date | None = None) -> list[dict]:
    items: QuerySet[PlaylistItem] = cluster.playlist.all()
    if on is not None:
        items = items.filter(starts_on__lte=on, ends_on__gte=on)
    return [
        {
            "title": item.title,
            "language": item.language,
            "media_url": item.media_url,
            "text": item.text,
            "starts_on": item.starts_on.isoformat(),
            "ends_on": item.ends_on.isoformat(),
            "duration_seconds": item.duration_seconds,
        }
        for item in items.order_by("starts_on", "pk")
    ]


def events_for(*, user: User) -> QuerySet[MediaEvent]:
    return visible(MediaEvent.objects.select_related("task", "organiser"), user=user).order_by("starts_at")
