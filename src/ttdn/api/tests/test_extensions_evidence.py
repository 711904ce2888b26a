"""Evidence upload and deadline extensions over the API: same services, same rights as the pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ttdn.plans.models import DeadlineExtension

from .conftest import BASE, save_draft

pytestmark = pytest.mark.django_db


def test_officer_attaches_evidence_and_others_cannot(
    api, border_assignment, unit_officer, other_officer, period
):
    report = save_draft(unit_officer, border_assignment, period)
    officer = api(unit_officer)
    response = officer.client.post(
        f"{BASE}/reports/{report.pk}/evidence",
        {"file": SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\nxx")},
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "anh.png" and report.evidence.count() == 1
    bad = officer.client.post(
        f"{BASE}/reports/{report.pk}/evidence", {"file": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert bad.status_code == 400 and bad.json()["detail"]
    outsider = api(other_officer).client.post(
        f"{BASE}/reports/{report.pk}/evidence", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}
    )
    assert outsider.status_code == 404 and report.evidence.count() == 1


def test_extension_request_and_decision(api, border_assignment, unit_leader, focal_officer):
    leader = api(unit_leader)
    response = leader.post(
        f"/assignments/{border_assignment.pk}/extensions",
        {"requested_end": "2022-03-31", "reason": "Chờ kinh phí"},
    )
    assert response.status_code == 201, response.content
    extension_id = response.json()["id"]
    assert leader.post(f"/extensions/{extension_id}/decide", {"approve": True}).status_code == 403
    decided = api(focal_officer).post(
        f"/extensions/{extension_id}/decide", {"approve": True, "note": "Đồng ý"}
    )
    assert decided.status_code == 200 and decided.json()["state"] == DeadlineExtension.State.APPROVED
    border_assignment.refresh_from_db()
    assert border_assignment.extended_end == datetime.date(2022, 3, 31)
    too_early = leader.post(
        f"/assignments/{border_assignment.pk}/extensions", {"requested_end": "2021-01-01", "reason": "x"}
    )
    assert too_early.status_code == 400
