"""`make bench`: the figures the issues name, measured side by side with their targets in one run.

Prints a Markdown table to paste into docs/benchmarks.md. Timings are wall-clock medians.
"""

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ttdn.config.settings")
os.environ.setdefault("TTDN_DATA_DIR", tempfile.mkdtemp(prefix="ttdn-bench-"))
os.environ.pop("DATABASE_URL", None)

SEED = ROOT / "src" / "ttdn" / "plans" / "data" / "samples" / "ke-hoach-ttdn-lang-son-2021.txt"


def median_seconds(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from gen_plan import write_docx_plan

    from ttdn.directory.services import load_reference
    from ttdn.plans import services
    from ttdn.plans.models import Plan, PlanImport
    from ttdn.plans.parsing import parse_file

    call_command("migrate", verbosity=0)
    load_reference(actor=None, province="lang-son")

    rows = []
    parse_file(SEED)  # warm: imports, regex compilation
    seed_parse = median_seconds(lambda: parse_file(SEED), 200)
    rows.append(("Parse the seed plan (.txt, 17 tasks), warm", "≤ 50 ms", f"{seed_parse * 1000:.1f} ms"))

    docx = Path(tempfile.mkdtemp()) / "plan-300.docx"
    write_docx_plan(docx, n_tasks=300)
    tasks = len(parse_file(docx)["tasks"])
    big_parse = median_seconds(lambda: parse_file(docx), 10)
    rows.append((f"Parse a generated {tasks}-task plan (.docx)", "≤ 1 s", f"{big_parse * 1000:.0f} ms"))

    data = SEED.read_bytes()

    def import_seed() -> None:
        plan_import = services.plan_import_upload(
            actor=None, uploaded_file=SimpleUploadedFile("seed.txt", data)
        )
        services.plan_import_parse(plan_import=plan_import)
        PlanImport.objects.filter(pk=plan_import.pk).update(target_plan=None)  # always the create path
        services.plan_import_confirm(actor=None, plan_import=plan_import)

    import_seed()
    seed_import = median_seconds(import_seed, 10)
    rows.append(
        (
            "Import the seed into SQLite (upload, parse, resolve, confirm)",
            "≤ 1 s",
            f"{seed_import * 1000:.0f} ms",
        )
    )
    assert Plan.objects.count() == 11  # ten timed imports and the warm-up, each a new plan

    def reimport_seed() -> None:
        plan_import = services.plan_import_upload(
            actor=None, uploaded_file=SimpleUploadedFile("seed.txt", data)
        )
        services.plan_import_parse(plan_import=plan_import)
        services.plan_import_confirm(actor=None, plan_import=plan_import)

    reimport = median_seconds(reimport_seed, 5)
    rows.append(("Re-import the same seed (diff, update in place)", "—", f"{reimport * 1000:.0f} ms"))

    if "--no-load" not in sys.argv:
        rows.extend(province_figures())
    # Each app's figures (bench/<app>.py); TTDN_BENCH_SKIP=monitoring,… leaves some out (the monitoring
    # search figure builds TTDN_BENCH_ARTICLES articles, 1 000 000 by default: about ten minutes).
    skip = set(filter(None, os.environ.get("TTDN_BENCH_SKIP", "").split(",")))
    for app in ("monitoring", "activities", "outreach", "portal", "trust", "loadtest", "pg_restart"):
        if app in skip or not (ROOT / "bench" / f"{app}.py").exists():
            continue
        module = __import__(app)
        rows.extend(module.figures())

    print(
        f"Machine: {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} CPUs · "
        f"Python {platform.python_version()} · {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    print()
    print("| Figure | Target | Measured |")
    print("|---|---|---|")
    for name, target, measured in rows:
        print(f"| {name} | {target} | {measured} |")


def province_figures() -> list[tuple[str, str, str]]:
    """Issue 3: a generated province, pages under gunicorn beside a trivial view, report generation."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from load import Server, throughput
    from province import generate

    from ttdn.core.models import User
    from ttdn.plans.models import Plan

    start = time.perf_counter()
    sizes = generate()
    rows = [("Generate the province (bulk insert)", "—", f"{time.perf_counter() - start:.0f} s: {sizes}")]
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.get(username="bench-focal")
    # A focal officer's real session: signed in through the backend that loads rights with the user, and
    # past the second step (TOTP), which every focal officer must pass.
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "ttdn.directory.auth.MembershipBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            DEVICE_ID_SESSION_KEY: device.persistent_id,
        }
    )
    session.create()
    cookie = f"sessionid={session.session_key}"
    plan = Plan.objects.filter(title__startswith="Kế hoạch thông tin đối ngoại số").order_by("pk").last()
    server = Server(workers=2)
    try:
        throughput(server.port, "/healthz", seconds=2)  # warm the workers
        trivial, _ = throughput(server.port, "/healthz")
        dashboard, _ = throughput(server.port, f"/plans/{plan.pk}/dashboard/", cookie=cookie)
        tasks, _ = throughput(server.port, f"/plans/{plan.pk}/", cookie=cookie)
    finally:
        server.stop()
    rows += [
        (
            "Trivial Django view `/healthz` (gunicorn, 2 workers, 4 clients)",
            "baseline",
            f"{trivial:.0f} req/s",
        ),
        (
            "Focal dashboard of one plan (50 tasks, 300 assignments)",
            "≥ 0.3 × baseline",
            f"{dashboard:.0f} req/s = {dashboard / trivial:.3f} ×",
        ),
        ("Task list of one plan", "≥ 0.3 × baseline", f"{tasks:.0f} req/s = {tasks / trivial:.3f} ×"),
    ]
    try:
        from ttdn.plans.reports import ReportTexts, render_consolidated_docx
    except ImportError:
        return rows
    period = plan.periods.get(frequency="annual")
    render_consolidated_docx(plan=plan, period=period, texts=ReportTexts())
    report_time = median_seconds(
        lambda: render_consolidated_docx(plan=plan, period=period, texts=ReportTexts()), 5
    )
    rows.append(("Consolidated report DOCX for one plan", "≤ 2 s", f"{report_time * 1000:.0f} ms"))
    return rows


if __name__ == "__main__":
    main()
