"""Cost of the trust machinery on SQLite: a chained audit event against a plain row insert of the same
size, chain verification, and a whole-instance backup. ``figures()`` is called by bench/run.py or alone:
``PYTHONPATH=src python bench/trust.py``."""

import os
import sys
import tempfile
import time
from pathlib import Path

N_EVENTS = 2000


def figures() -> list[tuple[str, str, str]]:
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from ttdn.core import audit
    from ttdn.core.backup import Instance, create_backup

    call_command("migrate", verbosity=0)
    changes = {"status": ["draft", "submitted"], "note": "Báo cáo quý I của Bộ Chỉ huy Bộ đội Biên phòng"}

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_plain (id INTEGER PRIMARY KEY, at TEXT, action TEXT, changes TEXT)"
        )
    start = time.perf_counter()
    for i in range(N_EVENTS):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_plain (at, action, changes) VALUES (datetime('now'), %s, %s)",
                [f"bench.plain{i}", str(changes)],
            )
    plain = (time.perf_counter() - start) / N_EVENTS

    # What record() cost before the chain: one ORM insert of a row, no lock, no hash.
    from ttdn.core.models import AuditChainHead

    start = time.perf_counter()
    for i in range(N_EVENTS):
        with transaction.atomic():
            AuditChainHead.objects.create(seq=i, hash="0" * 64)
    orm = (time.perf_counter() - start) / N_EVENTS
    AuditChainHead.objects.exclude(pk=audit.HEAD_PK).delete()

    start = time.perf_counter()
    for _ in range(N_EVENTS):
        with transaction.atomic():
            audit.record(actor=None, action="bench.chained", changes=changes)
    chained = (time.perf_counter() - start) / N_EVENTS

    start = time.perf_counter()
    result = audit.verify()
    verify = time.perf_counter() - start
    assert result.intact

    out = Path(tempfile.mkdtemp(prefix="ttdn-bench-backup-"))
    instance = Instance.current()
    # Under `make bench` the instance also holds the other scripts' data (the province, 1 000 000
    # articles): say how big it was, since the time follows the size.
    size = instance.sqlite_path.stat().st_size if instance.vendor == "sqlite" else 0
    start = time.perf_counter()
    archive = create_backup(instance=instance, output_dir=out)
    backup = time.perf_counter() - start

    return [
        (
            "Audit event, chained (own transaction)",
            f"baseline: ORM insert {orm * 1000:.2f} ms, raw SQL insert {plain * 1000:.2f} ms",
            f"{chained * 1000:.2f} ms",
        ),
        (
            f"audit_verify over {result.count} events",
            "≤ 1 s",
            f"{verify * 1000:.0f} ms ({result.count / verify:,.0f}/s)",
        ),
        (
            f"ttdn backup (SQLite, {size / 2**20:,.0f} MiB database)",
            "≤ 10 s for a migrated instance",
            f"{backup:.2f} s, {archive.stat().st_size // 1024} KiB",
        ),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ttdn.config.settings")
    os.environ.setdefault("TTDN_DATA_DIR", tempfile.mkdtemp(prefix="ttdn-bench-"))
    os.environ.pop("DATABASE_URL", None)
    for name, target, measured in figures():
        print(f"| {name} | {target} | {measured} |")
