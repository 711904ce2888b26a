import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_sms_encode_json(capsys):
    call_command("sms_encode", "Xin chào Lạng Sơn", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out == {"encoding": "UCS2", "segments": 1, "length_units": 17, "parts": ["Xin chào Lạng Sơn"]}


def test_sms_encode_fold(capsys):
    call_command("sms_encode", "Xin chào Lạng Sơn", "--json", "--fold")
    out = json.loads(capsys.readouterr().out)
    assert out == {"encoding": "GSM7", "segments": 1, "length_units": 17, "parts": ["Xin chao Lang Son"]}


def test_sms_encode_empty_exits_2():
    with pytest.raises(CommandError) as err:
        call_command("sms_encode", "", "--json")
    assert err.value.returncode == 2


@pytest.mark.django_db
def test_schedule_outreach_once(settings, capsys):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    call_command("schedule_outreach")
    call_command("schedule_outreach")
    assert DBTaskResult.objects.filter(task_path__endswith="sweep_campaigns_and_reschedule").count() == 1
    assert "already scheduled" in capsys.readouterr().out
