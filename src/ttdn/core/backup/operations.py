"""Creating and restoring archives."""

import datetime
import io
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.db import connections

from .archive import MANIFEST, BackupError, Manifest, sha256_file, verify_archive
from .instance import Instance, pg_fingerprint, sqlite_fingerprint

SQLITE_MEMBER = "database/ttdn.sqlite3"
PG_MEMBER = "database/ttdn.pgdump"


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def _audit_head_sqlite(path: Path) -> dict:
    with sqlite3.connect(path) as db:
        row = db.execute("SELECT seq, hash FROM core_auditchainhead WHERE id = 1").fetchone()
    return {"seq": row[0], "hash": row[1]} if row else {}


def _dump_sqlite(instance: Instance, work: Path) -> tuple[Path, dict, dict]:
    target = work / "ttdn.sqlite3"
    source = sqlite3.connect(instance.sqlite_path)
    copy = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent snapshot while other connections keep writing.
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target, sqlite_fingerprint(target), _audit_head_sqlite(target)


def _dump_postgres(instance: Instance, work: Path) -> tuple[Path, dict, dict]:
    target = work / "ttdn.pgdump"
    with instance.pg_connect(autocommit=False) as db:
        cursor = db.cursor()
        # pg_dump reads the snapshot this transaction exports, so the fingerprint and the dump agree
        # even while the application keeps writing.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = pg_fingerprint(cursor)
        cursor.execute("SELECT seq, hash FROM core_auditchainhead WHERE id = 1")
        row = cursor.fetchone()
        _run(
            ["pg_dump", "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "-f", str(target)],
            instance.pg_env(),
        )
        db.rollback()
    return target, tables, ({"seq": row[0], "hash": row[1]} if row else {})


def create_backup(*, instance: Instance, output_dir: Path) -> Path:
    """Writes one archive into ``output_dir`` and returns its path. Readable by the owner only."""
    output_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    name = f"ttdn-backup-{instance.vendor}-{now:%Y%m%d-%H%M%S}.tar.gz"
    final = output_dir / name
    partial = output_dir / f".{name}.partial"
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".ttdn-backup-") as tmp:
        work = Path(tmp)
        if instance.vendor == "sqlite":
            db_file, tables, head = _dump_sqlite(instance, work)
            db_member = SQLITE_MEMBER
        else:
            db_file, tables, head = _dump_postgres(instance, work)
            db_member = PG_MEMBER
        manifest = Manifest(
            vendor=instance.vendor, created_at=now.isoformat(), tables=tables, audit_head=head
        )
        # gzip level 1: on a 1.4 GB SQLite file level 9 took ~85 s of CPU, level 6 49 s, level 1 13 s for
        # 16 % more bytes than level 6; a nightly backup should not hold a web server's CPU for minutes.
        with tarfile.open(partial, "w:gz", compresslevel=1) as tar:
            partial.chmod(0o600)
            manifest.members[db_member] = {"sha256": sha256_file(db_file), "size": db_file.stat().st_size}
            tar.add(db_file, arcname=db_member, recursive=False)
            for path in instance.media_files():
                member = "media/" + path.relative_to(instance.media_root).as_posix()
                manifest.members[member] = {"sha256": sha256_file(path), "size": path.stat().st_size}
                tar.add(path, arcname=member, recursive=False)
            info = tarfile.TarInfo(MANIFEST)
            data = manifest.to_json()
            info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
        partial.replace(final)
    return final


def _clear_media(root: Path) -> None:
    if root.is_dir():
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


def _restore_sqlite(instance: Instance, extracted: Path) -> None:
    connections.close_all()
    instance.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(extracted)
    target = sqlite3.connect(instance.sqlite_path)
    try:
        # Page-by-page copy into the live file through SQLite itself: WAL and locks stay consistent.
        source.backup(target)
    finally:
        target.close()
        source.close()


def _restore_postgres(instance: Instance, extracted: Path, *, replace: bool) -> None:
    if replace:
        connections.close_all()
        with instance.pg_connect(autocommit=True) as db:
            db.execute("DROP SCHEMA public CASCADE")
            db.execute("CREATE SCHEMA public")
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "-d", instance.database["NAME"],
         str(extracted)],
        instance.pg_env(),
    )  # fmt: skip


def restore_backup(*, instance: Instance, archive: Path, force: bool = False) -> Manifest:
    """Checks the whole archive, then loads it into ``instance``; ``force`` replaces existing data."""
    manifest = verify_archive(archive)
    if manifest.vendor != instance.vendor:
        raise BackupError(f"this archive is a {manifest.vendor} backup; the target uses {instance.vendor}")
    if not instance.is_empty() and not force:
        raise BackupError(
            "the target already holds data (tables or uploaded files); restore with --force to replace it"
        )
    instance.media_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=instance.media_root.parent, prefix=".ttdn-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        db_member = SQLITE_MEMBER if instance.vendor == "sqlite" else PG_MEMBER
        if instance.vendor == "sqlite":
            _restore_sqlite(instance, work / db_member)
        else:
            _restore_postgres(instance, work / db_member, replace=force)
        _clear_media(instance.media_root)
        if (work / "media").is_dir():
            shutil.copytree(work / "media", instance.media_root, dirs_exist_ok=True)
    restored = (
        sqlite_fingerprint(instance.sqlite_path)
        if instance.vendor == "sqlite"
        else _pg_fingerprint_of(instance)
    )
    if restored != manifest.tables:
        differing = sorted(
            t for t in manifest.tables.keys() | restored.keys() if manifest.tables.get(t) != restored.get(t)
        )
        raise BackupError(f"restored tables differ from the backup: {', '.join(differing[:10])}")
    return manifest


def _pg_fingerprint_of(instance: Instance) -> dict:
    with instance.pg_connect() as db:
        return pg_fingerprint(db.cursor())
