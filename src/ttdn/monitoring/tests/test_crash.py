"""Kill -9 a real db_worker in the middle of polling a feed, then let the periodic sweep and another worker
finish it: every item is stored once, pages stored before the kill are not fetched again."""

import pytest
from django.utils import timezone

from ttdn.core.tests.workers import DB_TASKS, kill, start_worker, stop, wait_for
from ttdn.monitoring.models import Article, Source
from ttdn.monitoring.tasks import poll_due_sources_and_reschedule, poll_source_task

from .test_fetching_server import DATA, serving

pytestmark = pytest.mark.django_db(transaction=True)
ITEMS = 4
SLOW_ITEM = 2  # served under /slow/: the server holds it, the worker is killed while it waits


@pytest.fixture
def press_server():
    yield from serving()


def _path(i: int) -> str:
    return f"/slow/crash-{i}.html" if i == SLOW_ITEM else f"/crash/{i}.html"


def _crash_feed(server) -> None:
    page = (DATA / "mau_son_tourism.html").read_text(encoding="utf-8")
    html = {"Content-Type": "text/html; charset=utf-8"}
    items = ""
    for i in range(1, ITEMS + 1):
        title = f"Mẫu Sơn đón khách đợt {i}"
        body = page.replace("Mẫu Sơn đón hơn 20.000 lượt khách dịp đầu năm", title)
        server.routes[_path(i)] = (200, html, body.encode("utf-8"))
        items += f"<item><title>{title}</title><link>{server.base}{_path(i)}</link></item>"
    feed = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Crash</title>{items}'
    feed += "</channel></rss>"
    server.routes["/crash/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, feed.encode("utf-8"))


def test_kill_during_ingest_then_resume(settings, lang_son, press_server, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from . import test_fetching_server

    monkeypatch.setattr(test_fetching_server, "SLOW_SECONDS", 1.2)

    settings.TASKS = DB_TASKS
    _crash_feed(press_server)
    source = Source.objects.create(
        name="Crash", url=f"{press_server.base}/crash/rss.xml", min_delay_seconds=0
    )
    poll_source_task.enqueue(source.pk)
    polls = DBTaskResult.objects.filter(task_path=poll_source_task.module_path)

    workers = {name: start_worker(name) for name in ("w-a", "w-b")}
    try:
        # Pages are fetched ahead of the one being stored: wait for the slow page to be asked for and the
        # page before it to be stored, then kill while the slow one is still being held by the server.
        assert wait_for(lambda: _path(SLOW_ITEM) in press_server.hits and Article.objects.exists(), 40), (
            "no worker polled the feed"
        )
        kill(workers.pop(polls.get().worker_ids[-1]))
        stored_before = set(Article.objects.values_list("url", flat=True))
        assert 0 < len(stored_before) < ITEMS, "the kill did not land in the middle of the run"
        assert polls.get().status == "RUNNING"
        source.refresh_from_db()
        assert source.last_polled_at is None  # the interrupted poll recorded nothing: the source is still due

        hits_before = len(press_server.hits)
        poll_due_sources_and_reschedule.enqueue()  # the five-minute sweep comes round
        assert wait_for(lambda: Source.objects.get().last_polled_at is not None, 40, step=0.1), "not resumed"
    finally:
        stop(workers)

    urls = list(Article.objects.values_list("url", flat=True))
    assert len(urls) == len(set(urls)) == ITEMS  # nothing lost, nothing twice
    assert all(not a.rejected_reason for a in Article.objects.all())
    refetched = [hit for hit in press_server.hits[hits_before:] if hit.endswith(".html")]
    # Only what was not stored yet is fetched again: the page in flight and those after it.
    assert sorted(refetched) == sorted(_path(i) for i in range(SLOW_ITEM, ITEMS + 1))
    assert len(stored_before) == SLOW_ITEM - 1
    source.refresh_from_db()
    assert source.consecutive_failures == 0 and source.next_poll_at > timezone.now()
    assert source.items_new == ITEMS - len(stored_before)
