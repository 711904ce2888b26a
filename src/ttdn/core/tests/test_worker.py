"""`ttdn worker` on the test database (SQLite or PostgreSQL): the same queue and options as django-tasks-db's
`db_worker`, and what it counts as a lost connection. Losing a real connection is test_pg_restart.py."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django_tasks_db.models import DBTaskResult

from ttdn.core.tests.restart_tasks import echo
from ttdn.core.tests.workers import DB_TASKS
from ttdn.core.worker import connection_lost, describe, prepare_apps

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_runs_queued_tasks_like_db_worker(settings):
    settings.TASKS = DB_TASKS
    queued = [echo.enqueue(n) for n in range(3)]

    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", "--max-tasks", "2")
    rows = [DBTaskResult.objects.get(pk=r.id) for r in queued]
    assert [(row.status, row.return_value) for row in rows] == [
        ("SUCCESSFUL", 0),
        ("SUCCESSFUL", 1),
        ("READY", None),
    ]

    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", "--worker-id", "second")
    row = DBTaskResult.objects.get(pk=queued[2].id)
    assert (row.status, row.return_value, row.worker_ids) == ("SUCCESSFUL", 2, ["second"])


def test_an_error_from_a_working_database_is_not_a_lost_connection():
    # A bad query in the worker loop must still stop the worker, as upstream does, not be retried for ever.
    with pytest.raises(DatabaseError) as raised, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT * FROM ttdn_no_such_table")
    assert not connection_lost(OperationalError(str(raised.value)))
    assert connection_lost(OperationalError("database is locked"))  # SQLite's busy timeout: wait and retry
    assert connection_lost(InterfaceError("the connection is closed"))


def test_a_closed_connection_is_a_lost_one():
    if connection.vendor == "sqlite":
        pytest.skip("a SQLite connection is a file: it is not lost, and Django never finds it unusable")
    connection.ensure_connection()
    connection.connection.close()  # what the server's shutdown leaves behind in the process
    try:
        assert connection_lost(OperationalError("the connection is closed"))
    finally:
        connection.close()


def test_the_log_names_the_servers_reason_not_the_follow_up_error():
    try:
        try:
            raise OperationalError("terminating connection due to administrator command\nSSL detail")
        except OperationalError:
            raise OperationalError("the connection is closed") from None
    except OperationalError as error:
        assert describe(error) == "terminating connection due to administrator command"


def test_apps_are_prepared_before_the_first_task(settings, monkeypatch):
    # The monitoring app loads its extractor there, not inside a poll's first page.
    from django.apps import apps

    from ttdn.core.worker import ResilientWorker

    settings.TASKS = DB_TASKS
    config, events = apps.get_app_config("monitoring"), []
    real_prepare, real_run_task = config.prepare_worker, ResilientWorker.run_task

    def prepare() -> None:
        events.append("prepare")
        real_prepare()

    def run_task(self, db_task_result) -> None:
        events.append("task")
        real_run_task(self, db_task_result)

    monkeypatch.setattr(config, "prepare_worker", prepare)
    monkeypatch.setattr(ResilientWorker, "run_task", run_task)
    echo.enqueue(1)
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0")
    assert events == ["prepare", "task"]


def test_a_failing_preparation_is_logged_and_the_worker_goes_on(monkeypatch, caplog):
    from django.apps import apps

    config = apps.get_app_config("monitoring")

    def broken() -> None:
        raise ImportError("no extractor")

    monkeypatch.setattr(config, "prepare_worker", broken)
    assert "monitoring" not in prepare_apps()
    assert "Preparing monitoring for the worker failed" in caplog.text
