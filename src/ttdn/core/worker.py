"""django-tasks-db's worker loop, kept alive when the database connection is lost (`ttdn worker`).

Upstream's loop (``django_tasks_db.management.commands.db_worker.Worker.run``) re-raises every database
error except "database is locked", so a PostgreSQL restart or failover ends the process and nothing runs
until a supervisor starts it again (upstream issue RealOrangeOne/django-tasks-db#49, open). This subclass
runs the same loop again after such an error: it closes the broken connections, waits with a capped,
jittered back-off until the database answers, and goes back to claiming tasks.

What happens to a task that was running when the connection died does not change. Upstream records the
task's error as its outcome, retrying the write three times 0.1 s apart: if Django had dropped the broken
connection (a failed rollback closes it) and the server is back by then, the result is FAILED; if the write
goes to the dead connection, it fails and the result stays RUNNING with this worker's id, as after a kill -9,
and this loop takes over. Either way the task is never claimed again, so it never runs twice; the work it
stood for is finished by the owning app's resume sweep (plans' parse resume, the outreach and monitoring
sweeps; docs/security.md).

Errors from a database that still answers (a missing table, a bad query in the loop) still stop the worker
as upstream does: retrying those would only hide them.
"""

import logging
import random
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connections, router
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import is_locked_database_exception

# The upstream command sets this logger's level and handler from --verbosity.
logger = logging.getLogger("django_tasks_db")

BACKOFF_FIRST = 0.5  # seconds before the first reconnection attempt; a fast restart takes about one
BACKOFF_CAP = 30.0
STABLE_AFTER = 60.0  # a loop that ran this long without losing the database starts the back-off over


def connection_lost(error: Exception) -> bool:
    """Whether ``error`` means the database connection is gone rather than that a working database refused
    something. Judged from the connections themselves, so it holds for any message or driver: after a lost
    connection Django's wrapper has no connection (connecting failed, or a failed rollback closed it) or one
    that no longer answers ``SELECT 1``."""
    if isinstance(error, InterfaceError):  # a closed connection or cursor used again
        return True
    if isinstance(error, OperationalError) and error.args and is_locked_database_exception(error):
        return True  # SQLite's busy timeout ran out outside the claim, which upstream already tolerates
    return any(
        conn.connection is None or not conn.is_usable() for conn in connections.all(initialized_only=True)
    )


def describe(error: BaseException) -> str:
    """The first line of the earliest database error in the chain: the worker's own error is often "the
    connection is closed" from recording a result, raised while handling the server's real message
    ("terminating connection due to administrator command")."""
    earliest = error
    seen = {id(error)}
    cause = error.__context__
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, DatabaseError):
            earliest = cause
        cause = cause.__context__
    text = str(earliest).strip()
    return text.splitlines()[0] if text else type(earliest).__name__


def close_connections() -> None:
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except Exception:  # a broken connection may fail to close; it is dropped either way
            conn.connection = None


def prepare_apps() -> list[str]:
    """Let each app load what its tasks need before the worker claims its first task: an app whose
    ``AppConfig`` has a ``prepare_worker()`` method gets it called once here. Returns the apps prepared.

    A worker started idle would otherwise pay for heavy imports (the monitoring app's extractor) inside
    its first task, and that task's outlets would wait for it. A failure is logged, not raised: the task
    then loads what it needs itself, as before.
    """
    from django.apps import apps

    prepared = []
    for config in apps.get_app_configs():
        prepare = getattr(config, "prepare_worker", None)
        if prepare is None:
            continue
        try:
            prepare()
        except Exception:
            logger.exception(
                "Preparing %s for the worker failed; its tasks load what they need.", config.label
            )
        else:
            prepared.append(config.label)
    return prepared


class ResilientWorker(Worker):
    current_task_id: object = None

    def run(self) -> None:
        delay = BACKOFF_FIRST
        while True:
            started = time.monotonic()
            try:
                super().run()
                return
            except (OperationalError, InterfaceError) as error:
                if not self.running or not connection_lost(error):
                    raise
                if time.monotonic() - started >= STABLE_AFTER:
                    delay = BACKOFF_FIRST
                reason = describe(error)
                if self.current_task_id is not None:
                    logger.warning(
                        "Database connection lost while running task id=%s (%s): the task stays RUNNING "
                        "and is not run again by this worker; worker_id=%s waits for the database.",
                        self.current_task_id,
                        reason,
                        self.worker_id,
                    )
                    self.current_task_id = None
                else:
                    logger.warning(
                        "Database connection lost (%s); worker_id=%s waits for the database.",
                        reason,
                        self.worker_id,
                    )
                delay = self.wait_for_database(delay)
            # Reconnecting workers would all sleep the same random start-up delay again for nothing.
            self.startup_delay = False

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.current_task_id = db_task_result.id
        super().run_task(db_task_result)
        # Left set when recording the outcome raised: the handler above names the task in its log line.
        self.current_task_id = None

    def wait_for_database(self, delay: float) -> float:
        """Sleep, try to connect, double the delay up to the cap, until the database answers. Returns the
        delay to start from if the connection is lost again soon. A signal ends the sleep as it does the
        upstream idle sleep (the worker is not running a task here, so it exits at once)."""
        conn = connections[router.db_for_write(DBTaskResult)]
        attempt = 0
        while True:
            close_connections()
            # Jitter: workers on several machines lost the database at the same moment.
            time.sleep(delay * random.uniform(0.8, 1.2))
            attempt += 1
            delay = min(delay * 2, BACKOFF_CAP)
            try:
                conn.ensure_connection()
                if conn.is_usable():
                    logger.warning(
                        "Database reachable again after %d attempt(s); worker_id=%s resumes.",
                        attempt,
                        self.worker_id,
                    )
                    return delay
            except (OperationalError, InterfaceError) as error:
                reason = describe(error)
                logger.warning("Database still unreachable (%s); next attempt in %.1f s.", reason, delay)
