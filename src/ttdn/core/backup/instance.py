"""Where an instance keeps its data (database and uploaded files), and a fingerprint of its tables."""

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

VENDORS = ("sqlite", "postgresql")


@dataclass(frozen=True)
class Instance:
    vendor: str
    database: dict[str, Any]  # Django's settings dict: NAME, USER, PASSWORD, HOST, PORT
    media_root: Path

    @classmethod
    def current(cls, using: str = "default") -> "Instance":
        connection = connections[using]
        if connection.vendor not in VENDORS:
            raise ValueError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
        return cls(connection.vendor, dict(connection.settings_dict), Path(settings.MEDIA_ROOT))

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database["NAME"])

    def pg_env(self) -> dict[str, str]:
        """Environment for pg_dump / pg_restore / psycopg: the password never goes on a command line."""
        env = dict(os.environ)
        for key, var in (
            ("HOST", "PGHOST"),
            ("PORT", "PGPORT"),
            ("USER", "PGUSER"),
            ("PASSWORD", "PGPASSWORD"),
        ):
            if self.database.get(key):
                env[var] = str(self.database[key])
        env["PGDATABASE"] = self.database["NAME"]
        return env

    def pg_connect(self, **kwargs):
        import psycopg

        db = self.database
        return psycopg.connect(
            dbname=db["NAME"],
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            **kwargs,
        )

    def media_files(self) -> list[Path]:
        if not self.media_root.is_dir():
            return []
        return sorted(p for p in self.media_root.rglob("*") if p.is_file() and not p.is_symlink())

    def table_count(self) -> int:
        if self.vendor == "sqlite":
            if not self.sqlite_path.exists():
                return 0
            with sqlite3.connect(self.sqlite_path) as db:
                return len(_sqlite_tables(db))
        with self.pg_connect() as db:
            return len(_pg_tables(db.cursor()))

    def is_empty(self) -> bool:
        return self.table_count() == 0 and not self.media_files()


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [name for (name,) in rows]


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [name for (name,) in cursor.fetchall()]


def _digest(rows) -> tuple[int, str]:
    digest, count = hashlib.sha256(), 0
    for row in rows:
        digest.update(repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)).encode())
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_fingerprint(path: Path) -> dict[str, list[Any]]:
    with sqlite3.connect(path) as db:
        result = {}
        for table in _sqlite_tables(db):
            ncols = len(db.execute(f"SELECT * FROM {_quote(table)} LIMIT 0").description)
            order = ", ".join(str(i) for i in range(1, ncols + 1))
            result[table] = list(_digest(db.execute(f"SELECT * FROM {_quote(table)} ORDER BY {order}")))
        return result


def pg_fingerprint(cursor) -> dict[str, list[Any]]:
    result = {}
    for table in _pg_tables(cursor):
        # Each row's text form, in byte order: every column type has one, even those without an ordering.
        cursor.execute(f'SELECT t::text FROM {_quote(table)} t ORDER BY t::text COLLATE "C"')
        result[table] = list(_digest(cursor))
    return result


def fingerprint(instance: Instance) -> dict[str, list[Any]]:
    """{table: [row count, sha256 of its rows in a fixed order]} for every table of the instance."""
    if instance.vendor == "sqlite":
        return sqlite_fingerprint(instance.sqlite_path)
    with instance.pg_connect() as db:
        return pg_fingerprint(db.cursor())
