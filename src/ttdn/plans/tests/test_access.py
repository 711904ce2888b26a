"""The whole rights matrix, generated: role × action × own/other unit, on the service layer and the pages."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ttdn.plans import selectors
from ttdn.plans.access import Action, actor_for, can_on_assignment

pytestmark = pytest.mark.django_db

ROLES = ["unit_officer", "unit_leader", "other_officer", "focal_officer", "reader", "admin"]
# Expected answers for II.4.1's Border Guard assignment (the officer and leader are of that unit).
EXPECTED = {
    Action.VIEW: {"unit_officer", "unit_leader", "focal_officer", "reader", "admin"},
    Action.EDIT_REPORT: {"unit_officer"},
    Action.APPROVE_REPORT: {"unit_leader"},
    Action.REVIEW_REPORT: {"focal_officer", "admin"},
    Action.REQUEST_EXTENSION: {"unit_officer", "unit_leader"},
    Action.DECIDE_EXTENSION: {"focal_officer", "admin"},
    Action.MANAGE_PLAN: {"focal_officer", "admin"},
}


def _outcome(user, assignment, action: Action) -> str:
    """What the access selector does: 404 when the object may not be seen, 403 when it may be seen but
    not acted on, the object itself otherwise."""
    try:
        found = selectors.access_assignment(user=user, assignment_id=assignment.pk, action=action)
    except Http404:
        return "404"
    except PermissionDenied:
        return "403"
    return "ok" if found == assignment else "wrong object"


# One test per role, every action in it: the seed plan is imported once per role, not once per cell.
@pytest.mark.parametrize("role", ROLES)
def test_rights_matrix(request, border_assignment, role):
    user = request.getfixturevalue(role)
    wrong = []
    for action in Action:
        allowed = can_on_assignment(actor_for(user), action, border_assignment)
        expected = role in EXPECTED[action]
        want = "ok" if expected else ("403" if role in EXPECTED[Action.VIEW] else "404")
        got = _outcome(user, border_assignment, action)
        if allowed != expected or got != want:
            wrong.append(f"{role} × {action}: rule {allowed}, selector {got} (expected {expected}, {want})")
    assert wrong == []


PAGES = [
    (
        "assignment",
        "/plans/assignments/{a}/",
        {"unit_officer", "unit_leader", "focal_officer", "reader", "admin"},
    ),
    ("dashboard", "/plans/{p}/dashboard/", {"focal_officer", "reader", "admin"}),
    ("overview", "/plans/overview/", {"reader", "admin"}),
    ("plan", "/plans/{p}/", {"unit_officer", "unit_leader", "focal_officer", "reader", "admin"}),
]


@pytest.mark.parametrize("role", ROLES)
def test_pages_matrix(request, client, border_assignment, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    wrong = []
    for name, pattern, allowed in PAGES:
        response = client.get(pattern.format(a=border_assignment.pk, p=border_assignment.task.plan_id))
        if (response.status_code == 200) != (role in allowed):
            wrong.append(f"{role} × {name}: {response.status_code}")
    assert wrong == []


def test_unit_people_see_only_their_tasks_on_the_plan_page(client, unit_officer, border_assignment):
    client.force_login(unit_officer)
    page = client.get(f"/plans/{border_assignment.task.plan_id}/").content.decode()
    assert 'data-code="II.4.1"' in page and 'data-code="II.4.2"' in page  # lead and coordinating
    assert 'data-code="II.6"' not in page


def test_visible_plans_query_count(unit_officer, border_assignment, django_assert_num_queries):
    actor_for(unit_officer)  # membership lookup, cached on the user
    plan = border_assignment.task.plan
    with django_assert_num_queries(1):
        assert list(selectors.visible_plans(user=unit_officer)) == [plan]


def test_membership_comes_with_the_user(
    client, unit_officer, border_assignment, django_assert_max_num_queries
):
    from django.contrib.auth import get_user

    client.force_login(unit_officer)
    request = type("R", (), {"session": client.session})()
    # Session row, user row, membership row: each read by key; nothing lazy is left for actor_for.
    with django_assert_max_num_queries(3):
        user = get_user(request)
    with django_assert_max_num_queries(0):
        actor = actor_for(user)
    assert (actor.unit_id, actor.role) == (border_assignment.unit_id, "officer")
