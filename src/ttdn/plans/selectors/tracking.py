"""Where plans stand: assignment status after the Government Office model, dashboards, review queues."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ttdn.core.models import User

from ..access import cleared_levels
from ..models import (
    Assignment,
    DeadlineExtension,
    Notification,
    Plan,
    ProgressReport,
    ReportingPeriod,
    Role,
)

STATUSES = ("done_on_time", "done_late", "in_progress", "overdue")
DUE_SOON_DAYS = 14


def with_status(assignments: QuerySet[Assignment], today: datetime.date) -> QuerySet[Any]:
    # QuerySet[Any]: the annotations below are not fields, and the type checker cannot see them otherwise.
    """Annotate ``deadline``, ``done_on`` and ``status``: done on time, done late, in progress within the
    deadline, or overdue — from the timeframe, approved extensions and the accepted reports."""
    first_done = (
        ProgressReport.objects.filter(
            assignment=OuterRef("pk"),
            state=ProgressReport.State.ACCEPTED,
            progress=ProgressReport.Progress.DONE,
        )
        .order_by("done_on")
        .values("done_on")[:1]
    )
    return assignments.annotate(
        deadline=Coalesce("extended_end", "task__end", output_field=DateField()),
        done_on=Subquery(first_done, output_field=DateField()),
    ).annotate(
        status=Case(
            When(done_on__isnull=False, done_on__lte=F("deadline"), then=Value("done_on_time")),
            When(done_on__isnull=False, then=Value("done_late")),
            When(deadline__gte=today, then=Value("in_progress")),
            default=Value("overdue"),
            output_field=CharField(),
        )
    )


def tracked_assignments(*, plan: Plan, today: datetime.date | None = None) -> QuerySet[Any]:
    """The assignments a plan is tracked by: active lead assignments of live tasks."""
    today = today or timezone.localdate()
    return with_status(
        Assignment.objects.filter(
            task__plan=plan, role=Role.LEAD, active=True, task__withdrawn_at__isnull=True
        ),
        today,
    )


def task_status(statuses: list[str]) -> str:
    """A task is done when every lead unit is done (late if any was late), overdue if any lead is."""
    if not statuses:
        return "in_progress"
    if all(s.startswith("done") for s in statuses):
        return "done_late" if "done_late" in statuses else "done_on_time"
    return "overdue" if "overdue" in statuses else "in_progress"


def task_statuses(*, plan: Plan, today: datetime.date | None = None) -> dict[int, str]:
    per_task: dict[int, list[str]] = defaultdict(list)
    for task_id, status in tracked_assignments(plan=plan, today=today).values_list("task_id", "status"):
        per_task[task_id].append(status)
    task_ids = plan.tasks.filter(withdrawn_at__isnull=True).values_list("pk", flat=True)
    return {pk: task_status(per_task.get(pk, [])) for pk in task_ids}


@dataclass
class FocalDashboard:
    plan: Plan
    today: datetime.date
    counts: dict[str, int]
    heat: list[tuple[str, str, dict[str, int]]]  # (unit code, unit name, counts by status)
    overdue: list[Any]
    due_soon: list[Any]
    waiting_review: list[ProgressReport]
    pending_extensions: list[DeadlineExtension]
    task_counts: dict[str, int] = field(default_factory=dict)


def focal_dashboard(
    *, plan: Plan, today: datetime.date | None = None, unit_id: int | None = None, user: User | None = None
) -> FocalDashboard:
    """``user``: leave out the reports above their clearance (no extra query: the role is already loaded)."""
    today = today or timezone.localdate()
    tracked = tracked_assignments(plan=plan, today=today)
    if unit_id:
        tracked = tracked.filter(unit_id=unit_id)
    counts = {s: 0 for s in STATUSES}
    counts.update(dict(tracked.values_list("status").annotate(n=Count("pk")).values_list("status", "n")))
    heat_rows: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for code, name, status, n in (
        tracked.values_list("unit__code", "unit__name", "status")
        .annotate(n=Count("pk"))
        .order_by("unit__name")
    ):
        heat_rows[(code, name)][status] += n
    heat = [(code, name, {s: c[s] for s in STATUSES}) for (code, name), c in heat_rows.items()]
    people = ("task", "unit")
    overdue = list(tracked.filter(status="overdue").select_related(*people).order_by("deadline")[:50])
    due_soon = list(
        tracked.filter(status="in_progress", deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .select_related(*people)
        .order_by("deadline")[:50]
    )
    waiting = list(
        _cleared(
            ProgressReport.objects.filter(assignment__task__plan=plan, state=ProgressReport.State.APPROVED),
            user,
            plan,
        )
        .select_related("assignment__task", "assignment__unit", "period")
        .order_by("updated_at")[:50]
    )
    extensions = list(
        DeadlineExtension.objects.filter(assignment__task__plan=plan, state=DeadlineExtension.State.PENDING)
        .select_related("assignment__task", "assignment__unit")
        .order_by("created_at")
    )
    task_counts = dict(Counter(task_statuses(plan=plan, today=today).values()))
    return FocalDashboard(plan, today, counts, heat, overdue, due_soon, waiting, extensions, task_counts)


@dataclass
class UnitDashboard:
    assignments: list[Any]
    due_soon: list[Any]
    returned: list[ProgressReport]
    to_approve: list[ProgressReport]


def unit_dashboard(
    *, unit_id: int, today: datetime.date | None = None, user: User | None = None
) -> UnitDashboard:
    today = today or timezone.localdate()
    mine = with_status(
        Assignment.objects.filter(unit_id=unit_id, active=True, task__withdrawn_at__isnull=True),
        today,
    ).select_related("task__plan")
    assignments = list(mine.order_by("deadline", "task__position")[:200])
    due_soon = [
        a
        for a in assignments
        if a.status == "in_progress" and a.deadline <= today + datetime.timedelta(DUE_SOON_DAYS)
    ]
    reports = _cleared(ProgressReport.objects.filter(assignment__unit_id=unit_id), user, None).select_related(
        "assignment__task", "period"
    )
    returned = list(reports.filter(state=ProgressReport.State.RETURNED).order_by("-updated_at")[:50])
    to_approve = list(reports.filter(state=ProgressReport.State.SUBMITTED).order_by("updated_at")[:50])
    return UnitDashboard(assignments, due_soon, returned, to_approve)


def leader_overview(*, today: datetime.date | None = None) -> list[tuple[Plan, dict[str, int]]]:
    """Every plan of the year and earlier with its lead assignments counted by status."""
    today = today or timezone.localdate()
    rows = (
        with_status(
            Assignment.objects.filter(role=Role.LEAD, active=True, task__withdrawn_at__isnull=True), today
        )
        .values_list("task__plan_id", "status")
        .annotate(n=Count("pk"))
    )
    by_plan: dict[int, dict[str, int]] = defaultdict(lambda: {s: 0 for s in STATUSES})
    for plan_id, status, n in rows:
        by_plan[plan_id][status] += n
    plans = Plan.objects.filter(parent_plan__isnull=True).order_by("-year", "-created_at")
    return [(p, by_plan[p.pk]) for p in plans]


def current_period(*, plan: Plan, today: datetime.date | None = None) -> ReportingPeriod | None:
    today = today or timezone.localdate()
    periods = plan.periods.order_by("end")
    return periods.filter(start__lte=today, due__gte=today).first() or periods.filter(end__lt=today).last()


def report_history(*, report: ProgressReport) -> QuerySet:
    return report.transitions.select_related("actor").order_by("at", "id")


def assignment_reports(*, assignment: Assignment, user: User | None = None) -> QuerySet[ProgressReport]:
    reports = _cleared(assignment.reports.all(), user, assignment.task.plan)
    return reports.select_related("period").prefetch_related("evidence").order_by("-period__end")


def _cleared(
    reports: QuerySet[ProgressReport], user: User | None, plan: Plan | None
) -> QuerySet[ProgressReport]:
    """Reports above ``user``'s clearance are left out of lists (None: no user, e.g. a background job)."""
    if user is None:
        return reports
    return reports.filter(classification__in=cleared_levels(user, plan))


def extension_history(*, assignment: Assignment) -> QuerySet[DeadlineExtension]:
    return assignment.extensions.select_related("requested_by", "decided_by").order_by("-created_at")


def unread_notification_count(*, user_id: int) -> int:
    """The top bar's count on every page: plain SQL, as a compiled queryset costs several times the count
    itself (core/rows.py)."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = %s AND read_at IS NULL", [user_id])
        return cursor.fetchone()[0]


__all__ = [
    "DUE_SOON_DAYS",
    "STATUSES",
    "FocalDashboard",
    "UnitDashboard",
    "assignment_reports",
    "current_period",
    "extension_history",
    "focal_dashboard",
    "leader_overview",
    "report_history",
    "task_status",
    "task_statuses",
    "tracked_assignments",
    "unit_dashboard",
    "unread_notification_count",
    "with_status",
]
