"""Issue 8, load: wrk at saturation on 127.0.0.1 against the production server (gunicorn, 2 workers):
login page, a focal dashboard (signed in, past the TOTP step), an API list with a token, a cached portal
page. Records req/s, p50, p99 and every non-2xx answer or socket error (must be 0).

Needs wrk (`apt-get install wrk`); without it the figures say so. Alone: ``PYTHONPATH=src python
bench/loadtest.py``; ``make bench`` runs it with the other scripts (``TTDN_BENCH_SKIP=loadtest`` skips it)."""

import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK_ARGS = ["-t2", "-c16", "-d10s", "--latency"]
# wrk's own "Non-2xx or 3xx" count lets redirects through (a login redirect is fast and would pass for a
# page): count every answer that is not 2xx in each thread, and sum them at the end.
COUNT_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status < 200 or status > 299 then bad = bad + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("NON2XX %d\\n", total))
end
"""


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, headers: dict[str, str]) -> dict[str, float]:
    script = Path(tempfile.mkdtemp()) / "count.lua"
    script.write_text(COUNT_LUA)
    command = ["wrk", *WRK_ARGS, "-s", str(script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True, timeout=60).stdout
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": _ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "non2xx": int(re.search(r"NON2XX (\d+)", out).group(1)),
        "socket": sum(int(n) for n in errors.groups()) if errors else 0,
        # Which kind: connect / read / write / timeout, as wrk reports them.
        "socket_kinds": "/".join(errors.groups()) if errors else "0/0/0/0",
    }


def figures() -> list[tuple[str, str, str]]:
    if shutil.which("wrk") is None:
        return [("wrk load test", "0 errors", "not run: wrk is not installed (apt-get install wrk)")]
    import django

    django.setup()
    import logging

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from load import Server

    from ttdn.api.services import api_token_create
    from ttdn.core.models import User
    from ttdn.directory.models import Unit
    from ttdn.directory.services import load_reference
    from ttdn.plans import services
    from ttdn.portal import demo
    from ttdn.portal.models import ArticlePage

    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    load_reference(actor=None, province="lang-son")
    demo.load()
    logging.disable(logging.NOTSET)
    seed = ROOT / "src" / "ttdn" / "plans" / "data" / "samples" / "ke-hoach-ttdn-lang-son-2021.txt"
    admin = User.objects.create_superuser("bench-load", password="bench-load-password-1")
    plan_import = services.plan_import_upload(
        actor=admin, uploaded_file=SimpleUploadedFile("seed.txt", seed.read_bytes())
    )
    services.plan_import_parse(plan_import=plan_import)
    focal = Unit.objects.filter(code="so-ngoai-vu").first()
    plan = services.plan_import_confirm(actor=admin, plan_import=plan_import, focal_unit=focal)
    # A real session past the second step, as bench/run.py makes for the focal officer.
    device = TOTPDevice.objects.create(user=admin, name="bench", confirmed=True)
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(admin.pk),
            BACKEND_SESSION_KEY: "ttdn.directory.auth.MembershipBackend",
            HASH_SESSION_KEY: admin.get_session_auth_hash(),
            DEVICE_ID_SESSION_KEY: device.persistent_id,
        }
    )
    session.create()
    _token, key = api_token_create(actor=None, user=admin, name="bench")
    article = ArticlePage.objects.filter(locale__language_code="en").first()
    targets = [
        ("Login page (GET /login/)", "/login/", {}),
        (
            "Focal dashboard, signed in with TOTP",
            f"/plans/{plan.pk}/dashboard/",
            {"Cookie": f"sessionid={session.session_key}"},
        ),
        ("API list `/api/v1/plans` with a token", "/api/v1/plans", {"Authorization": f"Bearer {key}"}),
        ("Cached portal article (English)", article.url, {}),
    ]
    rows = []
    server = Server(workers=2)
    try:
        for name, path, headers in targets:
            url = f"http://127.0.0.1:{server.port}{path}"
            wrk_warm = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    "-c16",  # as many connections as the run: every worker has served before it
                    "-d2s",
                    url,
                    *[arg for k, v in headers.items() for arg in ("-H", f"{k}: {v}")],
                ],
                capture_output=True,
                timeout=30,
            )
            assert wrk_warm.returncode == 0
            r = wrk(url, headers)
            rows.append(
                (
                    f"wrk {' '.join(WRK_ARGS)}: {name}",
                    "0 non-2xx, 0 socket errors",
                    f"{r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, "
                    f"{r['non2xx']:.0f} non-2xx, {r['socket']:.0f} socket errors"
                    + (f" (connect/read/write/timeout {r['socket_kinds']})" if r["socket"] else ""),
                )
            )
    finally:
        try:
            server.stop()
        except subprocess.TimeoutExpired:
            server.proc.kill()
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ttdn.config.settings")
    os.environ.setdefault("TTDN_DATA_DIR", tempfile.mkdtemp(prefix="ttdn-bench-"))
    os.environ.setdefault("TTDN_HTTPS", "0")
    os.environ.pop("DATABASE_URL", None)
    rows = figures()
    print(
        f"Machine: {platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · "
        f"Python {platform.python_version()} · {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    print("| Figure | Target | Measured |\n|---|---|---|")
    for name, target, measured in rows:
        print(f"| {name} | {target} | {measured} |")
