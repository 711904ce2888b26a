"""The background path as it runs in production: tasks queued in the database, run by `db_worker`."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from ttdn.plans.models import Notification, PlanImport
from ttdn.plans.tasks import send_reminders_and_reschedule

pytestmark = pytest.mark.django_db(transaction=True)

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_upload_is_parsed_by_the_db_worker(settings, lang_son, upload, seed_text):
    settings.TASKS = DB_TASKS
    plan_import = upload(seed_text)
    assert plan_import.status == PlanImport.Status.PARSING  # queued, not run in the request
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.READY and len(plan_import.parsed["tasks"]) == 17


def test_reminder_sweep_reschedules_itself_and_never_repeats(settings, seed_plan, unit_officer, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    week_before = datetime.datetime(2021, 12, 24, 9, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: week_before)
    send_reminders_and_reschedule.enqueue()
    send_reminders_and_reschedule.enqueue()  # a second worker or a double start: harmless
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--max-tasks", "2")
    assert Notification.objects.filter(user=unit_officer, kind="deadline").count() == 1
    queued = DBTaskResult.objects.filter(status="READY", task_path__endswith="send_reminders_and_reschedule")
    assert queued.count() == 2 and all(t.run_after > week_before for t in queued)
