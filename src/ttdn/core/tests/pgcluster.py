"""A private, throw-away PostgreSQL cluster to restart: the machine's shared server is never restarted.

initdb in a temporary directory, 127.0.0.1 on a free port, trust authentication, run as the ``postgres`` OS
user when this process is root (initdb and postgres refuse root). Used by the restart tests
(core/tests/test_pg_restart.py) and by bench/pg_restart.py."""

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_BIN = Path(os.environ.get("TTDN_PG_BIN", "/usr/lib/postgresql/15/bin"))


def missing() -> str:
    """Why a private cluster cannot be started here, or "" when it can."""
    for tool in ("initdb", "pg_ctl", "postgres"):
        if not (PG_BIN / tool).exists():
            return f"{PG_BIN / tool} not found (PostgreSQL 15 server binaries; TTDN_PG_BIN points elsewhere)"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres OS user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root and runuser is not available"
    return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(*args: str, **kwargs) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *args], check=True, capture_output=True, text=True, **kwargs)


class Cluster:
    """``durable=False`` turns fsync off: schema set-up for a test takes a fraction of the time, and a
    restart (``pg_ctl restart -m fast``, a clean shutdown) is unaffected by it."""

    def __init__(self, *, durable: bool = True) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="ttdn-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        self.durable = durable
        self.started = False
        try:
            as_postgres(
                str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8", *([] if durable else ["--no-sync"]),
            )  # fmt: skip
            self.pg_ctl("start")
        except BaseException:
            self.remove()
            raise
        self.started = True

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir}"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        as_postgres(
            str(PG_BIN / "pg_ctl"), action, "-D", str(self.data), "-w", "-t", "60", "-o", options,
            "-l", str(self.dir / "server.log"), *extra,
        )  # fmt: skip

    def restart(self) -> None:
        """What an administrator's restart does: open sessions are terminated ("terminating connection due
        to administrator command"), connections are refused until the server is back."""
        self.pg_ctl("restart", "-m", "fast")

    def remove(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def django_alias(url: str, alias: str = "pgcluster") -> Iterator[str]:
    """``url`` as an extra database alias of this process (``Model.objects.using(alias)``), so a test can
    create tables and queue tasks on the cluster while its own test database stays the default."""
    import dj_database_url
    from django.db import connections

    connections.settings[alias] = connections.configure_settings({"default": dj_database_url.parse(url)})[
        "default"
    ]
    try:
        yield alias
    finally:
        for conn in connections.all(initialized_only=True):
            if conn.alias == alias:
                conn.close()
                del connections[alias]
        del connections.settings[alias]
