"""The sweep spreads polling over the worker pool: due sources claimed, one poll task per host."""

import datetime

import pytest
from django.utils import timezone

from ttdn.monitoring.models import Article, Source
from ttdn.monitoring.services import source_set_enabled, sources_claim_due, sources_queue_due_polls
from ttdn.monitoring.services.scheduling import POLL_LEASE
from ttdn.monitoring.tasks import poll_sources_task

from .test_fetching_server import serving

pytestmark = pytest.mark.django_db


@pytest.fixture
def press_server():
    yield from serving()


@pytest.fixture
def outlets(press_server):
    """Two sources on one host, one on another host name, and three that are not due."""
    other_host = press_server.base.replace("127.0.0.1", "localhost")

    def source(name, url, **fields):
        return Source.objects.create(name=name, url=url, min_delay_seconds=0, **fields)

    return {
        "xlns": source("A Xứ Lạng", f"{press_server.base}/xlns/rss.xml"),
        "tbg": source("B Tin Biên Giới", f"{press_server.base}/tbg/atom.xml", kind="atom"),
        "busy": source("C Báo bận", f"{other_host}/busy/rss.xml"),
        "off": source("D Tắt", f"{press_server.base}/off/rss.xml", enabled=False),
        "social": source("E Mạng xã hội", f"{press_server.base}/social", kind="social"),
        "later": source(
            "F Chưa đến giờ",
            f"{press_server.base}/later/rss.xml",
            next_poll_at=timezone.now() + datetime.timedelta(hours=2),
        ),
    }


def test_due_sources_are_claimed_once_grouped_by_host(outlets):
    now = timezone.now()
    groups = sources_claim_due(now=now)
    assert groups == [[outlets["xlns"].pk, outlets["tbg"].pk], [outlets["busy"].pk]]
    assert Source.objects.get(pk=outlets["xlns"].pk).poll_claimed_until == now + POLL_LEASE
    # The second source of a host waits for the first one's poll: its lease is longer by one poll.
    assert Source.objects.get(pk=outlets["tbg"].pk).poll_claimed_until == now + 2 * POLL_LEASE
    assert sources_claim_due(now=now + datetime.timedelta(minutes=5)) == []  # the next sweep: still claimed
    # A poll that never reported back (its worker was killed) is claimed again once the lease runs out.
    assert sources_claim_due(now=now + POLL_LEASE) == [[outlets["xlns"].pk], [outlets["busy"].pk]]
    assert outlets["tbg"].pk in sources_claim_due(now=now + 2 * POLL_LEASE)[0]


def test_the_sweep_queues_one_task_per_host(outlets, settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with django_capture_on_commit_callbacks(execute=True):
        assert sources_queue_due_polls() == 3
    queued = DBTaskResult.objects.filter(task_path=poll_sources_task.module_path)
    assert sorted(task.args_kwargs["args"] for task in queued) == sorted(
        [[[outlets["xlns"].pk, outlets["tbg"].pk]], [[outlets["busy"].pk]]]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert sources_queue_due_polls() == 0
    assert queued.count() == 2


def test_a_queued_poll_reads_its_sources_and_releases_them(
    outlets, lang_son, django_capture_on_commit_callbacks
):
    # The immediate backend runs each queued poll as soon as the claims are committed.
    with django_capture_on_commit_callbacks(execute=True):
        assert sources_queue_due_polls() == 3
    polled = Source.objects.filter(pk__in=[outlets[k].pk for k in ("xlns", "tbg", "busy")])
    assert all(s.poll_claimed_until is None and s.last_polled_at for s in polled)
    assert polled.get(pk=outlets["xlns"].pk).items_new == 6
    assert polled.get(pk=outlets["busy"].pk).consecutive_failures == 1  # HTTP 429, released all the same
    assert Article.objects.filter(source=outlets["xlns"]).count() == 6
    assert Source.objects.get(pk=outlets["later"].pk).last_polled_at is None


def test_a_source_disabled_after_it_was_queued_is_skipped_and_re_enabling_frees_it(outlets):
    groups = sources_claim_due()
    xlns = outlets["xlns"]
    source_set_enabled(actor=None, source=xlns, enabled=False)
    assert "A Xứ Lạng" not in poll_sources_task.call(groups[0])
    assert not Article.objects.filter(source=xlns).exists()
    source_set_enabled(actor=None, source=Source.objects.get(pk=xlns.pk), enabled=True)
    assert sources_claim_due() == [[xlns.pk]]  # due at once, not after the lease


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_claim_each_source_once():
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("two concurrent writers need PostgreSQL; SQLite serialises them anyway")
    Source.objects.bulk_create(
        Source(name=f"Báo {i:02d}", url=f"https://bao{i:02d}.example.vn/rss") for i in range(40)
    )
    start, claimed = threading.Barrier(2), []

    def sweep():
        try:
            start.wait()
            claimed.append([pk for ids in sources_claim_due() for pk in ids])
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = claimed
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted(Source.objects.values_list("pk", flat=True))
