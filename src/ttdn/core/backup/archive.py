"""The archive format: a gzip'd tar whose ``manifest.json`` lists the sha256 of every other member."""

import hashlib
import json
import tarfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done safely; the message says why."""


@dataclass
class Manifest:
    vendor: str
    created_at: str
    members: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> {sha256, size}
    tables: dict[str, list[Any]] = field(default_factory=dict)  # table -> [rows, content sha256]
    audit_head: dict[str, Any] = field(default_factory=dict)
    format: int = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> "Manifest":
        try:
            raw = json.loads(data)
            manifest = cls(**raw)
        except (ValueError, TypeError) as exc:
            raise BackupError(f"the manifest is unreadable: {exc}") from exc
        if manifest.format != FORMAT:
            raise BackupError(f"unknown archive format {manifest.format}")
        return manifest


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and path.parts[:1] in (("database",), ("media",))


def read_manifest(archive: Path) -> Manifest:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.getmember(MANIFEST)
            handle = tar.extractfile(member)
            if handle is None:
                raise BackupError("the manifest is not a file")
            return Manifest.from_json(handle.read())
    except KeyError as exc:
        raise BackupError(f"{archive.name} has no {MANIFEST}") from exc
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive.name} is not a readable archive: {exc}") from exc


def verify_archive(archive: Path) -> Manifest:
    """Reads every member and checks it against the manifest: nothing missing, extra, altered or unsafe."""
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist")
    manifest = read_manifest(archive)
    seen: dict[str, tuple[str, int]] = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or not safe_member_name(member.name):
                    raise BackupError(f"unexpected member {member.name!r}")
                handle = tar.extractfile(member)
                assert handle is not None  # a regular file
                digest = hashlib.sha256()
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                seen[member.name] = (digest.hexdigest(), member.size)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive.name} is damaged: {exc}") from exc
    expected = {name: (info["sha256"], info["size"]) for name, info in manifest.members.items()}
    for name in sorted(expected.keys() | seen.keys()):
        if name not in seen:
            raise BackupError(f"{name} is listed in the manifest but missing from the archive")
        if name not in expected:
            raise BackupError(f"{name} is in the archive but not in the manifest")
        if seen[name] != expected[name]:
            raise BackupError(f"{name} does not match its sha256 in the manifest")
    if not any(name.startswith("database/") for name in seen):
        raise BackupError("the archive holds no database")
    return manifest
