"""Tokens: created once with the key shown once, only a hash kept, every failure a JSON 401."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from ttdn.api.models import ApiToken
from ttdn.api.services import ApiTokenError, api_token_create, api_token_revoke
from ttdn.core.models import AuditEvent

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_create_returns_the_key_once_and_stores_only_its_hash(focal_officer, admin):
    token, key = api_token_create(actor=admin, user=focal_officer, name="  Hệ thống báo cáo  ")
    assert key.startswith("ttdn_") and len(key) > 40
    token.refresh_from_db()
    assert token.name == "Hệ thống báo cáo"
    assert token.key_prefix == key[:8]
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in {str(v) for v in stored.values()}
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == admin and event.changes["user"] == "chuyenvien" and key not in str(event.changes)


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_create_refuses_a_missing_or_long_name(focal_officer, name):
    with pytest.raises(ApiTokenError):
        api_token_create(actor=None, user=focal_officer, name=name)
    assert not ApiToken.objects.exists()


def test_a_valid_token_authenticates_and_is_marked_used(focal_officer):
    token, key = api_token_create(actor=None, user=focal_officer, name="script")
    response = ApiClient(key).get("/plans")
    assert response.status_code == 200, response.content
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "Authentication required"),
        ("Token abc", "Authentication required"),  # another scheme
        ("Bearer", "Authentication required"),
        ("Bearer ttdn_not-a-real-key-at-all", "unknown or has been revoked"),
        ("Bearer short", "unknown or has been revoked"),
    ],
)
def test_missing_or_unknown_token_is_401_json(focal_officer, header, message):
    api_token_create(actor=None, user=focal_officer, name="script")
    headers = {"accept-language": "en"} | ({"authorization": header} if header else {})
    response = Client(headers=headers).get("/api/v1/plans")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert message in response.json()["detail"]


def test_a_key_with_a_known_prefix_but_wrong_rest_is_refused(focal_officer):
    _token, key = api_token_create(actor=None, user=focal_officer, name="script")
    assert ApiClient(key[:8] + "x" * (len(key) - 8)).get("/plans").status_code == 401


def test_revoked_token_is_refused_and_revoking_is_audited_once(focal_officer, admin):
    token, key = api_token_create(actor=None, user=focal_officer, name="script")
    client = ApiClient(key)
    assert client.get("/plans").status_code == 200
    api_token_revoke(actor=admin, token=token)
    api_token_revoke(actor=admin, token=token)  # already revoked: nothing more happens
    response = client.get("/plans")
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_token_of_a_disabled_user_is_refused(focal_officer):
    _token, key = api_token_create(actor=None, user=focal_officer, name="script")
    focal_officer.is_active = False
    focal_officer.save()
    assert ApiClient(key).get("/plans").status_code == 401


def test_a_browser_session_is_not_enough(client, focal_officer):
    # The API takes tokens only: a signed-in browser tab cannot be driven into writes (no CSRF surface).
    client.force_login(focal_officer)
    assert client.get("/api/v1/plans").status_code == 401


def test_command_prints_a_working_key_once(focal_officer):
    out = StringIO()
    call_command("create_api_token", "chuyenvien", "Cổng dữ liệu", stdout=out)
    key = next(line for line in out.getvalue().splitlines() if line.startswith("ttdn_"))
    assert ApiToken.objects.get().name == "Cổng dữ liệu"
    assert ApiClient(key).get("/plans").status_code == 200


def test_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="nobody"):
        call_command("create_api_token", "nobody", "x", stdout=StringIO())


def test_admin_lists_tokens_without_keys_and_revokes(client, admin, focal_officer):
    token, key = api_token_create(actor=None, user=focal_officer, name="script")
    client.force_login(admin)
    page = client.get("/admin/api/apitoken/").content.decode()
    assert "script" in page and token.key_prefix in page
    assert key not in page and token.key_hash not in page
    response = client.post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.get(action="api_token.revoke").actor == admin
    assert client.get("/admin/api/apitoken/add/").status_code == 403
