"""Unit-scoped objects, fetched only after checking the user's rights (see ``plans.access``).

An object the user may not even see is reported as missing (404), so its existence is not disclosed;
one they may see but not act on raises PermissionDenied (403).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from ttdn.core.classification import record_access
from ttdn.core.models import User
from ttdn.core.rows import fetch_by_pk

from ..access import Action, Actor, actor_for, can_on_assignment, can_on_plan, cleared
from ..models import (
    Assignment,
    DeadlineExtension,
    Evidence,
    GeneratedDocument,
    Plan,
    PlanImport,
    ProgressReport,
    Task,
)


def _check(allowed_to_view: bool, allowed: bool) -> None:
    if not allowed_to_view:
        raise Http404
    if not allowed:
        raise PermissionDenied


def _clear(user: User, obj, plan: Plan | None, *, level: int | None = None, action: str = "view") -> None:
    """Above the user's clearance is "not found", like any item they may not see; a cleared read is audited."""
    level = obj.classification if level is None else level
    if not cleared(user, level, plan):
        raise Http404
    if level:
        record_access(user=user, obj=obj, action=action)


def visible_plans(*, user: User) -> QuerySet[Plan]:
    actor = actor_for(user)
    plans = Plan.objects.all()
    if actor.sees_everything:
        return plans
    if actor.unit_id is None:
        return plans.none()
    return plans.filter(
        pk__in=Plan.objects.filter(tasks__assignments__unit_id=actor.unit_id, tasks__assignments__active=True)
        .union(
            Plan.objects.filter(focal_unit_id=actor.unit_id), Plan.objects.filter(owner_unit_id=actor.unit_id)
        )
        .values("pk")
    )


def sees_whole_plan(actor: Actor, plan: Plan) -> bool:
    return actor.sees_everything or actor.is_focal(plan) or plan.owner_unit_id == actor.unit_id


def access_plan(*, user: User, plan_id: int, action: Action = Action.VIEW) -> Plan:
    # The plan row alone, read by key without compiling a queryset (core/rows.py): every plan page pays
    # for it, and on a cached page a compile costs more than the rest (rights need only the unit ids).
    plan = fetch_by_pk(Plan, plan_id)
    if plan is None:
        raise Http404
    actor = actor_for(user)
    own_units: frozenset[int] = frozenset()
    # Only a unit's own staff need the extra lookup: everyone else's rights do not depend on assignments.
    if (
        actor.unit_id
        and not (actor.sees_everything or actor.is_focal(plan))
        and _unit_has_tasks(plan, actor.unit_id)
    ):
        own_units = frozenset({actor.unit_id})
    _check(
        can_on_plan(actor, Action.VIEW, plan, unit_ids=own_units),
        can_on_plan(actor, action, plan, unit_ids=own_units),
    )
    return plan


def _unit_has_tasks(plan: Plan, unit_id: int) -> bool:
    return Assignment.objects.filter(task__plan=plan, unit_id=unit_id, active=True).exists()


def access_task(*, user: User, task_id: int) -> Task:
    task = Task.objects.select_related("plan", "plan__focal_unit").filter(pk=task_id).first()
    if task is None:
        raise Http404
    units = frozenset(task.assignments.filter(active=True).values_list("unit_id", flat=True))
    actor = actor_for(user)
    _check(can_on_plan(actor, Action.VIEW, task.plan, unit_ids=units), True)
    return task


def access_assignment(*, user: User, assignment_id: int, action: Action = Action.VIEW) -> Assignment:
    assignment = (
        Assignment.objects.select_related("task__plan", "unit").filter(pk=assignment_id, active=True).first()
    )
    if assignment is None:
        raise Http404
    actor = actor_for(user)
    _check(can_on_assignment(actor, Action.VIEW, assignment), can_on_assignment(actor, action, assignment))
    return assignment


def access_report(
    *, user: User, report_id: int, action: Action = Action.VIEW, max_level: int | None = None
) -> ProgressReport:
    """``max_level``: a ceiling below the user's clearance (the API passes Thường: it never returns more)."""
    report = (
        ProgressReport.objects.select_related(
            "assignment__task__plan", "assignment__unit", "period", "created_by"
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404
    actor = actor_for(user)
    _check(
        can_on_assignment(actor, Action.VIEW, report.assignment),
        can_on_assignment(actor, action, report.assignment),
    )
    if max_level is not None and report.classification > max_level:
        raise Http404
    _clear(user, report, report.assignment.task.plan, action=str(action))
    return report


def access_evidence(*, user: User, evidence_id: int, max_level: int | None = None) -> Evidence:
    evidence = (
        Evidence.objects.select_related("report__assignment__task__plan").filter(pk=evidence_id).first()
    )
    if evidence is None:
        raise Http404
    _check(can_on_assignment(actor_for(user), Action.VIEW, evidence.report.assignment), True)
    # A file is at least as classified as the report it is attached to.
    level = max(evidence.classification, evidence.report.classification)
    if max_level is not None and level > max_level:
        raise Http404
    _clear(user, evidence, evidence.report.assignment.task.plan, level=level, action="download")
    return evidence


def clear_plan_import(*, user: User, plan_import: PlanImport, action: str = "view") -> None:
    """An uploaded plan document above the user's clearance is "not found"; a cleared read is audited."""
    if not plan_import.classification:
        return  # no lookups for the usual, unclassified upload
    _clear(user, plan_import, plan_import.plan or plan_import.target_plan, action=action)


def access_extension(*, user: User, extension_id: int, action: Action = Action.VIEW) -> DeadlineExtension:
    extension = (
        DeadlineExtension.objects.select_related("assignment__task__plan", "assignment__unit")
        .filter(pk=extension_id)
        .first()
    )
    if extension is None:
        raise Http404
    actor = actor_for(user)
    _check(
        can_on_assignment(actor, Action.VIEW, extension.assignment),
        can_on_assignment(actor, action, extension.assignment),
    )
    return extension


__all__ = [
    "access_assignment",
    "access_evidence",
    "access_extension",
    "access_generated_document",
    "access_plan",
    "access_report",
    "access_task",
    "clear_plan_import",
    "sees_whole_plan",
    "visible_plans",
]


def access_generated_document(*, user: User, plan_id: int, token: str) -> GeneratedDocument:
    """A document built on the worker, for the staff who may generate the plan's documents (404 otherwise)."""
    plan = access_plan(user=user, plan_id=plan_id, action=Action.MANAGE_PLAN)
    document = GeneratedDocument.objects.filter(plan=plan, token=token).first()
    if document is None:
        raise Http404
    document.plan = plan
    _clear(user, document, plan, action="download")
    return document
