"""Shared fixtures: the Lạng Sơn directory, and one named user per role."""

import pytest
from django.contrib.auth.models import Permission

from ttdn.core.models import User

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    """Tests run background tasks in-process; the db_worker path has its own test."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def lang_son(db):
    from ttdn.directory.services import load_reference

    return load_reference(actor=None, province="lang-son")


def _user(username: str, full_name: str, *perms: str, **flags) -> User:
    user = User.objects.create_user(username=username, password="mật-khẩu-thử-nghiệm", full_name=full_name, **flags)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


@pytest.fixture
def admin(db) -> User:
    return _user("admin", "Quản trị hệ thống", is_staff=True, is_superuser=True)


@pytest.fixture
def focal_officer(db) -> User:
    """An officer of the focal department: imports and maintains plans."""
    return _user("chuyenvien", "Nguyễn Thị Lan", "plans.add_planimport")


@pytest.fixture
def reader(db) -> User:
    """A leader or a unit reporter: reads plans, imports nothing."""
    return _user("lanhdao", "Hoàng Văn Minh")
