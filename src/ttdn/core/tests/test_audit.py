import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType

from ttdn.core import audit
from ttdn.core.models import AuditEvent, User


@pytest.mark.django_db
def test_record_keeps_actor_object_and_changes(admin):
    event = audit.record(
        actor=admin, action="user.rename", obj=admin, changes=audit.diff({"a": 1, "b": 2}, {"a": 1, "b": 3})
    )
    assert (event.actor, event.object_type, event.object_id) == (admin, "core.user", str(admin.pk))
    assert event.changes == {"b": [2, 3]}


@pytest.mark.django_db
def test_admin_writes_are_mirrored_into_the_audit_log(admin):
    LogEntry.objects.log_actions(
        user_id=admin.pk,
        queryset=User.objects.filter(pk=admin.pk),
        action_flag=ADDITION,
        change_message="Added.",
    )
    event = AuditEvent.objects.get(action="admin.add")
    assert (
        event.actor == admin
        and event.object_type == ContentType.objects.get_for_model(User).model_class()._meta.label_lower
    )


@pytest.mark.django_db
def test_first_admin_command_prints_password_once(capsys):
    from django.core.management import call_command

    call_command("create_first_admin")
    first = capsys.readouterr().out
    assert "password:" in first and User.objects.filter(is_superuser=True).count() == 1
    call_command("create_first_admin")
    assert "password:" not in capsys.readouterr().out


def test_login_page_is_vietnamese(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_home_requires_login(client, db):
    assert client.get("/").status_code == 302
