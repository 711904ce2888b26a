"""The reminder sweep task runs the service and queues its next run."""

import datetime

import pytest
from django.utils import timezone

from ttdn.activities import services, tasks
from ttdn.plans.models import Notification

pytestmark = pytest.mark.django_db


def test_sweep_task_sends_due_reminders(press_task, focal_officer, border_guard, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    today = timezone.localdate()
    start = today + datetime.timedelta(days=14)
    while not 1 <= (services.permit_deadline_for(start) - today).days <= 7:
        start += datetime.timedelta(days=1)
    ReporterVisit = services.press.ReporterVisit
    ReporterVisit.objects.create(
        task=press_task,
        reporter="Kim Min-jun",
        outlet="KBS",
        country="Hàn Quốc",
        starts_on=start,
        ends_on=start,
        accompanying_unit=border_guard,
        permit_deadline=services.permit_deadline_for(start),
    )
    assert tasks.permit_reminders_and_reschedule.call() >= 1
    assert Notification.objects.filter(kind="permit", user=focal_officer).exists()
