"""Classification marks on plans' reports, evidence and exports: every role × level × way of reading.

The expected table is generated from the clearance rule (docs/security.md "Classification"); the actual one
is read through the same selectors and exporters the pages and the API use.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from ttdn.api.views.tracking import API_LEVEL
from ttdn.conftest import _user
from ttdn.core.classification import Classification
from ttdn.core.models import AuditEvent
from ttdn.plans import selectors, services
from ttdn.plans.access import cleared_levels
from ttdn.plans.models import Assignment, Evidence, ProgressReport
from ttdn.plans.reports import consolidated_report_document

pytestmark = pytest.mark.django_db
LEVELS = list(Classification)
QUARTERS = ["Quý I/2021", "Quý II/2021", "Quý III/2021", "Quý IV/2021"]
# Role → highest level with the default TTDN_CLEARANCE; "cleared officer" has a personal override.
CLEARANCE = {
    "unit officer": Classification.NORMAL,
    "unit leader": Classification.CONFIDENTIAL,
    "focal officer": Classification.CONFIDENTIAL,
    "province leader": Classification.CONFIDENTIAL,
    "admin": Classification.CONFIDENTIAL,
    "cleared officer": Classification.SECRET,
}


@pytest.fixture
def people(unit_officer, unit_leader, focal_officer, reader, admin):
    cleared = _user("bienphong2", "Hoàng Thị Mai", unit="bo-chi-huy-bo-doi-bien-phong-tinh")
    cleared.clearance = Classification.SECRET
    cleared.save(update_fields=["clearance"])
    return {
        "unit officer": unit_officer,
        "unit leader": unit_leader,
        "focal officer": focal_officer,
        "province leader": reader,
        "admin": admin,
        "cleared officer": cleared,
    }


@pytest.fixture
def marked(seed_plan, border_assignment, unit_officer):
    """One accepted report per level (one quarter each), each with one evidence file of its level."""
    reports = {}
    for level, label in zip(LEVELS, QUARTERS, strict=True):
        report = ProgressReport.objects.create(
            assignment=border_assignment,
            period=seed_plan.periods.get(label=label),
            narrative=f"Nội dung mức {int(level)}.",
            state=ProgressReport.State.ACCEPTED,
            classification=level,
            created_by=unit_officer,
        )
        evidence = Evidence.objects.create(
            report=report,
            file=f"reports/evidence/{report.pk}/x.pdf",
            original_name="x.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            uploaded_by=unit_officer,
            classification=level,
        )
        reports[level] = (report, evidence)
    return reports


def _allowed(read) -> bool:
    try:
        read()
    except Http404:
        return False
    return True


def test_role_by_level_by_way_of_reading(seed_plan, people, marked):
    year = seed_plan.periods.get(label="Năm 2021")
    expected, actual, exports = {}, {}, {}
    for role, user in people.items():
        top = max(cleared_levels(user, seed_plan))
        document = consolidated_report_document(plan=seed_plan, period=year, max_level=top)
        text = " ".join(getattr(b, "text", "") for b in document.body)
        exports[role] = document.secrecy
        for level, (report, evidence) in marked.items():
            cleared = level <= CLEARANCE[role]
            expected[role, level] = {
                "view": cleared,
                "download": cleared,
                "export": cleared,
                "api": level == Classification.NORMAL,
            }
            actual[role, level] = {
                "view": _allowed(lambda r=report, u=user: selectors.access_report(user=u, report_id=r.pk)),
                "download": _allowed(
                    lambda e=evidence, u=user: selectors.access_evidence(user=u, evidence_id=e.pk)
                ),
                "export": f"Nội dung mức {int(level)}." in text,
                "api": _allowed(
                    lambda r=report, u=user: selectors.access_report(
                        user=u, report_id=r.pk, max_level=API_LEVEL
                    )
                ),
            }
    wrong = {key: (actual[key], want) for key, want in expected.items() if actual[key] != want}
    assert not wrong
    # An export carries the highest mark it holds: "MẬT" for the leaders, "TỐI MẬT" for the cleared officer.
    assert exports == {role: {0: "", 1: "MẬT", 2: "TỐI MẬT"}[CLEARANCE[role]] for role in people}
    # Every cleared read of a classified item was audited (view + download), and nothing else.
    reads = sum(1 for (role, level), row in expected.items() if level and row["view"])
    assert AuditEvent.objects.filter(action="classified.view").count() == reads
    assert AuditEvent.objects.filter(action="classified.download").count() == reads


def test_lists_leave_out_what_the_reader_may_not_see(
    seed_plan, border_assignment, people, marked, django_assert_num_queries
):
    officer, leader = people["unit officer"], people["unit leader"]
    mine = selectors.assignment_reports(assignment=border_assignment, user=officer)
    assert [r.classification for r in mine] == [Classification.NORMAL]
    # As on the page: the assignment comes with its plan, the user with their role (authentication backend).
    assignment = Assignment.objects.select_related("task__plan").get(pk=border_assignment.pk)
    assert leader.membership.role == "leader"
    # The filter is a WHERE clause: the same two queries (reports, their evidence) as without it.
    with django_assert_num_queries(2):
        levels = sorted(
            r.classification for r in selectors.assignment_reports(assignment=assignment, user=leader)
        )
    assert levels == [Classification.NORMAL, Classification.CONFIDENTIAL]


def test_nobody_marks_above_their_own_clearance(seed_plan, border_assignment, unit_officer, unit_leader):
    period = seed_plan.periods.get(label="Quý I/2021")
    with pytest.raises(services.ReportingError):
        services.report_save(
            actor=unit_officer,
            assignment=border_assignment,
            period=period,
            progress="in_progress",
            percent=10,
            narrative="x",
            classification=Classification.CONFIDENTIAL,
        )
    assert not ProgressReport.objects.exists()
    report = services.report_save(
        actor=unit_officer,
        assignment=border_assignment,
        period=period,
        progress="in_progress",
        percent=10,
        narrative="x",
    )
    with pytest.raises(services.ReportingError):
        services.evidence_add(
            actor=unit_officer,
            report=report,
            uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
            classification=Classification.SECRET,
        )
    assert not Evidence.objects.exists()


def test_report_page_and_api(client, seed_plan, border_assignment, people, marked):
    from ttdn.api.services import api_token_create

    report, _evidence = marked[Classification.CONFIDENTIAL]
    client.force_login(people["unit officer"])
    assert client.get(f"/plans/reports/{report.pk}/").status_code == 404
    client.force_login(people["unit leader"])
    page = client.get(f"/plans/reports/{report.pk}/")
    assert page.status_code == 200 and 'class="badge mark mark-1"' in page.content.decode()
    # The API never answers with a classified report, not even to a cleared leader's token.
    _token, key = api_token_create(actor=None, user=people["unit leader"], name="tests")
    headers = {"authorization": f"Bearer {key}"}
    assert client.get(f"/api/v1/reports/{report.pk}", headers=headers).status_code == 404
    listed = client.get(f"/api/v1/assignments/{border_assignment.pk}/reports", headers=headers).json()
    assert [item["id"] for item in listed["items"]] == [marked[Classification.NORMAL][0].pk]
