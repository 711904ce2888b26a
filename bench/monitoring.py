"""Press monitoring figures, each measured side by side with its baseline in the same run.

    PYTHONPATH=src python bench/monitoring.py            # 1 000 000 articles (TTDN_BENCH_ARTICLES to change)
    PYTHONPATH=src python bench/monitoring.py --pipeline # the pipeline rows alone
    DATABASE_URL=postgres://…/empty_db PYTHONPATH=src python bench/monitoring.py --pipeline --postgres

- Stream search p95 on N generated articles: the full-text index (FTS5) against the folded LIKE baseline.
- Tone and topic classifiers against their rules (cross-validated on the labelled sets in tests/data).
- The volume projection's backtest on synthetic weekly series (errors, interval coverage).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ttdn.config.settings")
os.environ.setdefault("TTDN_DATA_DIR", tempfile.mkdtemp(prefix="ttdn-bench-monitoring-"))

# Syllables of everyday Vietnamese news prose, with tones; words are one or two syllables.
_PROSE = (
    "tỉnh huyện xã thôn bản cửa khẩu hàng hóa xuất nhập khẩu du lịch khách văn hóa lễ hội người dân cán bộ "
    "kinh tế đầu tư doanh nghiệp nông sản vải thiều hồi quế na thạch đường giao thông cao tốc biên giới đồn "
    "biên phòng buôn lậu ma túy mưa lũ sạt lở thiên tai hỗ trợ chính quyền hội nghị hợp tác quảng tây trung "
    "quốc đoàn công tác thăm làm việc phát triển bền vững năm tháng ngày kế hoạch triển khai thực hiện kết quả "
    "tăng giảm mạnh nhẹ an ninh trật tự trường học bệnh viện y tế giáo dục môi trường rừng núi đá sông suối "
    "chợ phố đêm mới cũ lớn nhỏ tốt đẹp khó khăn thuận lợi sản xuất thu hoạch mùa vụ giống cây trồng vật nuôi "
    "điện nước nhà ở đất đai quy hoạch dự án vốn ngân sách thuế phí cảng cạn logistics kho bãi xe container"
)
_SYLLABLES = _PROSE.split()
_PLACES = [
    "Lạng Sơn",
    "Đồng Đăng",
    "Hữu Nghị",
    "Tân Thanh",
    "Chi Lăng",
    "Mẫu Sơn",
    "Cao Lộc",
    "Bắc Sơn",
    "Đình Lập",
    "Lộc Bình",
    "Văn Quan",
    "Tràng Định",
    "Bình Gia",
    "Hữu Lũng",
    "Na Sầm",
    "Kỳ Lừa",
]
QUERIES = [
    "Đồng Đăng",
    "cửa khẩu Hữu Nghị",
    "buôn lậu ma túy",
    "lễ hội Kỳ Lừa",
    '"cửa khẩu số"',
    "sạt lở Bình Gia",
    "hồi quế Văn Quan",
    "cao tốc",
    "quảng tây hợp tác",
    "na Chi Lăng",
    "Mẫu Sơn du lịch",
    "thạch đường",
]


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def generate_articles(n: int, *, seed: int = 11, batch: int = 20_000) -> float:
    """n synthetic articles inserted with executemany (the FTS triggers index them as they go)."""
    from django.db import connection, transaction

    from ttdn.core.text import fold
    from ttdn.monitoring.models import Source

    rng = random.Random(seed)
    sources = [
        Source.objects.get_or_create(url=f"https://bao{i}.example.vn/rss", defaults={"name": f"Báo {i}"})[
            0
        ].pk
        for i in range(40)
    ]
    # Zipf-like weights: some words are in most articles, most are rare, as in real prose.
    vocabulary = _SYLLABLES + [p for p in _PLACES]
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(vocabulary))]
    rng.shuffle(weights)
    folded = {w: fold(w) for w in vocabulary}
    sentiments = ["positive", "neutral", "neutral", "neutral", "negative"]
    topics = ['["economy_trade"]', '["tourism"]', '["security"]', "[]", '["culture"]', '["disasters"]']
    sql = (
        "INSERT INTO monitoring_article (source_id, url, url_hash, canonical_url, title, text, text_folded, "
        "published_at, fetched_at, relevance_score, relevant, matched, sentiment, topics, minhash, "
        "cluster_id, raw_html_gz, rejected_reason, tone_by) VALUES (%s, %s, %s, '', %s, %s, %s, %s, %s, %s, %s, '[]', "
        "%s, %s, '[]', NULL, X'', '', 'rules')"
    ).replace("%s", "?")
    from ttdn.monitoring.search import SQLITE_DROP, ensure_index

    start = time.perf_counter()
    connection.ensure_connection()
    # Indexing the whole table once at the end is faster than a trigger call per row.
    with connection.cursor() as cursor:
        for drop in SQLITE_DROP[:3]:
            cursor.execute(drop)
    base = 1_700_000_000
    for offset in range(0, n, batch):
        rows = []
        for i in range(offset, min(n, offset + batch)):
            words = rng.choices(vocabulary, weights, k=70)
            title, body = " ".join(words[:10]).capitalize(), " ".join(words[10:])
            text_folded = " ".join(folded[w] for w in words)
            stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(base + i * 30))
            relevant = rng.random() < 0.6
            rows.append(
                (
                    rng.choice(sources),
                    f"https://bao.example.vn/{i}",
                    f"{i:032x}",
                    title,
                    body,
                    text_folded,
                    stamp,
                    stamp,
                    0.8 if relevant else 0.1,
                    relevant,
                    rng.choice(sentiments),
                    rng.choice(topics),
                )
            )
        with transaction.atomic():
            connection.connection.executemany(sql, rows)
    ensure_index(connection)  # triggers back, and a full 'rebuild' of the index
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("INSERT INTO monitoring_article_fts(monitoring_article_fts) VALUES ('optimize')")
    return time.perf_counter() - start


def _time_queries(fn, queries: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            fn(query)
            samples.append(time.perf_counter() - start)
    return samples


def search_figures(n: int) -> list[tuple[str, str, str]]:
    from django.core.paginator import Paginator

    from ttdn.monitoring.models import Article
    from ttdn.monitoring.search import like_search
    from ttdn.monitoring.selectors import article_stream

    existing = Article.objects.count()
    build = generate_articles(n - existing) if existing < n else 0.0

    def stream_page(query: str) -> None:
        # What the stream view does: the first page of 50 and the paginator's count.
        page = Paginator(article_stream(query=query), 50).get_page(1)
        list(page)

    def baseline_page(query: str) -> None:
        articles = Article.objects.filter(rejected_reason="", relevant=True).order_by("-published_at")
        page = Paginator(like_search(articles, query), 50).get_page(1)
        list(page)

    for query in QUERIES:  # warm the page cache
        stream_page(query)
    fts = _time_queries(stream_page, QUERIES, rounds=5)
    like = _time_queries(baseline_page, QUERIES[:4], rounds=1)
    hits = statistics.median(article_stream(query=q).count() for q in QUERIES)
    from ttdn.monitoring.search import RANK_WINDOW

    label = f"{n:,}".replace(",", " ")
    return [
        (f"Generate and index {label} articles (executemany, then FTS5 rebuild)", "—", f"{build:.0f} s"),
        (
            f"Stream search (FTS5, best of the newest {RANK_WINDOW} matches), first page, {label} articles, p95 "
            f"(median hits {hits:.0f})",
            "≤ 50 ms",
            f"{_percentile(fts, 0.95) * 1000:.1f} ms (median {statistics.median(fts) * 1000:.1f} ms)",
        ),
        (
            f"Baseline: folded LIKE, same page + count, {label} articles, p95",
            "—",
            f"{_percentile(like, 0.95) * 1000:.0f} ms (median {statistics.median(like) * 1000:.0f} ms)",
        ),
    ]


def tone_figures() -> list[tuple[str, str, str]]:
    from ttdn.monitoring.analysis.tone_model import cross_validate, read_examples

    examples = read_examples(ROOT / "src/ttdn/monitoring/tests/data/tone/eval_vi.jsonl")
    result = cross_validate([t for t, _ in examples], [label for _, label in examples], folds=5)
    n = result["n"]
    return [
        (
            f"Tone, {n} labelled items, 5-fold CV: classifier accuracy / macro-F1",
            "> baseline",
            f"{result['model_accuracy']:.3f} / {result['model_macro_f1']:.3f}",
        ),
        (
            f"Tone baseline (lexicon and rules), same {n} items: accuracy / macro-F1",
            "—",
            f"{result['baseline_accuracy']:.3f} / {result['baseline_macro_f1']:.3f}",
        ),
    ]


def topic_figures() -> list[tuple[str, str, str]]:
    from ttdn.monitoring.analysis.topic_model import cross_validate, read_examples

    examples = read_examples(ROOT / "src/ttdn/monitoring/tests/data/topics/eval_vi.jsonl")
    result = cross_validate(examples, folds=5)
    n = result["n"]
    rows = [
        (
            f"Topics, {n} labelled items, 5-fold CV, micro-F1: rules / classifier / rules ∪ classifier (p ≥ 0.5)",
            "≥ rules",
            f"{result['rules_micro_f1']:.3f} / {result['model_micro_f1']:.3f} / {result['combined_micro_f1']:.3f}",
        )
    ]
    # One split could flatter the classifier: the same comparison over four more shufflings of the folds.
    others = [cross_validate(examples, folds=5, seed=seed) for seed in (1, 2, 3, 4)]
    rows.append(
        (
            "Topics, same set, 5-fold CV with 4 other fold shufflings (seeds 1–4): rules ∪ classifier micro-F1 "
            "(rules)",
            "≥ rules in each",
            " · ".join(f"{r['combined_micro_f1']:.3f} ({r['rules_micro_f1']:.3f})" for r in others),
        )
    )
    for code in result["rules_f1"]:
        rows.append(
            (
                f"Topic {code}: F1 rules / classifier / both",
                "—",
                f"{result['rules_f1'][code]:.3f} / {result['model_f1'][code]:.3f} / "
                f"{result['combined_f1'][code]:.3f}",
            )
        )
    return rows


_PRESS_WEEK = (1.1, 1.25, 1.2, 1.2, 1.15, 0.7, 0.4)  # Monday first: busy weekdays, quiet weekend


def _forecast_shapes():
    """Series generators of other shapes than the sine-weekly Poisson above, so the bands are not judged on
    the one generator they were chosen with. Each takes (days, rng) and returns integer counts."""
    import numpy as np

    week = np.array(_PRESS_WEEK)

    def overdispersed(days, rng, base=15.0):  # negative binomial: the daily rate itself varies
        mean = base * week[np.arange(days) % 7]
        return rng.poisson(rng.gamma(6.0, mean / 6.0))

    def sparse(days, rng, base=0.8):  # a niche topic: most days 0 or 1
        mean = base * week[np.arange(days) % 7]
        return rng.poisson(rng.gamma(3.0, mean / 3.0))

    def level_shift(days, rng, base=10.0):  # the volume rises by 60 % on a random day
        t = np.arange(days)
        return rng.poisson(base * week[t % 7] * np.where(t > rng.integers(days // 3, days - 20), 1.6, 1.0))

    def wandering(days, rng, base=25.0):  # the level drifts as a random walk (3 % a day on the log scale)
        t = np.arange(days)
        return rng.poisson(base * np.exp(np.cumsum(rng.normal(0, 0.03, days))) * week[t % 7])

    def sine(days, rng, base=20.0):  # the generator of the rows above, many series
        t = np.arange(days)
        return rng.poisson(base * (1 + 0.6 * np.sin(2 * np.pi * t / 7)) + 0.01 * t)

    return {
        "sine-weekly Poisson ~20/day": sine,
        "overdispersed (negative binomial) ~15/day": overdispersed,
        "sparse ~0.8/day": sparse,
        "level shift +60 % ~10/day": level_shift,
        "random-walk level ~25/day": wandering,
    }


def forecast_figures() -> list[tuple[str, str, str]]:
    """The volume projection on synthetic series (the archive has no real history yet): errors against the
    seasonal-naive baseline and the bands' coverage on 40 held-out weeks of three long series; then what the
    page does (16 weeks of history, the next 7 days) on 200 independent series of each of five shapes."""
    import numpy as np

    from ttdn.monitoring.analysis.forecast import backtest, fit_forecast

    rows = []
    for base in (3, 20, 60):
        t = np.arange(400)
        rate = base * (1 + 0.6 * np.sin(2 * np.pi * t / 7)) + 0.01 * t
        counts = [int(v) for v in np.random.default_rng(base).poisson(rate)]
        result = backtest(counts, weeks=40)
        assert result is not None
        rows.append(
            (
                f"Projection, synthetic weekly series ~{base}/day, 40 held-out weeks: MAE / sMAPE "
                "(seasonal naive) · 80 % / 95 % coverage",
                "coverage ≈ nominal",
                f"{result.mae:.2f} / {result.smape:.0f} % ({result.baseline_mae:.2f} / "
                f"{result.baseline_smape:.0f} %) · {result.coverage_80:.0f} % / {result.coverage_95:.0f} %",
            )
        )
    history, series = 16 * 7, 200
    for name, generate in _forecast_shapes().items():
        inside = {0.8: 0, 0.95: 0}
        for seed in range(series):
            counts = [int(c) for c in generate(history + 7, np.random.default_rng(10_000 + seed))]
            result = fit_forecast(counts[:history])
            for level in inside:
                lower, upper = result.intervals[level]
                inside[level] += sum(
                    lo <= c <= hi for c, lo, hi in zip(counts[history:], lower, upper, strict=True)
                )
        days = 7 * series
        rows.append(
            (
                f"Projection bands, {name}, 16 weeks of history → next 7 days, {series} series: "
                "80 % / 95 % coverage",
                "≈ 80 % / 95 %",
                f"{100 * inside[0.8] / days:.1f} % / {100 * inside[0.95] / days:.1f} %",
            )
        )
    return rows


def _page(i: int, rng: random.Random) -> bytes:
    vocabulary = _SYLLABLES + _PLACES
    words = rng.choices(vocabulary, k=320)
    title = " ".join(words[:12]).capitalize()
    paragraphs = "".join(f"<p>{' '.join(words[k : k + 40]).capitalize()}.</p>\n" for k in range(12, 320, 40))
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title} - Báo Bench</title>'
        f'<meta property="article:published_time" content="2026-02-{1 + i % 28:02d}T08:00:00+07:00"></head>'
        f'<body><header><nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></nav></header><main>'
        f'<article><h1>{title}</h1>{paragraphs}<p class="author">Phóng viên {i}</p></article></main>'
        f"<footer><p>Báo Bench. Địa chỉ: 15 Tam Thanh, Lạng Sơn. © 2026</p></footer></body></html>"
    ).encode()


def _pages(n: int) -> dict[str, bytes]:
    rng = random.Random(5)
    return {f"/bai/{i}.html": _page(i, rng) for i in range(n)}


def _serve_pages(n: int, ready, outlets: int = 1) -> None:
    """The outlets' web servers, in their own process: their work is not the pipeline's. Each outlet has
    its own port (a host of its own to the fetcher) and an RSS feed of its share of the pages."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    pages = _pages(n)
    paths = list(pages)
    share = -(-n // outlets)

    def handler(own: list[str]) -> type[BaseHTTPRequestHandler]:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real outlets answer
            disable_nagle_algorithm = True  # as nginx (tcp_nodelay): headers and body are two writes

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                if path == "/rss.xml":
                    items = "".join(f"<item><title>Bài {p}</title><link>{base}{p}</link></item>" for p in own)
                    body = f'<?xml version="1.0" encoding="utf-8"?><rss><channel>{items}</channel></rss>'
                    body = body.encode()
                elif path == "/robots.txt":
                    body = b"User-agent: *\nAllow: /\n"
                else:
                    body = pages.get(path, b"") if path in own_set else b""
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        own_set = set(own)
        return Handler

    bases = []
    for k in range(outlets):
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler(paths[k * share : (k + 1) * share]))
        bases.append(f"http://127.0.0.1:{server.server_address[1]}")
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ready.put(bases)
    threading.Event().wait()


def _worker_pool_run(bases: list[str], n: int, workers: int) -> float:
    """The deployed path: the sweep task queues one poll per outlet (host) and ``workers`` real `ttdn
    worker` processes, already running and idle, share them. Seconds from queuing the sweep until the
    last page is stored and every poll task has finished."""
    import signal
    import subprocess

    from django_tasks_db.models import DBTaskResult

    from ttdn.monitoring.models import Article, Source
    from ttdn.monitoring.tasks import poll_due_sources_and_reschedule, poll_sources_task

    Source.objects.bulk_create(
        Source(name=f"Bench {k}", url=f"{base}/rss.xml", min_delay_seconds=0) for k, base in enumerate(bases)
    )
    env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
    env.pop("TTDN_TASKS_BACKEND", None)
    command = [sys.executable, "-m", "ttdn.manage", "worker", "--no-startup-delay", "--interval", "0.05"]
    pool = [
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    try:
        time.sleep(4)  # started and idle, as in production
        polls = DBTaskResult.objects.filter(task_path=poll_sources_task.module_path)
        start = time.perf_counter()
        poll_due_sources_and_reschedule.enqueue()
        while Article.objects.count() < n or polls.count() < len(bases) or polls.exclude(status="SUCCESSFUL"):
            if any(worker.poll() is not None for worker in pool):
                raise RuntimeError("a worker exited")
            if polls.filter(status="FAILED").exists() or time.perf_counter() - start > 600:
                raise RuntimeError("a poll task failed, or the pool took over 10 minutes")
            time.sleep(0.02)
        return time.perf_counter() - start
    finally:
        for worker in pool:
            worker.send_signal(signal.SIGTERM)
        for worker in pool:
            worker.wait(30)


def _clear_archive() -> None:
    from django_tasks_db.models import DBTaskResult

    from ttdn.monitoring.models import Article, ArticleBand, Cluster, Source

    ArticleBand.objects.all().delete()
    Article.objects.all().delete()
    Cluster.objects.all().delete()
    Source.objects.all().delete()
    DBTaskResult.objects.all().delete()


def pipeline_figures(
    n: int, outlets: int = 20, workers: int = 2, chunks: int = 10, pool_runs: int = 3
) -> list[tuple[str, str, str]]:
    """Fetch from a local HTTP server, extract, analyse, dedup, store and index, against trafilatura's
    extraction alone on the same pages, in the same run: in one process (``chunks`` outlets polled one
    after another), then as deployed (the pages spread over ``outlets`` outlets, polled by ``workers``
    worker processes), ``pool_runs`` times on an empty archive.

    On a shared VM the CPU's speed drifts by a third within a minute, so each timing is paired with a
    baseline taken next to it: in one process, trafilatura alone on an outlet's pages right before that
    outlet's poll; as deployed, trafilatura alone on all the pages right before and right after each run.
    """
    import multiprocessing

    import trafilatura
    from django.utils import timezone

    from ttdn.monitoring.fetching import PoliteFetcher
    from ttdn.monitoring.gazetteer import build_gazetteer
    from ttdn.monitoring.models import Source
    from ttdn.monitoring.services import ingest, poll_source

    pages = _pages(n)
    paths = list(pages)
    share = -(-n // chunks)
    context = multiprocessing.get_context("fork")
    ready = context.Queue()
    single = context.Process(target=_serve_pages, args=(n, ready, chunks), daemon=True)
    spread = context.Process(target=_serve_pages, args=(n, ready, outlets), daemon=True)

    def extraction_alone(some: list[str]) -> float:
        start = time.perf_counter()
        for path in some:
            trafilatura.extract(pages[path].decode(), favor_precision=True)
        return time.perf_counter() - start

    single.start()
    bases = ready.get(timeout=30)
    gazetteer = build_gazetteer()
    alone_single = full = 0.0
    stored = 0
    limit, ingest.MAX_ITEMS_PER_POLL = ingest.MAX_ITEMS_PER_POLL, share
    try:
        with PoliteFetcher(min_delay=0) as fetcher:
            for k, base in enumerate(bases):
                alone_single += extraction_alone(paths[k * share : (k + 1) * share])
                source = Source.objects.create(name=f"Bench {k}", url=f"{base}/rss.xml", min_delay_seconds=0)
                start = time.perf_counter()
                result = poll_source(source=source, fetcher=fetcher, gazetteer=gazetteer, now=timezone.now())
                full += time.perf_counter() - start
                stored += result.new
    finally:
        ingest.MAX_ITEMS_PER_POLL = limit
        single.terminate()
        single.join()
    spread.start()
    bases = ready.get(timeout=30)
    runs: list[tuple[float, float]] = []  # (seconds, the baseline's mean seconds around them)
    try:
        for _ in range(pool_runs):
            _clear_archive()  # the same pages again, as new articles
            before = extraction_alone(paths)
            pooled = _worker_pool_run(bases, n, workers)
            runs.append((pooled, (before + extraction_alone(paths)) / 2))
    finally:
        spread.terminate()
        spread.join()
    ratios = sorted(around / pooled for pooled, around in runs)
    median_run = sorted(runs, key=lambda run: run[1] / run[0])[len(runs) // 2]
    return [
        (
            f"Pipeline (fetch local server → extract → analyse → dedup → store + index), {stored} pages, "
            f"one process, {chunks} outlets polled in turn",
            "≥ 0.8× trafilatura alone",
            f"{stored / full:.1f} pages/s = {alone_single / full:.2f}× ",
        ),
        (
            f"Same pipeline as deployed: {n} pages over {outlets} outlets, the sweep queuing one poll per "
            f"outlet, {workers} `ttdn worker` processes; median of {pool_runs} runs (all runs)",
            "≥ 0.8× trafilatura alone",
            f"{n / median_run[0]:.1f} pages/s = {median_run[1] / median_run[0]:.2f}× "
            f"({' · '.join(f'{r:.2f}×' for r in ratios)})",
        ),
        (
            f"trafilatura.extract alone, same {n} pages, one process (next to the one-process run; next to "
            "each deployed run)",
            "—",
            f"{n / alone_single:.1f} pages/s; " + " · ".join(f"{n / around:.1f}" for _, around in runs),
        ),
    ]


def figures() -> list[tuple[str, str, str]]:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from ttdn.directory.services import load_reference

    load_reference(actor=None, province="lang-son")
    n = int(os.environ.get("TTDN_BENCH_ARTICLES", "1000000"))
    pages = int(os.environ.get("TTDN_BENCH_PAGES", "1000"))
    return pipeline_figures(pages) + tone_figures() + topic_figures() + forecast_figures() + search_figures(n)


def pipeline_only() -> list[tuple[str, str, str]]:
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    from ttdn.directory.services import load_reference

    load_reference(actor=None, province="lang-son")
    rows = pipeline_figures(int(os.environ.get("TTDN_BENCH_PAGES", "1000")))
    return [(f"{name} [{connection.vendor}]", target, measured) for name, target, measured in rows]


if __name__ == "__main__":
    # The figures are SQLite's. `--postgres` keeps DATABASE_URL (an empty database: the run fills it).
    if "--postgres" not in sys.argv:
        os.environ.pop("DATABASE_URL", None)
    if "--models" in sys.argv:  # only the classifier and projection figures (no database, seconds)
        rows = tone_figures() + topic_figures() + forecast_figures()
    elif "--pipeline" in sys.argv:  # only the pipeline rows
        rows = pipeline_only()
    else:
        rows = figures()
    for name, target, measured in rows:
        print(f"| {name} | {target} | {measured} |")
