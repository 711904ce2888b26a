"""Accounts: password policy, login lockout, two-step verification (TOTP), sessions, deployment checks."""

import base64
import datetime
import hashlib
import hmac
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ttdn.core.models import AuditEvent, User
from ttdn.core.two_factor import requires_otp
from ttdn.core.views.two_factor import qr_svg

PASSWORD = "mật-khẩu-thử-nghiệm"  # the root conftest's password for every named user


def totp(secret_b32: str, *, at: float | None = None) -> str:
    """RFC 6238 with the authenticator defaults (SHA-1, 30 s, 6 digits), written out independently of
    django-otp so the test checks interoperability with a phone app, not the library against itself."""
    counter = int((time.time() if at is None else at) // 30)
    mac = hmac.new(base64.b32decode(secret_b32), counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(int.from_bytes(mac[offset : offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ngắn-1", "password_too_short"),
        ("1234567890123", "password_entirely_numeric"),
        ("password123", "password_too_common"),
        ("nguyenthilan2026", "password_too_similar"),  # like the user's own name
    ],
)
def test_password_policy(db, password, code):
    user = User(username="nguyenthilan", full_name="Nguyễn Thị Lan", email="lan@ttdn.test")
    with pytest.raises(ValidationError) as info:
        validate_password(password, user)
    assert code in {e.code for e in info.value.error_list}, info.value.messages
    validate_password("Biên-giới-Hữu-Nghị-2026", user)


@pytest.mark.django_db
def test_login_is_locked_after_five_failures(client, unit_officer, settings):
    settings.AXES_FAILURE_LIMIT = 5
    url = reverse("login")
    statuses = [
        client.post(url, {"username": "bienphong", "password": f"sai-{i}"}).status_code for i in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    # Even the right password is refused while the lock holds, and the page says why in Vietnamese.
    response = client.post(url, {"username": "bienphong", "password": PASSWORD})
    assert response.status_code == 429 and 'id="locked-out"' in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="account.login_failed").count() >= 5
    locked = AuditEvent.objects.filter(action="account.locked_out").order_by("seq").first()
    assert locked.changes == {"username": "bienphong"} and locked.ip == "127.0.0.1"
    # Another user from the same address is not affected.
    assert client.post(url, {"username": "quansu", "password": "sai"}).status_code == 200


@pytest.mark.django_db
def test_who_needs_a_second_step(admin, focal_officer, reader, unit_officer, unit_leader, lang_son):
    from ttdn.directory.models import Unit
    from ttdn.plans.models import Plan

    assert requires_otp(admin) and requires_otp(focal_officer)
    assert not requires_otp(reader) and not requires_otp(unit_officer) and not requires_otp(unit_leader)
    # An officer of a unit that is some plan's focal unit is a focal officer, permission or not.
    Plan.objects.create(
        title="Kế hoạch TTĐN 2026",
        year=2026,
        reference_date=datetime.date(2026, 1, 1),
        focal_unit=Unit.objects.get(code="bo-chi-huy-bo-doi-bien-phong-tinh"),
    )
    assert requires_otp(User.objects.get(pk=unit_leader.pk)) and requires_otp(
        User.objects.get(pk=unit_officer.pk)
    )


@pytest.fixture
def otp_on(settings):
    settings.TTDN_OTP_REQUIRED = True


@pytest.mark.django_db
def test_second_step_setup_then_verify_with_real_codes(client, focal_officer, otp_on, settings):
    # django-otp slows down guessing (1 s, doubling, after each wrong code); this test needs no pause.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    response = client.post(reverse("login"), {"username": "chuyenvien", "password": PASSWORD})
    assert response.status_code == 302
    # Logged in with the password only: every page leads to setting up the authenticator.
    response = client.get("/plans/")
    setup_url = reverse("core:otp_setup")
    assert response.status_code == 302 and response["Location"].startswith(setup_url)
    assert "next=%2Fplans%2F" in response["Location"]

    page = client.get(response["Location"])
    html = page.content.decode()
    secret = re.search(r'<code id="otp-secret">([A-Z2-7]+)</code>', html).group(1)
    device = TOTPDevice.objects.get(user=focal_officer)
    assert not device.confirmed and f"secret={secret}" in device.config_url
    assert "issuer=TT%C4%90N" in device.config_url and qr_svg(device.config_url) in html
    assert client.get(setup_url).content.decode().count(secret) == 1  # a reload keeps the same secret

    wrong = client.post(
        setup_url, {"token": "000000" if totp(secret) != "000000" else "111111", "next": "/plans/"}
    )
    assert wrong.status_code == 400 and "errorlist" in wrong.content.decode()
    done = client.post(setup_url, {"token": totp(secret), "next": "/plans/"})
    assert done.status_code == 302 and done["Location"] == "/plans/"
    assert client.get("/plans/").status_code == 200
    assert AuditEvent.objects.filter(action="account.otp_enrol", actor=focal_officer).exists()

    # A new session needs the code again; the code of the step already used cannot be replayed.
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "chuyenvien", "password": PASSWORD})
    response = client.get("/plans/")
    assert response["Location"].startswith(reverse("core:otp_verify"))
    replay = client.post(reverse("core:otp_verify"), {"token": totp(secret), "next": "/plans/"})
    assert replay.status_code == 400
    ok = client.post(
        reverse("core:otp_verify"), {"token": totp(secret, at=time.time() + 30), "next": "/plans/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/plans/"
    assert client.get("/plans/").status_code == 200
    assert AuditEvent.objects.filter(action="account.otp_fail", actor=focal_officer).count() == 2


@pytest.mark.django_db
def test_users_without_the_requirement_and_exempt_paths_pass(client, reader, admin, otp_on):
    client.force_login(reader)
    assert client.get("/plans/").status_code == 200
    client.force_login(admin)
    assert client.get("/plans/").status_code == 302
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get("/api/v1/plans").status_code == 401  # token API: no session, no second step
    htmx = client.get("/plans/", headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith(reverse("core:otp_setup"))
    # An unsafe "next" is not followed.
    assert (
        'value="/"'
        in client.get(reverse("core:otp_setup"), {"next": "https://evil.example/"}).content.decode()
    )


@pytest.mark.django_db
def test_sessions_end_after_eight_hours_and_at_browser_close(client, reader):
    response = client.post(reverse("login"), {"username": "lanhdao", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.get_expiry_age() == 8 * 3600
    assert client.session.get_expire_at_browser_close()
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and not cookie["max-age"]
    event = AuditEvent.objects.get(action="account.login")
    assert event.actor == reader and event.ip == "127.0.0.1"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    src = Path(__file__).resolve().parents[3]
    # A production process: none of the test run's own switches (the browser fixture sets an async one).
    dropped = {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("TTDN_")}
    return subprocess.run(
        [sys.executable, "-m", "ttdn.manage", *args],
        env={**clean, "PYTHONPATH": str(src), "DJANGO_SETTINGS_MODULE": "ttdn.config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    production = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "ttdn.langson.gov.vn",
        "TTDN_DATA_DIR": str(tmp_path),
        # Reminders go out by e-mail: production names its SMTP server (Django refuses the console one).
        "EMAIL_URL": "smtp://mail.langson.gov.vn:25",
    }
    # One process: the settings a production start gets, then the deployment check on them.
    script = (
        "from django.conf import settings as s; from django.core.management import call_command; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_AGE, "
        "s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.DEBUG); "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = _manage("shell", "-c", script, **production)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "True True 31536000 28800 True False" in result.stdout
    # Behind a proxy that says how the client connected, Django redirects to HTTPS itself: nothing silenced.
    behind = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        TTDN_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
        **production,
    )
    assert behind.returncode == 0 and "no issues (0 silenced)" in behind.stdout, behind.stdout + behind.stderr


@pytest.mark.django_db
def test_users_without_a_second_step_are_not_re_examined_on_every_page(
    client, unit_officer, otp_on, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ttdn.core.two_factor import NOT_REQUIRED_SESSION_KEY

    client.force_login(unit_officer)
    assert client.get(reverse("directory:unit_list")).status_code == 200
    assert client.session[NOT_REQUIRED_SESSION_KEY] > time.time()
    # The answer is kept in the session: a page costs the same queries as with the requirement off.
    with CaptureQueriesContext(connection) as required:
        client.get(reverse("directory:unit_list"))
    settings.TTDN_OTP_REQUIRED = False
    with CaptureQueriesContext(connection) as not_required:
        client.get(reverse("directory:unit_list"))
    assert len(required.captured_queries) == len(not_required.captured_queries)
    assert not any("plans_plan" in q["sql"] for q in required.captured_queries)


@pytest.mark.django_db
def test_a_new_focal_officer_is_asked_for_a_code_once_the_kept_answer_expires(client, unit_officer, otp_on):
    from ttdn.core.two_factor import NOT_REQUIRED_SESSION_KEY
    from ttdn.directory.models import Unit
    from ttdn.plans.models import Plan

    client.force_login(unit_officer)
    assert client.get(reverse("directory:unit_list")).status_code == 200
    Plan.objects.create(
        title="Kế hoạch TTĐN 2027",
        year=2027,
        reference_date=datetime.date(2027, 1, 1),
        focal_unit=Unit.objects.get(code="bo-chi-huy-bo-doi-bien-phong-tinh"),
    )
    assert client.get(reverse("directory:unit_list")).status_code == 200  # still within the kept answer
    session = client.session
    session[NOT_REQUIRED_SESSION_KEY] = time.time() - 1
    session.save()
    response = client.get(reverse("directory:unit_list"))
    assert response.status_code == 302 and "/account/two-step/" in response["Location"]
