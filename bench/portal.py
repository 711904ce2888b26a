"""Portal figures (issue 5): cached public pages under gunicorn beside a whitenoise static file, in one run;
p95 of uncached article pages.

Run alone: `TTDN_DATA_DIR=$(mktemp -d) .venv/bin/python bench/portal.py`; `figures()` is what bench/run.py calls.
"""

import http.client
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ttdn.config.settings")
os.environ.setdefault("TTDN_DATA_DIR", tempfile.mkdtemp(prefix="ttdn-bench-"))


def _latencies(port: int, paths: list[str]) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    out = []
    for path in paths:
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        out.append(time.perf_counter() - start)
    conn.close()
    return out


def figures() -> list[tuple[str, str, str]]:
    import django

    django.setup()
    import logging

    from django.core.management import call_command
    from load import Server, throughput

    from ttdn.portal import demo
    from ttdn.portal.models import ArticlePage

    logging.disable(logging.INFO)  # Wagtail logs every page action while the demo is built
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    demo.load()
    logging.disable(logging.NOTSET)
    article = ArticlePage.objects.filter(locale__language_code="en").first()
    assert article is not None and article.live
    path = article.url
    server = Server(workers=2)
    try:
        throughput(server.port, path, seconds=2)  # warm both workers' caches
        static, _ = throughput(server.port, "/static/portal/portal.css")
        cached, _ = throughput(server.port, path)
        uncached = _latencies(server.port, [f"{path}?n={i}" for i in range(300)])
    finally:
        try:
            server.stop()
        except subprocess.TimeoutExpired:  # a loaded machine can take longer than load.py waits
            server.proc.kill()
    p95 = statistics.quantiles(uncached, n=20)[18]
    return [
        (
            "Whitenoise static file `portal.css` (gunicorn, 2 workers, 4 clients)",
            "baseline",
            f"{static:.0f} req/s",
        ),
        (
            "Cached English article page, same server and run",
            "≥ 0.5 × baseline",
            f"{cached:.0f} req/s = {cached / static:.2f} ×",
        ),
        (
            "Uncached English article page (300 sequential requests)",
            "reported",
            f"p95 {p95 * 1000:.0f} ms, median {statistics.median(uncached) * 1000:.0f} ms",
        ),
    ]


if __name__ == "__main__":
    rows = figures()
    print(
        f"Machine: {platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · "
        f"Python {platform.python_version()} · {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    print("| Figure | Target | Measured |\n|---|---|---|")
    for name, target, measured in rows:
        print(f"| {name} | {target} | {measured} |")
