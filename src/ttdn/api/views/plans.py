"""Plans and their tasks."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from ttdn.directory.models import Unit
from ttdn.plans import selectors
from ttdn.plans.access import actor_for
from ttdn.plans.models import Plan, Role, Task

from ..schemas import ErrorOut, PlanDetailOut, PlanFilters, PlanPage, TaskDetailOut, TaskFilters, TaskPage
from .common import ERRORS, page, page_out, user_of

router = Router(tags=["plans"])


def _code(unit: Unit | None) -> str | None:
    return unit.code if unit is not None else None


def plan_out(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title": plan.title,
        "year": plan.year,
        "kind": plan.kind,
        "number": plan.number,
        "issuer": plan.issuer,
        "issued_on": plan.issued_on,
        "focal_unit": _code(plan.focal_unit),
        "owner_unit": _code(plan.owner_unit),
        "parent_plan_id": plan.parent_plan_id,
    }


def task_out(task: Task, today: datetime.date, status: str | None) -> dict[str, Any]:
    # ``assignments`` is prefetched by task_list (active ones, with their unit), so this costs no query.
    assignments = list(task.assignments.all())
    return {
        "id": task.pk,
        "plan_id": task.plan_id,
        "code": task.code,
        "title": task.title,
        "timeframe": {
            "label": task.timeframe_label,
            "start": task.start,
            "end": task.end,
            "recurring": task.recurring,
        },
        "timeframe_status": selectors.timeframe_status(task, today),
        "lead_units": [a.unit.code for a in assignments if a.role == Role.LEAD],
        "coordinating_units": [a.unit.code for a in assignments if a.role == Role.COORDINATING],
        "status": status,
    }


def _unit_by_code(code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise HttpError(400, _("Unknown unit code: %(code)s.") % {"code": code})
    return unit


@router.get("/plans", response={200: PlanPage, **ERRORS}, summary="Plans the caller may see")
def plan_list(request: HttpRequest, filters: Query[PlanFilters]) -> dict[str, Any]:
    plans = (
        selectors.visible_plans(user=user_of(request))
        .select_related("focal_unit", "owner_unit")
        .order_by("-year", "-created_at", "-pk")
    )
    if filters.year is not None:
        plans = plans.filter(year=filters.year)
    total, items = page(plans, filters)
    return page_out(total, filters, [plan_out(p) for p in items])


@router.get("/plans/{plan_id}", response={200: PlanDetailOut, **ERRORS}, summary="One plan")
def plan_detail(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = selectors.access_plan(user=user_of(request), plan_id=plan_id)
    return {
        **plan_out(plan),
        "place": plan.place,
        "reference_date": plan.reference_date,
        "legal_basis": plan.legal_basis,
        "signer": plan.signer,
        "recipients": plan.recipients,
        "periods": list(plan.periods.all()),
    }


@router.get(
    "/plans/{plan_id}/tasks", response={200: TaskPage, 400: ErrorOut, **ERRORS}, summary="The plan's tasks"
)
def plan_tasks(request: HttpRequest, plan_id: int, filters: Query[TaskFilters]) -> dict[str, Any]:
    user = user_of(request)
    plan = selectors.access_plan(user=user, plan_id=plan_id)
    actor = actor_for(user)
    today = timezone.localdate()
    # As on the plan page (plans.views.documents.plan_detail): a unit's people see only the tasks their
    # unit leads or coordinates, whatever unit filter they send.
    if selectors.sees_whole_plan(actor, plan):
        unit = _unit_by_code(filters.unit) if filters.unit else None
    else:
        unit = Unit.objects.get(pk=actor.unit_id)
    tasks = selectors.task_list(
        plan=plan, unit=unit, status=filters.timeframe or "", quarter=filters.quarter, today=today
    )
    total, items = page(tasks, filters)
    statuses = selectors.task_statuses(plan=plan, today=today)
    return page_out(total, filters, [task_out(t, today, statuses.get(t.pk)) for t in items])


@router.get("/tasks/{task_id}", response={200: TaskDetailOut, **ERRORS}, summary="One task")
def task_detail(request: HttpRequest, task_id: int) -> dict[str, Any]:
    checked = selectors.access_task(user=user_of(request), task_id=task_id)
    today = timezone.localdate()
    # Fetched again through task_list for its prefetched mentions and assignments (the rights check is done).
    task = selectors.task_list(plan=checked.plan, include_withdrawn=True, today=today).get(pk=checked.pk)
    status = None
    if task.withdrawn_at is None:
        leads = selectors.tracked_assignments(plan=task.plan, today=today).filter(task_id=task.pk)
        status = selectors.task_status(list(leads.values_list("status", flat=True)))
    return {
        **task_out(task, today, status),
        "content": task.content,
        "form": task.form,
        "audience": task.audience,
        "budget": task.budget,
        "withdrawn_at": task.withdrawn_at,
        "mentions": [
            {
                "role": m.role,
                "text": m.text,
                "scope": m.scope,
                "unit": _code(m.unit),
                "group": m.group.code if m.group is not None else None,
            }
            for m in task.mentions.all()
        ],
        "assignments": [
            {"id": a.pk, "unit": a.unit.code, "role": a.role, "scope": a.scope}
            for a in task.assignments.all()
        ],
    }
