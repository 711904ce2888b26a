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
    print(f"plans created: {Plan.objects.count()}", file=sys.stderr)

    def reimport_seed() -> None:
        plan_import = services.plan_import_upload(
            actor=None, uploaded_file=SimpleUploadedFile("seed.txt", data)
        )
        services.plan_import_parse(plan_import=plan_import)
        services.plan_import_confirm(actor=None, plan_import=plan_import)

    reimport = median_seconds(reimport_seed, 5)
    rows.append(("Re-import the same seed (diff, update in place)", "—", f"{reimport * 1000:.0f} ms"))

    print(
        f"Machine: {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} CPUs · "
        f"Python {platform.python_version()} · {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    print()
    print("| Figure | Target | Measured |")
    print("|---|---|---|")
    for name, target, measured in rows:
        print(f"| {name} | {target} | {measured} |")


if __name__ == "__main__":
    main()
