"""`ttdn backup` and `ttdn restore`: a populated instance restored into an empty one, table by table and
file by file, on the database the suite runs on (SQLite or PostgreSQL)."""

import hashlib
import io
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ttdn.core import audit
from ttdn.core.backup import BackupError, Instance, fingerprint, read_manifest, restore_backup, verify_archive

pytestmark = pytest.mark.django_db(transaction=True)

FILES = {
    "plans/2026/ke-hoach-ttdn.docx": b"PK\x03\x04" + bytes(range(256)) * 40,
    "evidence/1/ảnh hiện trường.jpg": b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" * 300,
    "notes.txt": "Kế hoạch thông tin đối ngoại tỉnh Lạng Sơn".encode(),
}


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, content in FILES.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


@pytest.fixture
def populated(settings, tmp_path, lang_son, admin, focal_officer):
    _media(settings, tmp_path)
    audit.record(actor=focal_officer, action="plan.import", obj=focal_officer, changes={"tên": "Lạng Sơn"})
    return Instance.current()


@pytest.fixture
def empty_target(tmp_path):
    """A second, empty instance: another SQLite file, or another PostgreSQL database."""
    media = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        yield Instance("sqlite", {"NAME": str(tmp_path / "restored.sqlite3")}, media)
        return
    source = Instance.current()
    name = f"{source.database['NAME']}_restore"[:63]
    with Instance("postgresql", {**source.database, "NAME": "postgres"}, media).pg_connect(
        autocommit=True
    ) as admin_db:
        admin_db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin_db.execute(f'CREATE DATABASE "{name}"')
        yield Instance("postgresql", {**source.database, "NAME": name}, media)
        admin_db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_an_empty_instance(populated, empty_target, tmp_path, capsys):
    call_command("backup", output=tmp_path / "backups")
    archive = next((tmp_path / "backups").glob("ttdn-backup-*.tar.gz"))
    assert "Backup written" in capsys.readouterr().out
    assert archive.stat().st_mode & 0o077 == 0  # personal data: owner only

    manifest = verify_archive(archive)
    assert manifest.vendor == connection.vendor
    assert {f"media/{name}" for name in FILES} <= manifest.members.keys()
    assert manifest.audit_head["seq"] == audit.verify().count

    assert empty_target.is_empty()
    restore_backup(instance=empty_target, archive=archive)

    source_tables, restored_tables = fingerprint(populated), fingerprint(empty_target)
    assert len(source_tables) > 30
    assert source_tables == restored_tables
    for table in ("core_user", "core_auditevent", "directory_unit", "auth_permission"):
        assert restored_tables[table][0] > 0, table
    assert _files(empty_target.media_root) == _files(populated.media_root)
    assert _audit_triggers(empty_target) >= 2  # the restored log is append-only too
    assert len(_files(empty_target.media_root)) == len(FILES)

    # The target now holds data: a second restore needs --force, and then gives the same result.
    with pytest.raises(BackupError, match="already holds data"):
        restore_backup(instance=empty_target, archive=archive)
    (empty_target.media_root / "stray.txt").write_text("left over")
    restore_backup(instance=empty_target, archive=archive, force=True)
    assert fingerprint(empty_target) == source_tables
    assert _files(empty_target.media_root) == _files(populated.media_root)

    # The command refuses to overwrite the running instance, which holds data.
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(archive))


def _audit_triggers(instance: Instance) -> int:
    if instance.vendor == "sqlite":
        import sqlite3

        with sqlite3.connect(instance.sqlite_path) as db:
            sql = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_auditevent'"
            return db.execute(sql).fetchone()[0]
    with instance.pg_connect() as db:
        sql = (
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'core_auditevent'::regclass AND NOT tgisinternal"
        )
        return db.execute(sql).fetchone()[0]


def _rewrite(archive: Path, target: Path, change) -> Path:
    """A copy of the archive with one member's bytes changed and the manifest left as it was."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(target, "w:gz") as dst:
        for member in src:
            data = src.extractfile(member).read()
            data = change(member.name, data)
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return target


def test_restore_refuses_a_corrupted_archive(settings, admin, empty_target, tmp_path):
    _media(settings, tmp_path)
    create = tmp_path / "out"
    call_command("backup", output=create)
    archive = next(create.glob("ttdn-backup-*.tar.gz"))

    altered = _rewrite(
        archive, tmp_path / "altered.tar.gz", lambda n, d: d + b"!" if n == "media/notes.txt" else d
    )
    with pytest.raises(BackupError, match=r"media/notes\.txt does not match"):
        restore_backup(instance=empty_target, archive=altered)

    dropped = tmp_path / "dropped.tar.gz"
    with tarfile.open(archive, "r:gz") as src, tarfile.open(dropped, "w:gz") as dst:
        for member in src:
            if member.name != "media/notes.txt":
                dst.addfile(member, src.extractfile(member))
    with pytest.raises(BackupError, match="missing from the archive"):
        restore_backup(instance=empty_target, archive=dropped)

    truncated = tmp_path / "truncated.tar.gz"
    shutil.copy(archive, truncated)
    with truncated.open("r+b") as handle:
        handle.truncate(truncated.stat().st_size // 2)
    with pytest.raises(BackupError):
        restore_backup(instance=empty_target, archive=truncated)

    assert empty_target.is_empty()  # nothing was half-restored
    assert read_manifest(archive).vendor == connection.vendor
