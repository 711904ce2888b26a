"""One migrated test database per test run, copied to every xdist worker.

Migrating an empty database runs ~230 migrations (Wagtail alone ~150) and costs close to a minute of CPU,
nearly all of it Django rebuilding model states in Python, once per worker. Here the first worker to need
a database migrates it and loads the reference directory, then leaves a template; the others copy it (SQLite:
the backup API into their in-memory database; PostgreSQL: CREATE DATABASE … TEMPLATE). Meanwhile the other
workers run the tests that need no database (they are collected first).

Used by the root conftest only; nothing in the application imports it.
"""

import fcntl
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections

TEMPLATE_NOTE = "ttdn-test-template"


@contextmanager
def _locked(shared: Path):
    with open(shared / f"{TEMPLATE_NOTE}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _postgres(connection) -> bool:
    return connection.vendor == "postgresql"


def _use(connection, name: str) -> None:
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def setup(*, shared: Path, prepare, verbosity: int = 0) -> list:
    """Test databases for this process; ``prepare()`` fills a freshly migrated one (reference data).
    Returns what ``django.test.utils.teardown_databases`` takes."""
    from django.test.utils import setup_databases

    connection = connections["default"]
    note = shared / TEMPLATE_NOTE
    with _locked(shared):
        if not note.exists():
            config = setup_databases(verbosity=verbosity, interactive=False, aliases={"default"})
            prepare()
            note.write_text(_save_template(connection, shared))
            return config
        template = note.read_text()
        old_name = connection.settings_dict["NAME"]
        test_name = connection.creation._get_test_db_name()
        if _postgres(connection):
            quote = connection.ops.quote_name
            with connection.creation._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
                cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
            _use(connection, test_name)
        else:
            _use(connection, test_name)
            connection.ensure_connection()
            source = sqlite3.connect(template)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        return [(connection, old_name, True)]


def _save_template(connection, shared: Path) -> str:
    if _postgres(connection):
        quote = connection.ops.quote_name
        source = connection.settings_dict["NAME"]
        template = f"{source}_template"
        # CREATE DATABASE … TEMPLATE needs the source without other sessions: ours is the only one.
        connection.close()
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(template)}")
            cursor.execute(f"CREATE DATABASE {quote(template)} TEMPLATE {quote(source)}")
        return template
    path = shared / f"{TEMPLATE_NOTE}.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return str(path)


def drop_template(shared: Path) -> None:
    """After the whole run (in the xdist controller): the PostgreSQL template goes; SQLite's is a temp file."""
    note = shared / TEMPLATE_NOTE
    if not note.exists() or note.read_text().endswith(".sqlite3"):
        return
    import psycopg

    params = settings.DATABASES["default"]
    with psycopg.connect(
        dbname="postgres",
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        autocommit=True,
    ) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{note.read_text()}"')
