"""Kill -9 a real db_worker in the middle of a campaign, start another: nothing lost, nothing sent twice, and
what was in flight becomes "unknown"."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from ttdn.outreach.models import Campaign, Message
from ttdn.outreach.services.campaigns import (
    campaign_approve,
    campaign_save,
    campaign_schedule,
    campaign_submit,
)
from ttdn.outreach.tasks import sweep_campaigns_and_reschedule

pytestmark = pytest.mark.django_db(transaction=True)

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
SRC = Path(__file__).resolve().parents[3]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker() -> subprocess.Popen:
    env = os.environ | {
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "ttdn.outreach.tests.worker_settings",
        "PYTHONPATH": str(SRC),
    }
    env.pop("TTDN_TASKS_BACKEND", None)
    return subprocess.Popen(
        [sys.executable, "-m", "ttdn.manage", "db_worker", "--no-startup-delay", "--interval", "0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_kill_and_restart(settings, lang_son, many, composer, approver, smsc, wire):
    settings.TASKS = DB_TASKS
    sim = smsc(throughput=60, burst=6, receipt_delay=0.01)
    wire(sim, throughput=60, window=10)
    campaign = campaign_save(actor=composer, title="Crash", texts={"vi": "Thong bao kiem tra"})
    campaign = campaign_approve(actor=approver, campaign=campaign_submit(actor=composer, campaign=campaign))
    campaign_schedule(actor=composer, campaign=campaign)  # messages persisted, dispatch queued in the db
    assert Message.objects.filter(campaign=campaign, status="queued").count() == many

    # Two workers boot together (booting Django is the slow part); whichever takes the campaign is killed.
    workers = {w.pid: w for w in (_worker(), _worker())}
    try:
        assert _wait(lambda: len(sim.submits) >= 50, 40), "no worker started sending"
        owner = Campaign.objects.get(pk=campaign.pk).lease_owner
        victim = int(owner.split(":")[1])
        os.kill(victim, signal.SIGKILL)
        workers.pop(victim).wait()
        sent_before_kill = len(sim.submits)
        in_flight = Message.objects.filter(campaign=campaign, status="submitting").count()
        assert sent_before_kill < many and in_flight > 0

        # The periodic sweep, next time round, after the dead worker's lease (1.5 s here) has run out.
        later = timezone.now() + datetime.timedelta(seconds=2)
        sweep_campaigns_and_reschedule.using(run_after=later).enqueue()
        assert _wait(lambda: Campaign.objects.get(pk=campaign.pk).status == "done", 40), (
            "restart did not finish"
        )
    finally:
        for worker in workers.values():
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(worker.pid, signal.SIGKILL)

    destinations = sim.destinations()
    assert len(destinations) == len(set(destinations)), "a message was sent twice"
    statuses = dict(Message.objects.filter(campaign=campaign).values_list("phone", "status"))
    # "submitted": accepted by the SMSC, whose receipt went to the killed worker's socket.
    assert set(statuses.values()) <= {"delivered", "submitted", "unknown"}, "a message was lost"
    unknown = {p for p, s in statuses.items() if s == "unknown"}
    assert len(unknown) == in_flight
    delivered = {p.lstrip("+") for p, s in statuses.items() if s in ("delivered", "submitted")}
    assert delivered <= set(destinations) and len(delivered) + len(unknown) == many
    assert list(statuses.values()).count("delivered") >= many - in_flight - 20
    # Unknown ones were never resent by the second worker.
    assert set(destinations) - delivered <= {p.lstrip("+") for p in unknown}
