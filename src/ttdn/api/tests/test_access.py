"""The API's rights matrix, generated: role × endpoint × own/other unit.

Reads are compared with the page that shows the same thing (same user, same object): the API must answer
with the same status. Writes are checked against the rights table that ``plans.tests.test_access`` pins;
a refused write must leave the report untouched.
"""

import pytest
from django.db import transaction
from django.test import Client

from ttdn.plans import services
from ttdn.plans.access import Action
from ttdn.plans.models import Evidence, ProgressReport

from .conftest import save_draft

pytestmark = pytest.mark.django_db

ROLES = ["unit_officer", "unit_leader", "other_officer", "focal_officer", "reader", "admin"]
EVERYONE = set(ROLES)
VIEWERS = {"unit_officer", "unit_leader", "focal_officer", "reader", "admin"}
WHOLE_PLAN = {"focal_officer", "reader", "admin"}  # see every unit's tasks and assignments
# Who may take each step on the Border Guard assignment (the rights table, as plans/tests/test_access.py).
MAY = {
    Action.EDIT_REPORT: {"unit_officer"},
    Action.APPROVE_REPORT: {"unit_leader"},
    Action.REVIEW_REPORT: {"focal_officer", "admin"},
}

# (name, API path, who gets 200, the page showing the same object or None). {a}/{oa}: own/other unit's
# assignment, {t}/{ot}: own/other unit's task, {r}: a report of the own unit, {e}: its evidence file.
READS = [
    ("plans", "/plans", EVERYONE, "/plans/"),
    ("plan", "/plans/{p}", VIEWERS, "/plans/{p}/"),
    ("plan_tasks", "/plans/{p}/tasks", VIEWERS, "/plans/{p}/"),
    ("plan_assignments", "/plans/{p}/assignments", VIEWERS, "/plans/{p}/"),
    ("own_task", "/tasks/{t}", VIEWERS, None),
    ("other_task", "/tasks/{ot}", WHOLE_PLAN, None),
    ("own_assignment", "/assignments/{a}", VIEWERS, "/plans/assignments/{a}/"),
    ("other_assignment", "/assignments/{oa}", WHOLE_PLAN, "/plans/assignments/{oa}/"),
    ("own_reports", "/assignments/{a}/reports", VIEWERS, "/plans/assignments/{a}/"),
    ("other_reports", "/assignments/{oa}/reports", WHOLE_PLAN, "/plans/assignments/{oa}/"),
    ("report", "/reports/{r}", VIEWERS, "/plans/reports/{r}/"),
    ("evidence", "/evidence/{e}", VIEWERS, "/plans/evidence/{e}/"),
]


@pytest.mark.parametrize("role", ROLES)
def test_reads_matrix(request, api, border_assignment, other_assignment, draft_report, role):
    """One row of the matrix per role: {endpoint: status}, compared whole so a diff names the endpoint."""
    user = request.getfixturevalue(role)
    client = api(user)
    browser = Client()
    browser.force_login(user)
    ids = {
        "p": border_assignment.task.plan_id,
        "a": border_assignment.pk,
        "oa": other_assignment.pk,
        "t": border_assignment.task_id,
        "ot": other_assignment.task_id,
        "r": draft_report.pk,
        "e": Evidence.objects.get(report=draft_report).pk,
    }
    expected, got, pages = {}, {}, {}
    for name, pattern, allowed, page in READS:
        response = client.get(pattern.format(**ids))
        got[name] = response.status_code
        expected[name] = 200 if role in allowed else 404
        if response.status_code != 200:
            assert response.json() == {"detail": "Not found."}
        if page is not None:
            pages[name] = browser.get(page.format(**ids)).status_code
    assert got == expected
    assert pages == {name: got[name] for name in pages}  # the same answer as the page


def test_unit_people_see_only_their_units_tasks_and_assignments(api, unit_officer, border_assignment):
    """Mirrors plans.tests.test_access: lead and coordinating tasks listed, nothing else — whatever filter."""
    client = api(unit_officer)
    plan_id = border_assignment.task.plan_id
    codes = {t["code"] for t in client.get(f"/plans/{plan_id}/tasks", limit=200).json()["items"]}
    assert {"II.4.1", "II.4.2"} <= codes and "II.6" not in codes
    focal_codes = {
        t["code"]
        for t in client.get(
            f"/plans/{plan_id}/tasks", limit=200, unit="so-van-hoa-the-thao-va-du-lich"
        ).json()["items"]
    }
    assert focal_codes == codes  # a unit filter cannot widen a unit user's view
    units = {a["unit"] for a in client.get(f"/plans/{plan_id}/assignments", limit=200).json()["items"]}
    assert units == {"bo-chi-huy-bo-doi-bien-phong-tinh"}


def test_focal_officer_sees_every_unit(api, focal_officer, border_assignment):
    plan_id = border_assignment.task.plan_id
    body = api(focal_officer).get(f"/plans/{plan_id}/assignments", limit=200).json()
    assert len({a["unit"] for a in body["items"]}) > 5


# (name, state the report is put in first, action needed, path, body, status on success)
WRITES = [
    ("save_own", None, Action.EDIT_REPORT, "/assignments/{a}/reports", "report", 201),
    ("save_other", None, Action.EDIT_REPORT, "/assignments/{oa}/reports", "report", 201),
    ("submit", "draft", Action.EDIT_REPORT, "/reports/{r}/submit", None, 200),
    (
        "approve",
        "submitted",
        Action.APPROVE_REPORT,
        "/reports/{r}/approve",
        {"comment": "Đồng ý"},
        200,
    ),
    (
        "send_back",
        "submitted",
        Action.APPROVE_REPORT,
        "/reports/{r}/send_back",
        {"comment": "Sửa"},
        200,
    ),
    ("accept", "approved", Action.REVIEW_REPORT, "/reports/{r}/accept", {"comment": ""}, 200),
    ("return", "approved", Action.REVIEW_REPORT, "/reports/{r}/return", {"comment": "Bổ sung"}, 200),
]


@pytest.mark.parametrize("role", ROLES)
def test_writes_matrix(
    request, api, border_assignment, other_assignment, period, unit_officer, unit_leader, role
):
    """Each write from a fresh state (set up, then rolled back); a refused write changes nothing."""
    user = request.getfixturevalue(role)
    client = api(user)
    expected, got = {}, {}
    for name, state, action, pattern, body, ok in WRITES:
        other_unit = name == "save_other"
        # Nobody in ROLES belongs to the other assignment's unit: whole-plan viewers see it, nobody writes.
        visible = WHOLE_PLAN if other_unit else VIEWERS
        allowed = set() if other_unit else MAY[action]
        expected[name] = 404 if role not in visible else 403 if role not in allowed else ok
        if body == "report":
            body = {"period_id": period.pk, "progress": "in_progress", "percent": 30, "narrative": "Đã làm."}
        try:
            with transaction.atomic():
                report = _in_state(state, unit_officer, unit_leader, border_assignment, period)
                before = list(ProgressReport.objects.values_list("pk", "state", "percent", "updated_at"))
                ids = {"a": border_assignment.pk, "oa": other_assignment.pk, "r": report.pk if report else 0}
                response = client.post(pattern.format(**ids), body)
                got[name] = response.status_code
                if response.status_code in (403, 404):
                    assert response.json()["detail"] in ("Not found.", "You are not allowed to do this.")
                    after = list(ProgressReport.objects.values_list("pk", "state", "percent", "updated_at"))
                    assert after == before, name
                raise _Rollback
        except _Rollback:
            pass
    assert got == expected


class _Rollback(Exception):
    pass


def _in_state(state: str | None, officer, leader, assignment, period) -> ProgressReport | None:
    if state is None:
        return None
    report = save_draft(officer, assignment, period)
    if state in ("submitted", "approved"):
        report = services.report_submit(actor=officer, report=report)
    if state == "approved":
        report = services.report_approve(actor=leader, report=report)
    return report
