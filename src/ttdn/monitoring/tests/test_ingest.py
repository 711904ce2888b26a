"""Polling sources into articles, against the local press server."""

import datetime
import gzip
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from ttdn.monitoring.fetching import PoliteFetcher
from ttdn.monitoring.gazetteer import build_gazetteer, clear_cache
from ttdn.monitoring.models import Article, ArticleBand, Cluster, Source
from ttdn.monitoring.services import poll_due_sources, poll_source, prune_bands
from ttdn.monitoring.tasks import poll_source_task

from .test_fetching_server import serving

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 2, 11, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def press_server():
    yield from serving()


@pytest.fixture
def gazetteer(lang_son):
    clear_cache()
    yield build_gazetteer()
    clear_cache()


def _source(server, path: str, name: str, kind: str = "rss") -> Source:
    return Source.objects.create(name=name, url=f"{server.base}{path}", kind=kind, min_delay_seconds=0)


def _poll(source, gazetteer, fetcher=None, now=NOW):
    fetcher = fetcher or PoliteFetcher(timeout=0.5, min_delay=0)
    return poll_source(source=source, fetcher=fetcher, gazetteer=gazetteer, now=now), fetcher


def test_poll_ingests_relevant_and_keeps_rejected(press_server, gazetteer):
    source = _source(press_server, "/xlns/rss.xml", "Xứ Lạng Ngày Nay")
    result, fetcher = _poll(source, gazetteer)
    assert result.ok and result.seen == 6
    by_path = {a.url.split("/", 3)[3]: a for a in Article.objects.all()}
    mau_son = by_path["xlns/mau-son.html"]
    assert mau_son.relevant and mau_son.rejected_reason == ""
    assert mau_son.url == f"https://{press_server.base[len('http://') :]}/xlns/mau-son.html"  # normalised
    assert mau_son.published_at == datetime.datetime(2026, 1, 6, 1, 15, tzinfo=datetime.UTC)
    assert "Mẫu Sơn" in mau_son.matched and mau_son.sentiment == "positive" and mau_son.topics
    assert mau_son.text_folded.startswith("mau son don hon 20.000")
    assert gzip.decompress(mau_son.raw_html_gz).startswith(b"<!DOCTYPE html>")
    assert by_path["xlns/dong-dang.html"].relevant
    assert not by_path["xlns/lang-giang.html"].relevant  # an article, just not about the province
    assert by_path["xlns/chuyen-muc.html"].rejected_reason.startswith("listing page")
    assert by_path["private/noi-bo.html"].rejected_reason == "disallowed by robots.txt"
    assert by_path["xlns/da-go.html"].rejected_reason == "HTTP 404"
    assert f"{press_server.base}/private/noi-bo.html" not in fetcher.requests  # robots.txt obeyed
    assert (result.new, result.relevant, result.rejected) == (6, 2, 3)
    source.refresh_from_db()
    assert (source.items_seen, source.items_new, source.consecutive_failures) == (6, 6, 0)
    assert source.last_success_at == NOW and source.last_polled_at == NOW
    first_interval = source.next_poll_at - NOW
    assert first_interval == datetime.timedelta(minutes=15)  # everything new: poll sooner

    # Second poll: nothing is fetched again, and a quiet feed is polled less often.
    hits = len(press_server.hits)
    later = NOW + first_interval
    result, _ = _poll(source, gazetteer, now=later)
    assert (result.seen, result.new) == (6, 0)
    assert press_server.hits[hits:] == ["/robots.txt", "/xlns/rss.xml"]  # new fetcher: robots once
    assert Article.objects.count() == 6
    source.refresh_from_db()
    assert source.next_poll_at - later > first_interval


def test_syndicated_copy_joins_the_original_cluster(press_server, gazetteer):
    _poll(_source(press_server, "/xlns/rss.xml", "Xứ Lạng Ngày Nay"), gazetteer)
    result, _ = _poll(_source(press_server, "/tbg/atom.xml", "Tin Biên Giới", "atom"), gazetteer)
    # the ?amp variant of the Mẫu Sơn article is the same URL: not stored twice
    assert (result.seen, result.new) == (3, 2)
    copy = Article.objects.get(url__endswith="/tbg/mau-son-hut-khach.html")
    original = Article.objects.get(url__endswith="/xlns/mau-son.html")
    assert copy.cluster is not None and copy.cluster == original.cluster
    assert copy.cluster.size == 2 and copy.cluster.key == original.url_hash
    tan_thanh = Article.objects.get(url__endswith="/tbg/tan-thanh.html")
    assert tan_thanh.cluster is None
    assert Cluster.objects.count() == 1


def test_clustering_looks_only_inside_the_window_and_old_bands_are_pruned(press_server, gazetteer):
    _poll(_source(press_server, "/xlns/rss.xml", "Xứ Lạng Ngày Nay"), gazetteer)
    original = Article.objects.get(url__endswith="/xlns/mau-son.html")
    assert ArticleBand.objects.filter(article=original).count() == len(original.minhash) // 3
    # Eight days later the original is outside the window: the copy starts no cluster with it.
    later = NOW + datetime.timedelta(days=8)
    _poll(_source(press_server, "/tbg/atom.xml", "Tin Biên Giới", "atom"), gazetteer, now=later)
    copy = Article.objects.get(url__endswith="/tbg/mau-son-hut-khach.html")
    assert copy.cluster is None and Cluster.objects.count() == 0
    kept = ArticleBand.objects.filter(article=copy).count()
    deleted = prune_bands(now=later)
    assert deleted > 0 and not ArticleBand.objects.filter(article=original).exists()
    assert ArticleBand.objects.filter(article=copy).count() == kept


def test_429_backs_off_and_records_the_failure(press_server, gazetteer):
    source = _source(press_server, "/busy/rss.xml", "Báo bận")
    result, fetcher = _poll(source, gazetteer)
    assert not result.ok and result.error == "HTTP 429"
    source.refresh_from_db()
    assert source.consecutive_failures == 1 and source.last_error == "HTTP 429"
    assert source.next_poll_at == NOW + datetime.timedelta(minutes=30)  # ≥ Retry-After (120 s)
    assert source.last_success_at is None
    # The same fetcher does not knock again while backing off.
    result, _ = _poll(source, gazetteer, fetcher=fetcher)
    assert result.error.startswith("backing off")
    assert press_server.hits.count("/busy/rss.xml") == 1
    source.refresh_from_db()
    assert source.consecutive_failures == 2
    assert source.next_poll_at == NOW + datetime.timedelta(hours=1)  # failures lengthen the wait


def test_slow_host_times_out(press_server, gazetteer):
    source = _source(press_server, "/slow/rss.xml", "Báo chậm")
    started = time.monotonic()
    result, _ = _poll(source, gazetteer)
    assert time.monotonic() - started < 1.4
    assert not result.ok and result.error.startswith("timeout")
    source.refresh_from_db()
    assert source.consecutive_failures == 1 and source.last_error.startswith("timeout")


def test_due_sources_and_task(press_server, gazetteer):
    feed = _source(press_server, "/xlns/rss.xml", "Xứ Lạng Ngày Nay")
    later = _source(press_server, "/tbg/atom.xml", "Tin Biên Giới", "atom")
    later.next_poll_at = timezone.now() + datetime.timedelta(hours=1)
    later.save()
    Source.objects.create(name="Tắt", url=f"{press_server.base}/off/rss.xml", enabled=False)
    claimed = _source(press_server, "/xlns/rss.xml?copy", "Đang đọc ở worker khác")
    claimed.poll_claimed_until = timezone.now() + datetime.timedelta(minutes=5)
    claimed.save()
    results = poll_due_sources(fetcher=PoliteFetcher(timeout=0.5, min_delay=0), gazetteer=gazetteer)
    assert [r.source.pk for r in results] == [feed.pk]  # not the one a worker is polling
    feed.refresh_from_db()
    assert feed.poll_claimed_until is None  # the claim ends with the poll
    broken = _source(press_server, "/broken/rss.xml", "Hỏng")
    assert poll_source_task.enqueue(broken.pk).return_value.startswith("Hỏng: FAILED not a feed")


def test_monitor_run_once(press_server, gazetteer, capsys):
    _source(press_server, "/xlns/rss.xml", "Xứ Lạng Ngày Nay")
    # Back-off is per host: the busy outlet lives on another host name than the others.
    Source.objects.create(
        name="Báo bận", url=press_server.base.replace("127.0.0.1", "localhost") + "/busy/rss.xml"
    )
    Source.objects.create(name="Tắt", url=f"{press_server.base}/tbg/atom.xml", enabled=False)
    Source.objects.update(min_delay_seconds=0)
    call_command("monitor_run", "--once")  # no SystemExit: a failing source is not a failed run
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Báo bận: FAILED HTTP 429",
        "Xứ Lạng Ngày Nay: 6 items, 6 new, 2 relevant, 3 rejected",
        "2 sources polled, 1 failed",
    ]
    assert Source.objects.get(name="Báo bận").consecutive_failures == 1


@pytest.mark.django_db(transaction=True)
def test_worker_sweep_polls_due_sources_and_reschedules_itself(press_server, gazetteer, settings):
    from django_tasks_db.models import DBTaskResult

    from ttdn.monitoring.tasks import poll_due_sources_and_reschedule

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    source = _source(press_server, "/xlns/rss.xml", "Xứ Lạng Ngày Nay")
    call_command("schedule_monitoring")
    call_command("schedule_monitoring")  # already queued: not queued twice
    assert DBTaskResult.objects.filter(task_path=poll_due_sources_and_reschedule.module_path).count() == 1
    # The sweep, then the poll it queued for the source's host.
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--max-tasks", "2")
    source.refresh_from_db()
    assert source.items_new == 6 and Article.objects.filter(relevant=True).count() == 2
    follow_up = DBTaskResult.objects.filter(
        task_path=poll_due_sources_and_reschedule.module_path, status="READY"
    )
    assert follow_up.count() == 1 and follow_up.get().run_after > timezone.now()


def test_poll_adds_the_classifiers_confident_topics_to_the_rules(press_server, gazetteer):
    from ttdn.monitoring.analysis.topic_model import TopicModel, merge, read_examples
    from ttdn.monitoring.services.topics import SEED_PATH

    source = _source(press_server, "/xlns/rss.xml", "Xứ Lạng Ngày Nay")
    _poll(source, gazetteer)
    mau_son = Article.objects.get(url__endswith="/xlns/mau-son.html")
    by_rules = list(mau_son.topics)
    assert by_rules and "doi-ngoai" not in by_rules
    # An analyst said this story is also foreign affairs; a classifier trained with that correction…
    text = f"{mau_son.title}. {mau_son.text}"[:3000]
    model = TopicModel.fit(merge(read_examples(SEED_PATH), [(text, (*by_rules, "doi-ngoai"))]), version=7)
    Article.objects.all().delete()
    poll_source(
        source=source,
        fetcher=PoliteFetcher(timeout=0.5, min_delay=0),
        gazetteer=gazetteer,
        now=NOW,
        topic_model=model,
    )
    # …adds it to what the rules found, rules first, for the relevant articles only.
    again = Article.objects.get(url__endswith="/xlns/mau-son.html")
    assert again.topics[: len(by_rules)] == by_rules and "doi-ngoai" in again.topics
    assert all(a.topics == [] for a in Article.objects.filter(relevant=False, rejected_reason__gt=""))


def test_migration_0010_resigns_articles_inside_the_window(press_server, gazetteer):
    # An article stored before the MinHash change carries a signature and bands no new article can match;
    # the migration gives it new ones, so a copy fetched after the upgrade still joins it.
    import importlib

    from django.apps import apps

    from ttdn.monitoring.analysis.dedup import MinHasher, band_keys

    migration = importlib.import_module("ttdn.monitoring.migrations.0010_minhash_multiply_add")
    now = timezone.now()
    _poll(_source(press_server, "/xlns/rss.xml", "Xứ Lạng Ngày Nay"), gazetteer, now=now)
    original = Article.objects.get(url__endswith="/xlns/mau-son.html")
    old_style = [value + 1 for value in original.minhash]
    Article.objects.filter(pk=original.pk).update(minhash=old_style)
    ArticleBand.objects.filter(article=original).delete()
    ArticleBand.objects.bulk_create([ArticleBand(article=original, key=k) for k in band_keys(old_style)])
    nine_days_ago = now - datetime.timedelta(days=9)
    stale = Article.objects.create(
        source=original.source,
        url="https://old.example/a",
        url_hash="old",
        fetched_at=nine_days_ago,
        text=original.text,
        minhash=old_style,
    )

    migration.resign_recent_articles(apps, None)

    original.refresh_from_db()
    assert original.minhash == list(MinHasher().signature(original.text))
    assert set(ArticleBand.objects.filter(article=original).values_list("key", flat=True)) == set(
        band_keys(original.minhash)
    )
    stale.refresh_from_db()
    assert stale.minhash == old_style  # outside the window: never compared again, left alone
    _poll(_source(press_server, "/tbg/atom.xml", "Tin Biên Giới", "atom"), gazetteer, now=now)
    copy = Article.objects.get(url__endswith="/tbg/mau-son-hut-khach.html")
    assert copy.cluster is not None and copy.cluster == Article.objects.get(pk=original.pk).cluster


@pytest.mark.django_db(transaction=True)
def test_pages_are_analysed_outside_the_write_transaction(press_server, gazetteer, monkeypatch):
    """On SQLite a transaction holds the one write lock: analysing inside it stalled the other workers."""
    from django.db import connection

    from ttdn.monitoring.services import ingest

    inside: list[bool] = []
    writes: list[int] = []
    real_extract, real_bulk_create = ingest.extract, Article.objects.bulk_create

    def extract(*args, **kwargs):
        inside.append(connection.in_atomic_block)
        return real_extract(*args, **kwargs)

    def bulk_create(articles):
        inside.append(not connection.in_atomic_block)  # the write itself is atomic
        writes.append(len(articles))
        return real_bulk_create(articles)

    monkeypatch.setattr(ingest, "extract", extract)
    monkeypatch.setattr(Article.objects, "bulk_create", bulk_create)
    result, _fetcher = _poll(_source(press_server, "/xlns/rss.xml", "Xứ Lạng Ngày Nay"), gazetteer)
    assert result.new == sum(writes) == 6 and not any(inside)


def test_pages_are_stored_in_batches_written_before_any_wait(press_server, gazetteer, monkeypatch):
    """Several pages per commit, but never one held while the worker waits for the next page."""
    from ttdn.monitoring.services import ingest

    real_prefetched, real_write_batch = ingest._prefetched, ingest._write_batch
    next_ready = iter([True, False, True, True, True, True])  # the second page's successor is late
    sizes: list[int] = []

    def prefetched(todo, fetch):
        for entry, page, _ready in real_prefetched(todo, fetch):
            yield entry, page, next(next_ready)

    def write_batch(batch, now, result):
        sizes.append(len(batch))
        real_write_batch(batch, now, result)

    monkeypatch.setattr(ingest, "_prefetched", prefetched)
    monkeypatch.setattr(ingest, "_write_batch", write_batch)
    monkeypatch.setattr(ingest, "WRITE_BATCH", 3)
    result, _fetcher = _poll(_source(press_server, "/xlns/rss.xml", "Xứ Lạng Ngày Nay"), gazetteer)
    assert sizes == [2, 3, 1]
    assert result.new == Article.objects.count() == 6 and result.rejected == 3


def test_a_page_stored_meanwhile_is_skipped_alone_in_its_batch(press_server, gazetteer):
    from ttdn.monitoring.services import ingest
    from ttdn.monitoring.services.ingest import PollResult

    source = _source(press_server, "/xlns/rss.xml", "Xứ Lạng Ngày Nay")
    Article.objects.create(source=source, url="https://x.example/a", url_hash="a" * 32, fetched_at=NOW)
    batch = [
        {"source": source, "url": f"https://x.example/{key}", "url_hash": key * 32, "fetched_at": NOW}
        for key in ("a", "b")
    ]
    result = PollResult(source=source, ok=True)
    ingest._write_batch(batch, NOW, result)
    assert result.new == 1 and batch == []
    assert sorted(Article.objects.values_list("url_hash", flat=True)) == ["a" * 32, "b" * 32]


def test_clustering_reads_candidates_only_when_a_band_matches_and_in_chunks(
    press_server, monkeypatch, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ttdn.monitoring.services import ingest

    source = _source(press_server, "/xlns/rss.xml", "Xứ Lạng Ngày Nay")
    signature = list(ingest._HASHER.signature("Mẫu Sơn đón hơn hai vạn lượt khách dịp đầu năm mới " * 3))
    other = list(ingest._HASHER.signature("Cửa khẩu Tân Thanh thông quan hàng hóa bình thường trở lại " * 3))

    def write(key: str, minhash: list[int]) -> Article:
        fields = {
            "source": source,
            "url": f"https://x.example/{key}",
            "url_hash": key * 32,
            "fetched_at": NOW,
        }
        return ingest._store_each([{**fields, "minhash": minhash}], NOW)[0]

    # Savepoint, the insert, the band lookup (nothing shares a band), the bands, release: no candidates query.
    with django_assert_num_queries(5):
        lone = write("a", other)
    monkeypatch.setattr(ingest, "CANDIDATE_CHUNK", 2)
    copies = [write(key, signature) for key in "bcde"]
    with CaptureQueriesContext(connection) as queries:
        copies.append(write("f", signature))  # compares with the 4 others, read 2 per query
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert sum('"minhash"' in sql for sql in selects) == 2
    assert lone.cluster_id is None
    clusters = {Article.objects.get(pk=copy.pk).cluster_id for copy in copies}
    assert len(clusters) == 1 and None not in clusters
    assert Cluster.objects.get().size == 5


def test_a_page_that_breaks_the_analysis_costs_only_itself(press_server, gazetteer, monkeypatch):
    from ttdn.monitoring.services import ingest

    real_prefetched, real_analyze = ingest._prefetched, ingest.analyze_extracted
    analysed: list[str] = []

    def prefetched(todo, fetch):  # a fast outlet: the next page has always arrived, so nothing is written yet
        for entry, page, _ready in real_prefetched(todo, fetch):
            yield entry, page, True

    def analyze(extracted, gazetteer):
        if len(analysed) == 2:
            raise RuntimeError("a bug in the analysis")
        analysed.append(extracted.title)
        return real_analyze(extracted, gazetteer)

    monkeypatch.setattr(ingest, "_prefetched", prefetched)
    monkeypatch.setattr(ingest, "analyze_extracted", analyze)
    with pytest.raises(RuntimeError):
        _poll(_source(press_server, "/xlns/rss.xml", "Xứ Lạng Ngày Nay"), gazetteer)
    stored = Article.objects.exclude(text="")
    assert sorted(stored.values_list("title", flat=True)) == sorted(analysed)  # both kept


STORY_X = " ".join(f"x{i} lạng sơn cửa khẩu hữu nghị thông quan hàng hóa" for i in range(30))
STORY_Y = " ".join(f"y{i} đồng đăng du lịch mẫu sơn lễ hội mùa xuân" for i in range(30))


@pytest.mark.django_db(transaction=True)
def test_batches_that_deadlock_on_postgresql_are_stored_page_by_page(monkeypatch):
    """Two workers store copies of the same two syndicated stories in opposite orders: each batch locks
    one story's cluster, then waits for the other's. PostgreSQL aborts one batch; it is written again."""
    import threading

    from django.db import connection, connections

    from ttdn.monitoring.services import ingest
    from ttdn.monitoring.services.ingest import PollResult

    if connection.vendor != "postgresql":
        pytest.skip("row locks between writers: SQLite has one writer at a time")
    outlets = [
        Source.objects.create(name=n, url=f"https://{n}.example/rss", min_delay_seconds=0) for n in "ab"
    ]

    def fields(source, key, text):
        minhash = list(ingest._HASHER.signature(text))
        return {"source": source, "url": f"https://x.example/{key}", "url_hash": key.ljust(32, "0"),
                "title": key, "text": text, "fetched_at": NOW, "minhash": minhash}  # fmt: skip

    for key, text in (("ox", STORY_X), ("ox2", STORY_X), ("oy", STORY_Y), ("oy2", STORY_Y)):
        ingest._store_each([fields(outlets[0], key, text)], NOW)  # the originals, already two clusters
    real_assign = ingest._assign_cluster
    barrier, waited = threading.Barrier(2), set()

    def assign(article, now):
        real_assign(article, now)
        if article.title in {"ax", "by"} - waited:  # both hold a cluster before either asks for the other
            waited.add(article.title)
            barrier.wait(timeout=10)

    monkeypatch.setattr(ingest, "_assign_cluster", assign)
    stored, errors = [], []

    def worker(source, keys):
        try:
            result = PollResult(source=source, ok=True)
            ingest._write_batch(
                [fields(source, k, STORY_X if "x" in k else STORY_Y) for k in keys], NOW, result
            )
            stored.append(result.new)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=args) for args in ((outlets[0], ["ax", "ay"]),
                                                                     (outlets[1], ["by", "bx"]))]  # fmt: skip
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    assert errors == [] and stored == [2, 2]
    assert {c.size for c in Cluster.objects.all()} == {4} and Cluster.objects.count() == 2
