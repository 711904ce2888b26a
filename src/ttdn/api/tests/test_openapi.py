"""The schema is served (without a token: it describes, it discloses no data) and lists every endpoint."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/plans": {"get"},
    "/api/v1/plans/{plan_id}": {"get"},
    "/api/v1/plans/{plan_id}/tasks": {"get"},
    "/api/v1/plans/{plan_id}/assignments": {"get"},
    "/api/v1/tasks/{task_id}": {"get"},
    "/api/v1/assignments/{assignment_id}": {"get"},
    "/api/v1/assignments/{assignment_id}/reports": {"get", "post"},
    "/api/v1/reports/{report_id}": {"get"},
    "/api/v1/reports/{report_id}/submit": {"post"},
    "/api/v1/reports/{report_id}/approve": {"post"},
    "/api/v1/reports/{report_id}/send_back": {"post"},
    "/api/v1/reports/{report_id}/accept": {"post"},
    "/api/v1/reports/{report_id}/return": {"post"},
    "/api/v1/evidence/{evidence_id}": {"get"},
    "/api/v1/reports/{report_id}/evidence": {"post"},
    "/api/v1/assignments/{assignment_id}/extensions": {"post"},
    "/api/v1/extensions/{extension_id}/decide": {"post"},
}


def test_openapi_json_lists_every_path_with_bearer_auth():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["version"] == "1"
    assert {path: set(ops) for path, ops in schema["paths"].items()} == PATHS
    [scheme] = schema["components"]["securitySchemes"].values()
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    limit = next(p for p in schema["paths"]["/api/v1/plans"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 200


def test_docs_page_is_served():
    assert Client().get("/api/v1/docs").status_code == 200
