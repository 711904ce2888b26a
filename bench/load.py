"""Throughput of pages under a real WSGI server (gunicorn), measured from a second process's threads."""

import http.client
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, *, workers: int = 2, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "ttdn.config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "--no-control-socket",  # several servers at once: no shared ~/.gunicorn/gunicorn.ctl
            ],
            env={**os.environ, **(env or {})},
        )
        # The master accepts connections before its workers have imported the application (seconds on
        # this machine); a load run started then times out on its first requests. Ready means answering.
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def throughput(
    port: int, path: str, *, cookie: str = "", seconds: float = 8.0, clients: int = 4
) -> tuple[float, int]:
    """Requests per second over `seconds` with `clients` keep-alive connections; also returns the status seen."""
    stop = time.time() + seconds
    counts = [0] * clients
    statuses: set[int] = set()

    def run(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": cookie} if cookie else {}
        while time.time() < stop:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            statuses.add(response.status)
            counts[index] += 1
        conn.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - start
    if statuses != {200}:
        # A redirect to the login page is fast and would make a bogus figure: refuse to report it.
        raise RuntimeError(f"{path} answered {sorted(statuses)}, not only 200")
    return sum(counts) / elapsed, max(statuses)
