"""Shared fixtures: the Lạng Sơn directory, and one named user per role."""

import pytest
from django.contrib.auth.models import Permission

from ttdn.core.models import User

DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server", "django_db_setup"}


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL (``make test`` runs the suite on SQLite first), tests that never touch a database are
    left out: they would run the same code a second time and prove nothing new about PostgreSQL.
    On SQLite they run first."""
    from django.conf import settings

    with_db, without_db = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or DATABASE_FIXTURES & set(
            getattr(item, "fixturenames", ())
        )
        (with_db if uses_db else without_db).append(item)
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        if without_db:
            config.hook.pytest_deselected(items=without_db)
        items[:] = with_db
    else:
        # Tests without a database first: other xdist workers run them while one migrates (core/testdb.py).
        items[:] = without_db + with_db


IMMEDIATE_TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    """Tests run background tasks in-process; the db_worker path has its own test."""
    settings.TASKS = IMMEDIATE_TASKS
    # Password hashing is deliberately slow in production; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TTDN_OTP_REQUIRED = False  # force_login and the login fixture skip the second step; core/tests/test_accounts.py turns it on
    # A request in another language leaves it active in the thread; every test starts in Vietnamese.
    from django.utils import translation

    translation.activate("vi")


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """The test database with the Lạng Sơn directory loaded; each test's transaction leaves it intact.
    Under xdist one worker migrates and the others copy its database (core/testdb.py)."""
    from django.test.utils import setup_databases, teardown_databases

    from ttdn.core import testdb
    from ttdn.directory.services import load_reference

    def prepare() -> None:
        load_reference(actor=None, province="lang-son")

    with django_db_blocker.unblock():
        if hasattr(request.config, "workerinput"):
            shared = request.config._tmp_path_factory.getbasetemp().parent
            config = testdb.setup(shared=shared, prepare=prepare)
        else:
            config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
            prepare()
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


def pytest_sessionfinish(session):
    if not hasattr(session.config, "workerinput") and hasattr(session.config, "_tmp_path_factory"):
        from ttdn.core import testdb

        try:
            testdb.drop_template(session.config._tmp_path_factory.getbasetemp())
        except Exception as error:  # a leftover template is harmless; the next run drops it first
            print(f"test database template not dropped: {error}")


@pytest.fixture
def lang_son(db):
    """The Lạng Sơn directory (reloaded when a transactional test flushed the database)."""
    from ttdn.directory.models import Unit
    from ttdn.directory.services import load_reference

    if not Unit.objects.filter(code="ubnd-tinh-lang-son").exists():
        import importlib

        from django.apps import apps

        load_reference(actor=None, province="lang-son")
        # A flush also removed the rows data migrations put in: the default indicators.
        importlib.import_module("ttdn.plans.migrations.0003_default_indicators").add(apps, None)


def _user(username: str, full_name: str, *perms: str, unit: str = "", role: str = "officer", **flags) -> User:
    from ttdn.directory.models import Membership, Unit

    user = User.objects.create_user(
        username=username,
        password="mật-khẩu-thử-nghiệm",
        full_name=full_name,
        email=f"{username}@ttdn.test",
        **flags,
    )
    if unit:
        Membership.objects.create(user=user, unit=Unit.objects.get(code=unit), role=role)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def admin(db) -> User:
    return _user("admin", "Quản trị hệ thống", is_staff=True, is_superuser=True)


FOCAL_UNIT = "so-van-hoa-the-thao-va-du-lich"  # holds the TTĐN function since 2025-07-01


@pytest.fixture
def focal_officer(lang_son) -> User:
    """An officer of the focal department (Sở VHTTDL today): imports, tracks and reviews plans."""
    return _user("chuyenvien", "Nguyễn Thị Lan", "plans.add_planimport", unit=FOCAL_UNIT)


@pytest.fixture
def reader(lang_son) -> User:
    """A province leader: reads everything, changes nothing."""
    return _user("lanhdao", "Hoàng Văn Minh", unit="ubnd-tinh-lang-son", role="province_leader")


@pytest.fixture
def unit_officer(lang_son) -> User:
    """Reports for the provincial Border Guard command (lead of II.4.1)."""
    return _user("bienphong", "Lương Văn Tuấn", unit="bo-chi-huy-bo-doi-bien-phong-tinh")


@pytest.fixture
def unit_leader(lang_son) -> User:
    """Approves the Border Guard command's reports."""
    return _user("chihuy", "Vi Văn Hùng", unit="bo-chi-huy-bo-doi-bien-phong-tinh", role="leader")


@pytest.fixture
def other_officer(lang_son) -> User:
    """An officer of a unit the seed plan gives no task (the provincial Military Command)."""
    return _user("quansu", "Đinh Thị Hoa", unit="bo-chi-huy-quan-su-tinh")


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (Playwright's own browser download is never used)."""
    import os
    import shutil

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI (apt-get install chromium)")
        pytest.skip("chromium is not installed; browser tests skipped")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls here are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    def _login(username: str, password: str = "mật-khẩu-thử-nghiệm") -> None:
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("#login-submit")
        page.wait_for_url(f"{live_server.url}/")

    return _login
