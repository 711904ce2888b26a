"""Tasks run by real worker processes in test_pg_restart.py and test_worker.py."""

from django.db import connection
from django.tasks import task


@task
def hold_connection(seconds: float) -> None:
    """A task with a query open on the server when it restarts: the restart terminates it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [seconds])


@task
def echo(value: int) -> int:
    """A task that needs the database: its result is what the server answered."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT CAST(%s AS integer)", [value])
        return cursor.fetchone()[0]
