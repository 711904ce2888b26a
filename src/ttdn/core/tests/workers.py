"""Real `ttdn worker` subprocesses for the kill -9 tests: started on the test database, killed for real."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection

SRC = Path(__file__).resolve().parents[3]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(worker_id: str, **env: str) -> subprocess.Popen:
    """A `ttdn worker` (the production command) named ``worker_id`` (what DBTaskResult.worker_ids records),
    polling every 0.1 s."""
    environ = os.environ | {"DATABASE_URL": database_url(), "PYTHONPATH": str(SRC)} | env
    environ.setdefault("DJANGO_SETTINGS_MODULE", "ttdn.config.settings")
    environ.pop("TTDN_TASKS_BACKEND", None)  # the settings' default: tasks in the database
    command = ["worker", "--no-startup-delay", "--interval", "0.1", "--worker-id", worker_id]
    return subprocess.Popen(
        [sys.executable, "-m", "ttdn.manage", *command],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(workers: dict[str, subprocess.Popen]) -> None:
    for worker in workers.values():
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers.values():
        try:
            worker.wait(10)
        except subprocess.TimeoutExpired:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()


def kill(worker: subprocess.Popen) -> None:
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()


def wait_for(predicate: Callable[[], object], timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False
