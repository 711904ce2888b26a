"""YouTube channel feeds and news sitemaps, against the local press server."""

import datetime

import pytest

from ttdn.monitoring.fetching import PoliteFetcher, parse_feed, parse_sitemap
from ttdn.monitoring.gazetteer import build_gazetteer, clear_cache
from ttdn.monitoring.models import Article, Source
from ttdn.monitoring.services import poll_source

from .test_fetching_server import FEEDS, serving

NOW = datetime.datetime(2026, 2, 11, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def press_server():
    yield from serving()


@pytest.fixture
def gazetteer(lang_son):
    clear_cache()
    yield build_gazetteer()
    clear_cache()


def _poll(server, path, kind, gazetteer):
    source = Source.objects.create(name=kind, url=f"{server.base}{path}", kind=kind, min_delay_seconds=0)
    fetcher = PoliteFetcher(timeout=0.5, min_delay=0)
    return poll_source(source=source, fetcher=fetcher, gazetteer=gazetteer, now=NOW)


def test_parse_youtube_feed_keeps_the_description():
    text = (FEEDS / "youtube_channel.xml").read_text(encoding="utf-8").replace("{base}", "https://yt.example")
    items = parse_feed(text)
    assert [i.link for i in items] == ["https://yt.example/yt/watch?v=v1", "https://yt.example/yt/watch?v=v2"]
    assert items[0].summary.startswith("Những ngày đầu năm") and items[0].published.startswith("2026-02-10")


def test_parse_sitemap_index_newest_child_first_and_news_entries():
    index = (FEEDS / "sitemap_index.xml").read_text(encoding="utf-8").replace("{base}", "https://x.example")
    assert parse_sitemap(index) == (
        [],
        ["https://x.example/sm/news-today.xml", "https://x.example/sm/news-old.xml"],
    )
    news = (FEEDS / "news_sitemap.xml").read_text(encoding="utf-8").replace("{base}", "https://x.example")
    items, children = parse_sitemap(news)
    assert children == [] and items[1].title == "Bắt giữ xe tải chở hàng lậu gần cửa khẩu Tân Thanh"
    assert items[1].published == "2026-02-10T21:40:00+07:00"


@pytest.mark.django_db
def test_youtube_channel_is_read_from_its_feed_alone(press_server, gazetteer):
    result = _poll(press_server, "/yt/feeds/videos.xml", "youtube", gazetteer)
    assert result.ok and result.new == 2 and result.relevant == 1
    video = Article.objects.get(url__endswith="v=v1")
    assert (
        video.relevant
        and "cửa khẩu Hữu Nghị" in video.matched
        and video.text.startswith("Những ngày đầu năm")
    )
    assert not any(hit.startswith("/yt/watch") for hit in press_server.hits)  # watch pages never fetched
    assert not Article.objects.get(url__endswith="v=v2").relevant


@pytest.mark.django_db
def test_news_sitemap_index_is_followed_to_the_articles(press_server, gazetteer):
    result = _poll(press_server, "/sm/index.xml", "sitemap", gazetteer)
    assert result.ok and result.new == 2, result.summary()
    assert "/sm/news-today.xml" in press_server.hits
    assert "/sm/news-old.xml: 404" in result.page_errors[0] or "news-old" in result.page_errors[0]
    titles = set(Article.objects.values_list("title", flat=True))
    assert "Mẫu Sơn đón hơn 20.000 lượt khách dịp đầu năm" in titles
    assert Article.objects.filter(relevant=True).count() == 2
