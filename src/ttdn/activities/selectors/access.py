"""Who may see and edit activities. An activity inherits its rights from the plan task it serves:

* the focal department (and administrators) edit every activity of the plan;
* officers and leaders of a unit assigned to the task (lead or coordinating) edit that task's activities;
* province leaders read everything and change nothing; other units see nothing (404).

Budget estimates are written by the task's *lead* unit only and appraised by holders of
``activities.appraise_budget`` (the finance department).

Journalists belong to no task: the press contact list is kept by the focal department (officers and
leaders of any plan's focal unit) and administrators, read by them and province leaders, hidden (404) from
everyone else, since it holds personal data.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from ttdn.core.classification import record_access
from ttdn.core.models import User
from ttdn.directory.models import Membership
from ttdn.plans.access import Action, Actor, actor_for, can_on_plan, cleared
from ttdn.plans.models import Assignment, Plan, Role, Task

from ..models import Course, CourseDocument

APPRAISE_PERMISSION = "activities.appraise_budget"
_EDITING_ROLES = (Membership.Role.OFFICER, Membership.Role.LEADER)


def _check(allowed_to_view: bool, allowed: bool) -> None:
    if not allowed_to_view:
        raise Http404
    if not allowed:
        raise PermissionDenied


def task_units(task_id: int, *, lead_only: bool = False) -> frozenset[int]:
    assignments = Assignment.objects.filter(task_id=task_id, active=True)
    if lead_only:
        assignments = assignments.filter(role=Role.LEAD)
    return frozenset(assignments.values_list("unit_id", flat=True))


def can_view_task(actor: Actor, task: Task, units: frozenset[int]) -> bool:
    return can_on_plan(actor, Action.VIEW, task.plan, unit_ids=units)


def can_edit_task(actor: Actor, task: Task, units: frozenset[int]) -> bool:
    if actor.is_focal(task.plan):
        return True
    return actor.unit_id is not None and actor.unit_id in units and actor.role in _EDITING_ROLES


def keeps_press_contacts(actor: Actor) -> bool:
    """Whether ``actor`` may add to the press contact list (journalists)."""
    if actor.is_admin:
        return True
    return (
        actor.unit_id is not None
        and actor.role in _EDITING_ROLES
        and Plan.objects.filter(focal_unit_id=actor.unit_id).exists()
    )


def access_press_contacts(*, user: User, edit: bool = False) -> bool:
    """Raise 404/403 unless the user may see (and, with ``edit``, add to) the press contact list; returns
    whether they may add to it."""
    actor = actor_for(user)
    keeper = keeps_press_contacts(actor)
    _check(keeper or actor.sees_everything, not edit or keeper)
    return keeper


def can_appraise(user: User) -> bool:
    return user.is_authenticated and user.has_perm(APPRAISE_PERMISSION)


def visible_task_filter(user: User, prefix: str = "task__") -> Q | None:
    """A filter on activities (through ``prefix``) the user may see; None means everything."""
    actor = actor_for(user)
    if actor.sees_everything:
        return None
    if actor.unit_id is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}plan__focal_unit_id": actor.unit_id}) | Q(
        **{f"{prefix}pk__in": Assignment.objects.filter(unit_id=actor.unit_id, active=True).values("task_id")}
    )


def visible(queryset: QuerySet, *, user: User, prefix: str = "task__") -> QuerySet:
    condition = visible_task_filter(user, prefix)
    return queryset if condition is None else queryset.filter(condition)


def editable_tasks(*, user: User, lead_only: bool = False) -> QuerySet[Task]:
    """Tasks the user may attach activities to (for form choices)."""
    actor = actor_for(user)
    tasks = Task.objects.filter(withdrawn_at__isnull=True).select_related("plan")
    if actor.is_admin:
        return tasks
    if actor.unit_id is None or actor.role not in _EDITING_ROLES:
        return tasks.none()
    assignments = Assignment.objects.filter(unit_id=actor.unit_id, active=True)
    if lead_only:
        assignments = assignments.filter(role=Role.LEAD)
        return tasks.filter(pk__in=assignments.values("task_id"))
    return tasks.filter(Q(plan__focal_unit_id=actor.unit_id) | Q(pk__in=assignments.values("task_id")))


def access_task_activity(*, user: User, task: Task, edit: bool = False) -> None:
    """Raise 404/403 unless the user may see (and, with ``edit``, change) activities of ``task``."""
    actor = actor_for(user)
    units = task_units(task.pk)
    _check(can_view_task(actor, task, units), not edit or can_edit_task(actor, task, units))


def access_object[M: Model](*, user: User, queryset: QuerySet[M], pk: int, edit: bool = False) -> M:
    """Fetch an activity (any model with a ``task``) by id, checking the user's rights on its task."""
    obj = queryset.select_related("task__plan").filter(pk=pk).first()
    if obj is None:
        raise Http404
    access_task_activity(user=user, task=obj.task, edit=edit)  # type: ignore[attr-defined]
    return obj


def estimate_rights(user: User, task: Task, *, submitted: bool) -> tuple[bool, bool]:
    """(may view, may write) for a task's estimates."""
    actor = actor_for(user)
    leads = task_units(task.pk, lead_only=True)
    writer = actor.is_admin or (
        actor.unit_id is not None and actor.unit_id in leads and actor.role in _EDITING_ROLES
    )
    viewer = writer or can_view_task(actor, task, task_units(task.pk)) or (submitted and can_appraise(user))
    return viewer, writer


def access_course_document(*, user: User, course_id: int, token: str) -> CourseDocument:
    """A course's document built on the worker, for whoever may see the course (404 otherwise, as for the
    course itself). A mark above the user's clearance is "not found" too, and a cleared read of a
    classified document is audited."""
    course = access_object(
        user=user, queryset=Course.objects.select_related("organiser", "task__plan"), pk=course_id
    )
    document = CourseDocument.objects.filter(course=course, token=token).first()
    if document is None or not cleared(user, document.classification, course.task.plan):
        raise Http404
    if document.is_classified:
        record_access(user=user, obj=document, action="download")
    document.course = course
    return document
