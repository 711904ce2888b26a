"""Restart PostgreSQL (``pg_ctl restart -m fast``) under real processes: a private cluster started for this
module (pgcluster.py; the machine's shared server is never restarted), holding only the two tables the
processes touch (task results and sessions), so no migration has to run.

- ``ttdn worker`` keeps running through the restart and runs the tasks queued after it; the task it was
  running when its connection was cut stays RUNNING, claimed once, never run again. Upstream's
  ``db_worker``, holding a task through the same restart, exits (the control).
- A gunicorn worker whose kept connection died while it was idle answers its next request (a page that reads
  the session) with 200, because the settings turn on Django's connection health check; the same gunicorn
  with the check off answers that request with 500 (the control).

Runs where PostgreSQL 15's server binaries are (``initdb``); it needs no test database, so it runs in the
SQLite pass of ``make test``."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connections

from ttdn.core.tests import pgcluster
from ttdn.core.tests.restart_tasks import echo, hold_connection
from ttdn.core.tests.workers import SRC, wait_for

pytestmark = pytest.mark.skipif(bool(pgcluster.missing()), reason=pgcluster.missing() or "available")

BIN = Path(sys.executable).parent
SESSION_COOKIE = (
    "sessionid=restart0test0session0key000000000"  # unknown key: the page looks it up, finds none
)


@pytest.fixture(scope="module")
def cluster(django_db_blocker):
    from django.contrib.sessions.models import Session
    from django_tasks_db.models import DBTaskResult

    cluster = pgcluster.Cluster(durable=False)
    try:
        with pgcluster.django_alias(cluster.url) as alias:
            with django_db_blocker.unblock(), connections[alias].schema_editor() as editor:
                editor.create_model(DBTaskResult)
                editor.create_model(Session)
            yield cluster, alias
    finally:
        cluster.remove()


def environment(cluster: pgcluster.Cluster, data_dir: Path, **extra: str) -> dict[str, str]:
    env = os.environ | {"DATABASE_URL": cluster.url, "TTDN_DATA_DIR": str(data_dir), "PYTHONPATH": str(SRC)}
    env.pop("TTDN_TASKS_BACKEND", None)  # the settings' default: tasks in the database
    env["DJANGO_SETTINGS_MODULE"] = "ttdn.config.settings"
    return env | extra


def enqueue(alias: str, task, *args) -> str:
    """What the database backend's enqueue writes, on the cluster's alias."""
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.using(alias).create(
        args_kwargs={"args": list(args), "kwargs": {}},
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=None,
        backend_name="default",
    )
    return str(row.pk)


def result(alias: str, pk: str):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.using(alias).get(pk=pk)


def stop(proc: subprocess.Popen) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


def test_worker_survives_a_restart_and_runs_the_tasks_queued_after_it(cluster, django_db_blocker, tmp_path):
    cluster, alias = cluster
    env = environment(cluster, tmp_path)
    common = ["--no-startup-delay", "--interval", "0.1", "--verbosity", "1"]
    logs = {name: tmp_path / f"{name}.log" for name in ("ttdn", "upstream")}
    procs = {
        "upstream": ["db_worker", *common, "--worker-id", "upstream"],
        "ttdn": ["worker", *common, "--worker-id", "resilient"],
    }
    started = {
        name: subprocess.Popen(
            [sys.executable, "-m", "ttdn.manage", *command],
            env=env,
            stdout=logs[name].open("w"),
            stderr=subprocess.STDOUT,
        )
        for name, command in procs.items()
    }
    try:
        with django_db_blocker.unblock():
            # Two tasks that each keep a worker busy past the restart: each worker takes one.
            pair = [enqueue(alias, hold_connection, 60) for _ in range(2)]
            assert wait_for(lambda: {result(alias, pk).status for pk in pair} == {"RUNNING"}, 60), (
                "the workers did not take the tasks"
            )
            holder = {result(alias, pk).worker_ids[0]: pk for pk in pair}
            held, held_control = holder["resilient"], holder["upstream"]
            assert all(proc.poll() is None for proc in started.values())

            cluster.restart()
            connections[alias].close()  # this process's connection died with the rest

            after = [enqueue(alias, echo, n) for n in range(3)]
            assert wait_for(lambda: all(result(alias, pk).status != "READY" for pk in after), 20, 0.1), (
                "the tasks queued after the restart were not run:\n" + logs["ttdn"].read_text()
            )
            assert started["ttdn"].poll() is None, logs["ttdn"].read_text()
            for n, pk in enumerate(after):
                row = result(alias, pk)
                assert (row.status, row.return_value, row.worker_ids) == ("SUCCESSFUL", n, ["resilient"])
            # The task cut by the restart: claimed once, not run again, not finished.
            row = result(alias, held)
            assert (row.status, row.worker_ids, row.finished_at) == ("RUNNING", ["resilient"], None)

            # The control: upstream's worker ended on the same restart.
            assert wait_for(lambda: started["upstream"].poll() is not None, 10), "db_worker survived"
            assert started["upstream"].returncode != 0
            row = result(alias, held_control)
            assert (row.status, row.worker_ids) == ("RUNNING", ["upstream"])
    finally:
        codes = {name: stop(proc) for name, proc in started.items()}
    assert codes["ttdn"] == 0  # still stops cleanly on SIGTERM after the reconnection
    log = logs["ttdn"].read_text()
    assert (
        f"Database connection lost while running task id={held} "
        "(terminating connection due to administrator command)"
    ) in log
    assert "Database reachable again" in log
    assert "terminating connection due to administrator command" in logs["upstream"].read_text()


class Gunicorn:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        # One sync worker: the request after the restart goes to the process holding the dead connection.
        self.proc = subprocess.Popen(
            [
                str(BIN / "gunicorn"), "ttdn.config.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
                "--no-control-socket",
            ],
            env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip

    def get(self) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", "/login/", headers={"Cookie": SESSION_COOKIE})
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def first_answer(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.get()
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


def test_first_request_after_an_idle_restart_is_served(cluster, django_db_blocker, tmp_path):
    cluster, alias = cluster
    checked = Gunicorn(environment(cluster, tmp_path), tmp_path / "checked.log")
    unchecked = Gunicorn(
        environment(cluster, tmp_path, DJANGO_SETTINGS_MODULE="ttdn.core.tests.no_health_check_settings"),
        tmp_path / "unchecked.log",
    )
    try:
        assert checked.first_answer(60) == 200
        assert unchecked.first_answer(60) == 200
        with django_db_blocker.unblock(), connections[alias].cursor() as cursor:
            # Each gunicorn worker now keeps its connection (CONN_MAX_AGE) between requests.
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                "AND pid <> pg_backend_pid() AND state = 'idle'"
            )
            assert cursor.fetchone()[0] >= 2
        cluster.restart()  # no request in flight: both processes are idle
        connections[alias].close()

        assert checked.get() == 200
        assert unchecked.get() == 500  # the control: the kept connection was dead
        assert unchecked.get() == 200  # Django dropped it after the error
    finally:
        stop(checked.proc)
        stop(unchecked.proc)
