"""Reads for plans."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ttdn.directory.models import Unit

from ..importing import Match, match_tasks
from ..models import Assignment, Mention, Plan, PlanImport, Task


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.annotate(
        task_count=Count("tasks", filter=Q(tasks__withdrawn_at__isnull=True))
    ).order_by("-year", "-created_at")


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = (
        datetime.date(year, 12, 31)
        if quarter == 4
        else datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
    )
    return start, end


def _with_people(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related("plan").prefetch_related(
        Prefetch("mentions", queryset=Mention.objects.select_related("unit", "group")),
        Prefetch(
            "assignments", queryset=Assignment.objects.filter(active=True).select_related("unit", "via_group")
        ),
        "serves",
    )


def task_list(
    *,
    plan: Plan,
    unit: Unit | None = None,
    status: str = "",
    quarter: int | None = None,
    today: datetime.date | None = None,
    include_withdrawn: bool = False,
) -> QuerySet[Task]:
    """The plan's tasks, filtered by assigned unit, by where today falls in their timeframe, and by quarter."""
    today = today or timezone.localdate()
    tasks = plan.tasks.all()
    if not include_withdrawn:
        tasks = tasks.filter(withdrawn_at__isnull=True)
    if unit is not None:
        tasks = tasks.filter(assignments__unit=unit, assignments__active=True).distinct()
    if status == "upcoming":
        tasks = tasks.filter(start__gt=today)
    elif status == "ongoing":
        tasks = tasks.filter(start__lte=today, end__gte=today)
    elif status == "ended":
        tasks = tasks.filter(end__lt=today)
    if quarter:
        q_start, q_end = quarter_bounds(plan.year, quarter)
        tasks = tasks.filter(start__lte=q_end, end__gte=q_start)
    return _with_people(tasks.order_by("position"))


def timeframe_status(task: Task, today: datetime.date) -> str:
    if task.start > today:
        return "upcoming"
    if task.end < today:
        return "ended"
    return "ongoing"


def unit_tasks(*, unit: Unit) -> QuerySet[Task]:
    """Every live task the unit leads or coordinates, across plans, newest plan first."""
    return _with_people(
        Task.objects.filter(assignments__unit=unit, assignments__active=True, withdrawn_at__isnull=True)
        .distinct()
        .order_by("-plan__year", "plan_id", "position")
    )


def plan_units(*, plan: Plan) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(assignments__task__plan=plan, assignments__active=True)
        .distinct()
        .order_by("name")
    )


def linkable_tasks(*, plan: Plan) -> QuerySet[Task]:
    """The provincial tasks a unit's own plan may serve: those its unit is assigned."""
    if plan.parent_plan_id is None or plan.owner_unit_id is None:
        return Task.objects.none()
    return (
        Task.objects.filter(
            plan_id=plan.parent_plan_id,
            withdrawn_at__isnull=True,
            assignments__unit_id=plan.owner_unit_id,
            assignments__active=True,
        )
        .distinct()
        .order_by("position")
    )


def plan_matching_document(*, document: dict) -> Plan | None:
    """An earlier import of the same plan: same year and title, and the same number when both have one."""
    candidates = Plan.objects.filter(
        year=document.get("year") or 0, title__iexact=document.get("title") or ""
    )
    if document.get("number"):
        numbered = candidates.filter(number=document["number"])
        candidates = numbered if numbered.exists() else candidates.filter(number="")
    return candidates.order_by("-created_at").first()


def plan_import_get(*, import_id: int) -> PlanImport:
    return PlanImport.objects.select_related("target_plan", "plan", "uploaded_by").get(pk=import_id)


@dataclass(frozen=True)
class ImportDiff:
    matches: list[Match[Task]]
    withdrawn: list[Task]

    @property
    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "same": 0, "changed": 0, "renumbered": 0}
        for m in self.matches:
            counts[m.change] += 1
        return {**counts, "withdrawn": len(self.withdrawn)}


def plan_import_diff(*, plan_import: PlanImport) -> ImportDiff | None:
    """What confirming would change in the plan this document revises (None for a new plan)."""
    if plan_import.target_plan is None or not plan_import.parsed:
        return None
    existing = list(plan_import.target_plan.tasks.all())
    matches, gone = match_tasks(existing, plan_import.parsed["tasks"])
    return ImportDiff(matches=matches, withdrawn=[t for t in gone if t.withdrawn_at is None])


def unresolved_mentions(parsed: dict) -> list[dict]:
    return [
        m
        for task in parsed.get("tasks", [])
        for role in ("lead", "coordinating")
        for m in task.get(role, [])
        if not (m.get("unit") or m.get("group"))
    ]


__all__ = [
    "ImportDiff",
    "linkable_tasks",
    "plan_import_diff",
    "plan_import_get",
    "plan_list",
    "plan_matching_document",
    "plan_units",
    "quarter_bounds",
    "task_list",
    "timeframe_status",
    "unit_tasks",
    "unresolved_mentions",
]
