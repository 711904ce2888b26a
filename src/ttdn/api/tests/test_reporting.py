"""A whole report cycle over HTTP, and bad input answered with a status and a message a client can show."""

import datetime

import pytest
from django.utils import timezone

from ttdn.core.models import AuditEvent
from ttdn.plans.models import ProgressReport

pytestmark = pytest.mark.django_db


def test_full_report_cycle(api, border_assignment, period, unit_officer, unit_leader, focal_officer):
    officer, leader, focal = api(unit_officer), api(unit_leader), api(focal_officer)
    a = border_assignment.pk

    body = {
        "period_id": period.pk,
        "progress": "in_progress",
        "percent": 40,
        "narrative": "Tổ chức 3 buổi tuyên truyền.",
        "indicators": {"events": 3, "participants": "250"},
    }
    created = officer.post(f"/assignments/{a}/reports", body)
    assert created.status_code == 201, created.content
    report = created.json()
    assert report["state"] == "draft" and report["indicators"] == {"events": "3", "participants": "250"}
    assert report["allowed_steps"] == ["edit", "submit"]
    r = report["id"]

    updated = officer.post(f"/assignments/{a}/reports", body | {"percent": 60})
    assert updated.status_code == 200 and updated.json()["id"] == r and updated.json()["percent"] == 60

    assert officer.post(f"/reports/{r}/submit").json()["state"] == "submitted"
    assert leader.get(f"/reports/{r}").json()["allowed_steps"] == ["approve", "send_back"]
    assert leader.post(f"/reports/{r}/approve", {"comment": "Đồng ý."}).json()["state"] == "approved"

    returned = focal.post(f"/reports/{r}/return", {"comment": "Bổ sung số liệu người tham dự."})
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    assert returned.json()["history"][-1]["comment"] == "Bổ sung số liệu người tham dự."
    assert returned.json()["history"][-1]["actor"] == "chuyenvien"

    redone = officer.post(
        f"/assignments/{a}/reports", body | {"progress": "done", "done_on": "2021-05-20", "percent": 0}
    )
    assert redone.status_code == 200 and redone.json()["state"] == "draft"
    assert redone.json()["percent"] == 100  # "done" means 100 %, whatever was sent
    officer.post(f"/reports/{r}/submit")
    leader.post(f"/reports/{r}/approve")
    accepted = focal.post(f"/reports/{r}/accept", {"comment": "Đạt."})
    assert accepted.status_code == 200, accepted.content

    final = focal.get(f"/reports/{r}").json()
    assert final["state"] == "accepted" and final["accepted_at"] and final["allowed_steps"] == []
    assert [(h["from_state"], h["to_state"]) for h in final["history"]] == [
        ("draft", "submitted"),
        ("submitted", "approved"),
        ("approved", "returned"),
        ("returned", "draft"),
        ("draft", "submitted"),
        ("submitted", "approved"),
        ("approved", "accepted"),
    ]
    assignment = focal.get(f"/assignments/{a}").json()
    assert assignment["status"] == "done_on_time" and assignment["done_on"] == "2021-05-20"
    listed = officer.get(f"/assignments/{a}/reports").json()
    assert listed["count"] == 1 and listed["items"][0]["state"] == "accepted"
    # Every write went through the services, so each is in the audit log under its author.
    actions = list(
        AuditEvent.objects.filter(object_type="plans.progressreport").values_list("action", "actor__username")
    )
    assert ("report.create", "bienphong") in actions and ("report.accepted", "chuyenvien") in actions
    assert ("report.returned", "chuyenvien") in actions and ("report.approved", "chihuy") in actions


def test_report_detail_lists_evidence_with_download_urls(api, draft_report, unit_officer, focal_officer):
    body = api(unit_officer).get(f"/reports/{draft_report.pk}").json()
    [evidence] = body["evidence"]
    assert evidence["name"] == "bien-ban.pdf" and evidence["content_type"] == "application/pdf"
    assert evidence["url"] == f"/plans/evidence/{evidence['id']}/"
    assert evidence["api_url"] == f"/api/v1/evidence/{evidence['id']}"
    download = api(focal_officer).client.get(evidence["api_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 x"


def _report(period, **fields):
    return {"period_id": period.pk, "progress": "in_progress", "percent": 10, "narrative": "x"} | fields


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"percent": 150}, "percent"),
        ({"percent": -1}, "percent"),
        ({"progress": "finished"}, "progress"),
        ({"period_id": "abc"}, "period_id"),
        ({"done_on": "20/05/2021"}, "done_on"),
    ],
)
def test_malformed_report_is_422_naming_the_field(
    api, unit_officer, border_assignment, period, fields, field
):
    response = api(unit_officer).post(
        f"/assignments/{border_assignment.pk}/reports", _report(period, **fields)
    )
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert any(e["loc"][-1] == field and e["msg"] for e in errors), errors
    assert not ProgressReport.objects.exists()


def test_missing_body_field_is_422(api, unit_officer, border_assignment):
    response = api(unit_officer).post(f"/assignments/{border_assignment.pk}/reports", {"progress": "done"})
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} == {"period_id"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"period_id": 999999}, "Unknown reporting period: 999999."),
        ({"indicators": {"nope": 1}}, "Indicator nope is not reported for this task."),
        ({"indicators": {"events": "nhiều"}}, "Indicator events must be a number."),
        (
            {"progress": "done", "done_on": str(timezone.localdate() + datetime.timedelta(days=3))},
            "The completion date cannot be in the future.",
        ),
    ],
)
def test_refused_report_is_400_with_the_reason(api, unit_officer, border_assignment, period, fields, message):
    response = api(unit_officer).post(
        f"/assignments/{border_assignment.pk}/reports", _report(period, **fields)
    )
    assert response.status_code == 400
    assert response.json() == {"detail": message}
    assert not ProgressReport.objects.exists()


def test_step_refused_by_the_workflow_is_400(
    api, approved_report, submitted_report, unit_officer, focal_officer
):
    focal = api(focal_officer)
    response = focal.post(f"/reports/{approved_report.pk}/return", {"comment": "   "})
    assert response.status_code == 400 and "comment is required" in response.json()["detail"]
    focal.post(f"/reports/{approved_report.pk}/accept")
    again = focal.post(f"/reports/{approved_report.pk}/accept")
    assert again.status_code == 400 and "that step is not possible now" in again.json()["detail"]
    # A report accepted cannot be edited by its officer any more.
    edit = api(unit_officer).post(
        f"/assignments/{approved_report.assignment_id}/reports", _report(approved_report.period)
    )
    assert edit.status_code == 400 and "can no longer be edited" in edit.json()["detail"]


def test_invalid_json_is_refused(api, unit_officer, border_assignment):
    response = api(unit_officer).client.post(
        f"/api/v1/assignments/{border_assignment.pk}/reports", "{not json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/plans", {"limit": 201}, 422),
        ("/plans", {"limit": 0}, 422),
        ("/plans", {"offset": -1}, 422),
        ("/plans/{p}/tasks", {"timeframe": "someday"}, 422),
        ("/plans/{p}/tasks", {"quarter": 5}, 422),
        ("/plans/{p}/tasks", {"unit": "no-such-unit"}, 400),
        ("/plans/{p}/assignments", {"status": "lost"}, 422),
    ],
)
def test_bad_query_parameters(api, focal_officer, seed_plan, path, params, status):
    response = api(focal_officer).get(path.format(p=seed_plan.pk), **params)
    assert response.status_code == status, response.content
    assert response.json()["detail"]


def test_pagination(api, focal_officer, seed_plan):
    client = api(focal_officer)
    first = client.get(f"/plans/{seed_plan.pk}/tasks", limit=5).json()
    second = client.get(f"/plans/{seed_plan.pk}/tasks", limit=5, offset=5).json()
    assert first["count"] == second["count"] > 10 and (first["limit"], second["offset"]) == (5, 5)
    assert len(first["items"]) == len(second["items"]) == 5
    assert not {t["id"] for t in first["items"]} & {t["id"] for t in second["items"]}
    everything = client.get(f"/plans/{seed_plan.pk}/tasks", limit=200).json()
    assert [t["id"] for t in everything["items"][:10]] == [t["id"] for t in first["items"] + second["items"]]
