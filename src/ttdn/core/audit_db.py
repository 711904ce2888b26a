"""Database-level protection of the audit log: triggers refusing UPDATE and DELETE on ``core_auditevent``.

The model refuses changes too, but raw SQL, a shell or another program would bypass it; the triggers
hold for every client of the database. The one permitted way to empty the table is the ``flush`` command
(it wipes every table, e.g. between tests), which opens the guard for its own duration only:
on SQLite through a function that only ttdn's own connections define, on PostgreSQL through a session
setting.
"""

import contextlib
import contextvars
from collections.abc import Iterator

from django.db import connections

TABLE = "core_auditevent"
_purging: contextvars.ContextVar[bool] = contextvars.ContextVar("ttdn_audit_purging", default=False)

SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS ttdn_audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'ttdn: audit events are append-only'); END""",
    # A connection that is not ttdn's lacks ttdn_audit_purge() and fails on the WHEN clause: refused too.
    f"""CREATE TRIGGER IF NOT EXISTS ttdn_audit_no_delete BEFORE DELETE ON {TABLE}
        WHEN ttdn_audit_purge() = 0
        BEGIN SELECT RAISE(ABORT, 'ttdn: audit events are append-only'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS ttdn_audit_no_update", "DROP TRIGGER IF EXISTS ttdn_audit_no_delete"]

POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION ttdn_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('ttdn.audit_purge', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'ttdn: audit events are append-only (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END $$""",
    f"DROP TRIGGER IF EXISTS ttdn_audit_no_change ON {TABLE}",
    f"""CREATE TRIGGER ttdn_audit_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION ttdn_audit_refuse()""",
    f"DROP TRIGGER IF EXISTS ttdn_audit_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER ttdn_audit_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION ttdn_audit_refuse()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS ttdn_audit_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS ttdn_audit_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS ttdn_audit_refuse()",
]


def create_sql(vendor: str) -> list[str]:
    return {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor, [])


def drop_sql(vendor: str) -> list[str]:
    return {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, [])


def register_sqlite_function(connection) -> None:
    """Called for each new SQLite connection (``connection_created``)."""
    connection.connection.create_function("ttdn_audit_purge", 0, lambda: 1 if _purging.get() else 0)


def triggers_installed(using: str = "default") -> bool:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE]
            )
        else:
            return False
        return cursor.fetchone()[0] >= 2


@contextlib.contextmanager
def purge_allowed(using: str = "default") -> Iterator[None]:
    """Lets this connection empty the audit table while the block runs (``flush`` only)."""
    connection = connections[using]
    token = _purging.set(True)
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET ttdn.audit_purge = 'on'")
        yield
    finally:
        _purging.reset(token)
        if connection.vendor == "postgresql" and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("RESET ttdn.audit_purge")
