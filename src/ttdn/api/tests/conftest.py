"""API test helpers: a client that sends a user's bearer token, and reports in each state."""

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ttdn.api.services import api_token_create
from ttdn.plans import services
from ttdn.plans.models import Assignment, ProgressReport, ReportingPeriod
from ttdn.plans.tests import conftest as plans_fixtures

# The plans app's fixtures (the imported seed plan and its Border Guard assignment), reused as they are.
seed_text = plans_fixtures.seed_text
upload = plans_fixtures.upload
seed_plan = plans_fixtures.seed_plan
border_assignment = plans_fixtures.border_assignment

BASE = "/api/v1"


class ApiClient:
    """Real HTTP requests through Django's test client, JSON in and out, one user's token."""

    def __init__(self, key: str | None) -> None:
        headers = {"accept-language": "en"}
        if key is not None:
            headers["authorization"] = f"Bearer {key}"
        self.client = Client(headers=headers)

    def get(self, path: str, **params: Any):
        return self.client.get(BASE + path, params)

    def post(self, path: str, body: Any = None):
        data = json.dumps(body) if body is not None else ""
        return self.client.post(BASE + path, data, content_type="application/json")


@pytest.fixture
def api():
    """``api(user)``: a client authenticated as the user with a new token; ``api(None)``: no token."""

    def _for(user) -> ApiClient:
        if user is None:
            return ApiClient(None)
        _token, key = api_token_create(actor=None, user=user, name="tests")
        return ApiClient(key)

    return _for


@pytest.fixture
def period(seed_plan) -> ReportingPeriod:
    return ReportingPeriod.objects.get(plan=seed_plan, frequency="quarterly", label="Quý II/2021")


@pytest.fixture
def other_assignment(seed_plan) -> Assignment:
    """The lead assignment of II.6, a task the Border Guard command has no part in."""
    return Assignment.objects.filter(
        task__plan=seed_plan, task__code="II.6", role="lead", active=True
    ).first()


def save_draft(officer, assignment, period, **fields) -> ProgressReport:
    values = {"progress": "in_progress", "percent": 40, "narrative": "Tuyên truyền tại xã biên giới."}
    return services.report_save(actor=officer, assignment=assignment, period=period, **(values | fields))


@pytest.fixture
def draft_report(border_assignment, unit_officer, period) -> ProgressReport:
    report = save_draft(unit_officer, border_assignment, period)
    services.evidence_add(
        actor=unit_officer, report=report, uploaded_file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x")
    )
    return report


@pytest.fixture
def submitted_report(draft_report, unit_officer) -> ProgressReport:
    return services.report_submit(actor=unit_officer, report=draft_report)


@pytest.fixture
def approved_report(submitted_report, unit_leader) -> ProgressReport:
    return services.report_approve(actor=unit_leader, report=submitted_report)
