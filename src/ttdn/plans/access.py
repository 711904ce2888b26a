"""Who may do what with plans, tasks and reports. One table, used by the UI, the API and the tests.

Roles come from the user's :class:`~ttdn.directory.models.Membership`. "Focal officer" is not a stored
role: it means a member of the plan's focal unit (a per-plan setting, since the focal department
changed in 2025).
"""

from dataclasses import dataclass
from enum import StrEnum

from ttdn.core.classification import may_see, visible_levels
from ttdn.core.models import User
from ttdn.directory.models import Membership

from .models import Assignment, Plan


class Action(StrEnum):
    VIEW = "view"
    EDIT_REPORT = "edit_report"  # draft, evidence, submit
    APPROVE_REPORT = "approve_report"  # unit leader
    REVIEW_REPORT = "review_report"  # focal officer: accept or return
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"
    MANAGE_PLAN = "manage_plan"  # focal: urge, schedules, consolidated reports


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    unit_id: int | None
    role: str | None
    is_admin: bool

    @property
    def sees_everything(self) -> bool:
        return self.is_admin or self.role == Membership.Role.PROVINCE_LEADER

    def is_focal(self, plan: Plan) -> bool:
        return self.is_admin or (
            self.unit_id is not None
            and plan.focal_unit_id == self.unit_id
            and self.role in (Membership.Role.OFFICER, Membership.Role.LEADER)
        )


def actor_for(user: User) -> Actor:
    if not user.is_authenticated:
        return Actor(None, None, None, False)
    cached = getattr(user, "_ttdn_actor", None)
    if cached is not None:
        return cached
    if "membership" in user._state.fields_cache:
        # Loaded with the user by the authentication backend (None when the user has no unit).
        loaded = user._state.fields_cache["membership"]
        unit_id, role = (loaded.unit_id, loaded.role) if loaded is not None else (None, None)
    else:
        membership = Membership.objects.filter(user_id=user.pk).values_list("unit_id", "role").first()
        unit_id, role = membership or (None, None)
    actor = Actor(user.pk, unit_id, role, bool(user.is_superuser))
    user._ttdn_actor = actor  # type: ignore[attr-defined]
    return actor


def can_on_plan(actor: Actor, action: Action, plan: Plan, *, unit_ids: frozenset[int] = frozenset()) -> bool:
    """``unit_ids``: the units assigned to the task in question (empty for plan-level actions)."""
    own = actor.unit_id is not None and actor.unit_id in unit_ids
    focal = actor.is_focal(plan)
    if action == Action.VIEW:
        return (
            actor.sees_everything
            or focal
            or own
            or (actor.unit_id is not None and plan.owner_unit_id == actor.unit_id)
        )
    if action in (Action.EDIT_REPORT, Action.REQUEST_EXTENSION):
        allowed_roles = (
            (Membership.Role.OFFICER,)
            if action == Action.EDIT_REPORT
            else (Membership.Role.OFFICER, Membership.Role.LEADER)
        )
        return own and actor.role in allowed_roles
    if action == Action.APPROVE_REPORT:
        return own and actor.role == Membership.Role.LEADER
    if action in (Action.REVIEW_REPORT, Action.DECIDE_EXTENSION, Action.MANAGE_PLAN):
        return focal
    return False


def can_on_assignment(actor: Actor, action: Action, assignment: Assignment) -> bool:
    return can_on_plan(actor, action, assignment.task.plan, unit_ids=frozenset({assignment.unit_id}))


def _extra_roles(actor: Actor, plan: Plan | None) -> tuple[str, ...]:
    return ("focal",) if plan is not None and actor.is_focal(plan) else ()


def cleared(user: User, level: int, plan: Plan | None = None) -> bool:
    """Whether ``user`` may see an item of ``level`` in ``plan`` (focal officers have the "focal" clearance)."""
    if not level:
        return True
    return may_see(user, level, extra_roles=_extra_roles(actor_for(user), plan))


def cleared_levels(user: User, plan: Plan | None = None) -> list[int]:
    return visible_levels(user, extra_roles=_extra_roles(actor_for(user), plan))
