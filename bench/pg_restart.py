"""Issue 8, faults: restart PostgreSQL under load and while idle. Work resumes, nothing lost, nothing duplicated.

A private PostgreSQL 15 cluster (ttdn/core/tests/pgcluster.py: initdb in a temporary directory, 127.0.0.1 on a
free port, trust authentication, run as the ``postgres`` OS user) is what gets restarted: the machine's shared
server never is. Against it run gunicorn (2 workers) and one ``ttdn worker`` with no supervisor, while this
process uploads plan imports of the seed plan (each queues ``parse_plan_import``) and two HTTP clients poll
``/healthz`` and an API list with a token. Mid-run, ``pg_ctl restart -m fast``. Then every upload must be
parsed, once, by the same worker process. Then, with nothing in flight, a second restart: the first
requests after it (to gunicorn with the project's settings, and to a control gunicorn without the connection
health check) and one more upload, which the same worker must parse.

Alone: ``PYTHONPATH=src python bench/pg_restart.py``; ``make bench`` runs it (``TTDN_BENCH_SKIP=pg_restart``
leaves it out). The scenario runs in a child process because bench/run.py has already set Django up on
SQLite."""

import datetime
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from ttdn.core.tests.pgcluster import Cluster, missing  # noqa: E402

WORKER_ID = "bench-worker"
IDLE_BEFORE_RESTART = 2.0  # seconds with no request and no task before the idle restart
N_UPLOADS = 40
UPLOAD_INTERVAL = 0.15  # seconds between uploads: the stream spans the restart
RESTART_AFTER = 2.0  # seconds of load before the restart
STALE_SECONDS = (
    5  # the resume sweep's threshold, shortened from 300 s so the bench waits seconds, not minutes
)
SEED = ROOT / "src" / "ttdn" / "plans" / "data" / "samples" / "ke-hoach-ttdn-lang-son-2021.txt"


def figures() -> list[tuple[str, str, str]]:
    if why := missing():
        return [("PostgreSQL restart under load", "—", f"not run: {why}")]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TTDN_DATA_DIR")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, __file__, "--json"], env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return [("PostgreSQL restart under load", "—", f"failed: {tail}")]
    return [tuple(row) for row in json.loads(done.stdout.strip().splitlines()[-1])]


class Poller(threading.Thread):
    """GETs one path over and over, a new connection each time (as a load balancer's probe would), and
    records (time, ok) per request."""

    def __init__(self, port: int, path: str, headers: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.port, self.path, self.headers = port, path, headers
        self.results: list[tuple[float, bool, str, float]] = []  # start, ok, status or error, end
        self.running = True

    def run(self) -> None:
        while self.running:
            at = time.time()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("GET", self.path, headers=self.headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                self.results.append((at, response.status == 200, str(response.status), time.time()))
            except OSError as exc:
                self.results.append((at, False, type(exc).__name__, time.time()))
            time.sleep(0.02)


def get_status(port: int, path: str, headers: dict[str, str]) -> str:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        conn.close()
        return str(response.status)
    except OSError as exc:
        return type(exc).__name__


def parse_runs_done_after(moment: "datetime.datetime") -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path="ttdn.plans.tasks.parse_plan_import",
        status="SUCCESSFUL",
        finished_at__gte=moment,
        worker_ids__contains=[WORKER_ID],
    ).count()


def scenario() -> list[tuple[str, str, str]]:
    cluster = Cluster()
    processes: list[subprocess.Popen] = []
    try:
        return _run(cluster, processes)
    finally:
        for proc in processes:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
        cluster.remove()


def _run(cluster: Cluster, processes: list) -> list[tuple[str, str, str]]:
    os.environ["DATABASE_URL"] = cluster.url
    os.environ["TTDN_DATA_DIR"] = str(Path(tempfile.mkdtemp(prefix="ttdn-bench-pg-")))
    os.environ["TTDN_PLAN_PARSE_STALE_SECONDS"] = str(STALE_SECONDS)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ttdn.config.settings")
    import logging

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import Error as DatabaseError
    from django.db import close_old_connections, connection
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult
    from load import Server

    from ttdn.api.services import api_token_create
    from ttdn.core.models import AuditEvent, User
    from ttdn.directory.services import load_reference
    from ttdn.plans import services
    from ttdn.plans.models import PlanImport
    from ttdn.plans.tasks import resume_plan_imports_and_reschedule

    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    load_reference(actor=None, province="lang-son")
    admin = User.objects.create_superuser("bench-pg", password="bench-pg-password-1")
    _token, key = api_token_create(actor=None, user=admin, name="bench")
    connection.close()

    server = Server(workers=2)
    processes.append(server.proc)
    # The control for the idle restart: the same application without the connection health check.
    control = Server(workers=1, env={"DJANGO_SETTINGS_MODULE": "ttdn.core.tests.no_health_check_settings"})
    processes.append(control.proc)
    worker_log_path = Path(os.environ["TTDN_DATA_DIR"]) / "worker.log"
    worker_log = open(worker_log_path, "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "ttdn"), "worker", "--interval", "0.1", "--worker-id", WORKER_ID],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # its log is read while it runs
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    processes.append(worker)
    first_worker = worker
    health = Poller(server.port, "/healthz", {})
    api = Poller(server.port, "/api/v1/plans", {"Authorization": f"Bearer {key}"})
    health.start()
    api.start()
    # Warm first: a gunicorn worker's first API request imports and builds the whole app (seconds), and
    # a request stuck in that would straddle the restart without ever meeting the database.
    warm_deadline = time.time() + 120
    while sum(1 for r in api.results if r[1]) < 20 and time.time() < warm_deadline:
        time.sleep(0.2)

    data = SEED.read_bytes()
    upload_errors = 0

    def upload(name: str) -> None:
        # A client that retries until its upload is accepted, as a user would press "upload" again.
        nonlocal upload_errors
        while True:
            try:
                services.plan_import_upload(actor=admin, uploaded_file=SimpleUploadedFile(name, data))
                return
            except DatabaseError:
                upload_errors += 1
                connection.close()
                time.sleep(0.2)

    restart_window = [0.0, 0.0]

    def restart() -> None:
        time.sleep(RESTART_AFTER)
        restart_window[0] = time.time()
        cluster.pg_ctl("restart", "-m", "fast")
        restart_window[1] = time.time()

    restarter = threading.Thread(target=restart)
    restarter.start()
    for i in range(N_UPLOADS):
        upload(f"bench-{i:03d}.txt")
        time.sleep(UPLOAD_INTERVAL)
    restarter.join()
    uploads_done = time.time()

    # Wait for the parses; an upload still "parsing" after the stale threshold is what the periodic
    # sweep (every 5 minutes in production, `ttdn schedule_reminders`) resumes: queue one sweep then.
    sweep_queued = False
    worker_exit = None
    worker_restarts = 0
    deadline = time.time() + 120
    while time.time() < deadline:
        close_old_connections()
        if worker.poll() is not None:
            # Exited: do what a supervisor would (systemd Restart=always), and report that it was needed.
            worker_exit = worker_exit if worker_exit is not None else worker.returncode
            worker_restarts += 1
            worker = subprocess.Popen(
                worker.args, env={**os.environ}, stdout=worker_log, stderr=subprocess.STDOUT
            )
            processes.append(worker)
        try:
            parsing = PlanImport.objects.filter(status=PlanImport.Status.PARSING).count()
            if parsing == 0:
                break
            if not sweep_queued and time.time() > uploads_done + STALE_SECONDS + 1:
                resume_plan_imports_and_reschedule.enqueue()
                sweep_queued = True
        except DatabaseError:
            connection.close()
        time.sleep(0.5)
    finished = time.time()
    time.sleep(1.0)  # let the pollers see the settled state
    health.running = api.running = False
    health.join()
    api.join()
    restart_end = datetime.datetime.fromtimestamp(restart_window[1], tz=datetime.UTC)
    done_after_restart = parse_runs_done_after(restart_end)
    upload_events = AuditEvent.objects.filter(action="plan_import.upload").count()

    # Idle restart: each process holds a kept connection (CONN_MAX_AGE), nothing is in flight.
    auth = {"Authorization": f"Bearer {key}"}
    for _ in range(6):
        get_status(server.port, "/api/v1/plans", auth)
    control_before = get_status(control.port, "/api/v1/plans", auth)
    time.sleep(IDLE_BEFORE_RESTART)
    idle_started = time.time()
    cluster.pg_ctl("restart", "-m", "fast")
    idle_restart_seconds = time.time() - idle_started
    idle_statuses = [get_status(server.port, "/api/v1/plans", auth) for _ in range(4)]
    control_statuses = [get_status(control.port, "/api/v1/plans", auth) for _ in range(2)]
    close_old_connections()
    idle_upload_at = time.time()
    upload("bench-idle.txt")
    idle_parse_seconds = None
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            late = PlanImport.objects.get(original_name="bench-idle.txt")
            if late.status != PlanImport.Status.PARSING:
                idle_parse_seconds = time.time() - idle_upload_at
                break
        except DatabaseError:
            connection.close()
        time.sleep(0.2)
    idle_parse = (
        DBTaskResult.objects.filter(task_path="ttdn.plans.tasks.parse_plan_import", status="SUCCESSFUL")
        .order_by("-finished_at")
        .first()
    )
    survived = worker_restarts == 0 and first_worker.poll() is None
    worker_log.flush()
    log_text = worker_log_path.read_text()
    connection_losses = log_text.count("Database connection lost")
    lost_in_task = log_text.count("Database connection lost while running task")
    back = log_text.count("Database reachable again")

    imports = PlanImport.objects.filter(original_name__startswith="bench-").exclude(
        original_name="bench-idle.txt"
    )
    per_name = dict(imports.values_list("original_name").annotate(n=Count("pk")))
    expected = {f"bench-{i:03d}.txt" for i in range(N_UPLOADS)}
    lost = len(expected - set(per_name))
    duplicated = sum(n - 1 for n in per_name.values())
    statuses = dict(imports.values_list("status").annotate(n=Count("pk")))
    task_counts = {len(p.parsed["tasks"]) for p in imports.filter(status=PlanImport.Status.READY)}
    resumed = AuditEvent.objects.filter(action=services.PARSE_RESUME_ACTION).count()
    parse_runs = DBTaskResult.objects.filter(task_path="ttdn.plans.tasks.parse_plan_import").exclude(
        pk=getattr(idle_parse, "pk", None)
    )
    run_statuses = dict(parse_runs.values_list("status").annotate(n=Count("pk")))

    def window(poller: Poller) -> tuple[int, int, list[str], float | None, int]:
        """Failures from the restart's start to the end, and the first success after the restart ended."""
        during = [r for r in poller.results if r[0] >= restart_window[0]]
        failed = [r for r in during if not r[1]]
        after = [r[0] for r in during if r[1] and r[0] >= restart_window[1]]
        late = [r for r in failed if r[0] > (after[0] if after else finished)]
        recovery = after[0] - restart_window[1] if after else None
        return len(failed), len(during), sorted({r[2] for r in failed}), recovery, len(late)

    if os.environ.get("TTDN_BENCH_DEBUG"):
        for r in api.results:
            if restart_window[0] - 0.5 < r[0] < restart_window[1] + 0.5:
                print(f"{r[0] - restart_window[0]:+.3f} {r[3] - r[0]:.3f} {r[2]}", file=sys.stderr)
        print("restart", restart_window[1] - restart_window[0], file=sys.stderr)
    api_failed, api_total, api_kinds, api_recovery, api_late = window(api)
    health_failed, health_total, health_kinds, _r, _l = window(health)
    final_ok = api.results[-1][1] if api.results else False
    restart_seconds = restart_window[1] - restart_window[0]
    ready = statuses.get(PlanImport.Status.READY, 0)
    rows = [
        (
            "PostgreSQL `pg_ctl restart -m fast` (private 15 cluster) under load",
            "—",
            f"restart took {restart_seconds:.1f} s, {RESTART_AFTER:.0f} s into a stream of {N_UPLOADS} "
            f"uploads; {upload_errors} upload attempts refused during it (retried)",
        ),
        (
            "DB-backed API page: time to recover (first 200 after the restart ended)",
            "≤ 5 s",
            "never" if api_recovery is None else f"{max(api_recovery, 0) * 1000:.0f} ms",
        ),
        (
            "DB-backed API page: failed requests from the restart on",
            "errors only while the server is down; 0 after",
            f"{api_failed} of {api_total} ({', '.join(api_kinds) or 'none'}); {api_late} after the first "
            f"success; last request {'200' if final_ok else 'failed'}",
        ),
        (
            "`/healthz` (no database) from the restart on",
            "0 failed",
            f"{health_failed} of {health_total} failed ({', '.join(health_kinds) or 'none'})",
        ),
        (
            f"Plan imports: {N_UPLOADS} uploads across the restart",
            f"{N_UPLOADS} parsed, 0 duplicated, 0 lost",
            f"{ready} parsed ({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}), "
            f"{duplicated} duplicated, {lost} lost; tasks per import {sorted(task_counts)}; "
            f"{upload_events} upload audit events; all done {finished - uploads_done:.1f} s after the last upload",
        ),
        (
            "Parse tasks run / resumed by the sweep",
            "each import once",
            f"task results {dict(sorted(run_statuses.items()))}; sweep "
            f"{'queued' if sweep_queued else 'not needed'}, {resumed} parses resumed",
        ),
        (
            "`ttdn worker` through both restarts, without a supervisor",
            "survives (same process)",
            (
                f"yes: the process started first (pid {first_worker.pid}) ran to the end; its log: connection "
                f"lost {connection_losses}× ({lost_in_task} while running a task), database reachable again {back}×"
            )
            if survived
            else f"no: exited (code {worker_exit}) on the lost connection; the bench restarted it "
            f"{worker_restarts}× as a supervisor would",
        ),
        (
            "Parse tasks finished after the restart under load ended",
            "> 0, by the same worker",
            f"{done_after_restart} (worker id {WORKER_ID}, {'same process' if survived else 'restarted'})",
        ),
        (
            f"Idle restart ({IDLE_BEFORE_RESTART:.0f} s without requests; restart took "
            f"{idle_restart_seconds:.1f} s): first requests to the API, project settings",
            "first request 200",
            f"first {idle_statuses[0]}; then {', '.join(map(str, idle_statuses[1:]))} "
            "(gunicorn, 2 workers, a new client connection each)",
        ),
        (
            "Idle restart: control gunicorn (1 worker) with `CONN_HEALTH_CHECKS` off",
            "— (shows what the check prevents)",
            f"before {control_before}; after: first {control_statuses[0]}, then {control_statuses[1]}",
        ),
        (
            "Idle restart: one upload afterwards",
            "parsed by the same worker",
            (
                f"{late.status} {idle_parse_seconds:.1f} s after the upload, task worker ids "
                f"{getattr(idle_parse, 'worker_ids', None)}"
            )
            if idle_parse_seconds is not None
            else "not parsed within 60 s",
        ),
    ]
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    if "--json" in sys.argv:
        print(json.dumps(scenario()))
    else:
        for name, target, measured in figures():
            print(f"| {name} | {target} | {measured} |")
