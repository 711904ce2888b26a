"""The pure fetching package against a real local HTTP server (no Django)."""

import time

import pytest

from ttdn.monitoring.fetching import PoliteFetcher, parse_feed
from ttdn.monitoring.fetching.feeds import FeedError
from ttdn.monitoring.fetching.listing import parse_listing

from .test_fetching_server import feed_text, serving


@pytest.fixture
def press_server():
    yield from serving()


def test_rss_and_atom_items(press_server):
    rss = parse_feed(feed_text("xlns_rss.xml", press_server.base))
    assert [i.title for i in rss][:2] == [
        "Mẫu Sơn đón hơn 20.000 lượt khách dịp đầu năm",
        "Thông quan hàng hóa tại cửa khẩu Đồng Đăng tăng mạnh",
    ]
    assert rss[0].published == "2026-01-06T08:15:00+07:00"
    assert rss[1].published == "2026-01-07T09:30:00"  # day-first, not 1 July
    assert rss[3].published is None
    atom = parse_feed(feed_text("tbg_atom.xml", press_server.base))
    assert atom[0].link == f"{press_server.base}/tbg/tan-thanh.html"
    assert atom[1].published == "2026-01-06T11:00:00+07:00"


def test_not_a_feed():
    for data in (b"<html><body>x</body></html>", b"not xml at all <"):
        try:
            parse_feed(data)
        except FeedError:
            continue
        raise AssertionError("expected FeedError")


def test_listing_links():
    html = '<a href="/a/bai-viet.html">Mẫu Sơn đón hơn hai vạn lượt khách</a><a href="/x">Trang chủ</a>'
    html += '<a href="https://other.example/b">Một trang khác ở ngoài hẳn đây rồi</a>'
    items = parse_listing(html, "http://press.example/chuyen-muc")
    assert [i.link for i in items] == ["http://press.example/a/bai-viet.html"]


def test_user_agent_robots_and_delay(press_server):
    fetcher = PoliteFetcher(timeout=2, min_delay=0.3)
    started = time.monotonic()
    first = fetcher.get(f"{press_server.base}/xlns/mau-son.html")
    second = fetcher.get(f"{press_server.base}/xlns/dong-dang.html")
    assert first.ok and second.ok
    assert time.monotonic() - started >= 0.3  # the same host waits its turn
    assert press_server.user_agents[-1] == "ttdn-monitor/1.0 (+contact)"
    blocked = fetcher.get(f"{press_server.base}/private/noi-bo.html")
    assert blocked.error == "disallowed by robots.txt"
    assert f"{press_server.base}/private/noi-bo.html" not in fetcher.requests
    assert fetcher.requests.count(f"{press_server.base}/robots.txt") == 1  # cached per host


def test_429_backs_off_with_retry_after(press_server):
    fetcher = PoliteFetcher(timeout=2, min_delay=0)
    result = fetcher.get(f"{press_server.base}/busy/rss.xml")
    assert result.status == 429 and result.error == "HTTP 429" and result.retry_after == 120
    again = fetcher.get(f"{press_server.base}/busy/other.html")
    assert again.error.startswith("backing off") and not again.ok
    assert f"{press_server.base}/busy/other.html" not in fetcher.requests


def test_timeout_and_errors_are_results(press_server):
    fetcher = PoliteFetcher(timeout=0.4, min_delay=0)
    started = time.monotonic()
    slow = fetcher.get(f"{press_server.base}/slow/rss.xml")
    assert slow.error.startswith("timeout") and time.monotonic() - started < 1.5
    missing = fetcher.get(f"{press_server.base}/xlns/da-go.html")
    assert missing.status == 404 and missing.error == "HTTP 404"
    assert fetcher.get("ftp://example.org/x").error == "unsupported address scheme"
    refused = PoliteFetcher(timeout=0.5, min_delay=0).get("http://127.0.0.1:9/x")
    assert refused.error.startswith("connection failed")
