"""Arbitrary bytes and hostile XML as a feed: parsed items or a FeedError, never a crash; a poll of such a
feed through the local server ends with a clear error on the source and no article."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ttdn.monitoring.fetching import PoliteFetcher
from ttdn.monitoring.fetching.feeds import FeedError, parse_feed
from ttdn.monitoring.fetching.sitemaps import parse_sitemap
from ttdn.monitoring.models import Article, Source
from ttdn.monitoring.services import poll_source

from .test_fetching_server import serving

_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)
_LINKS = st.sampled_from(["http://[", "http://[::1", "//", "javascript:x", "http://a b/", "\x00", ""]) | _TEXT


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


_rss = st.builds(
    lambda items: (
        '<rss version="2.0"><channel>'
        + "".join(
            f"<item><title>{_escape(t)}</title><link>{_escape(link)}</link><pubDate>{_escape(d)}</pubDate></item>"
            for t, link, d in items
        )
        + "</channel></rss>"
    ),
    st.lists(st.tuples(_TEXT, _LINKS, _TEXT), max_size=4),
)
_atom = st.builds(
    lambda entries: (
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        + "".join(
            f'<entry><title>{_escape(t)}</title><link href="{_escape(link).replace(chr(34), "")}"/>'
            f"<updated>{_escape(d)}</updated></entry>"
            for t, link, d in entries
        )
        + "</feed>"
    ),
    st.lists(st.tuples(_TEXT, _LINKS, _TEXT), max_size=4),
)
_hostile = st.sampled_from(
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]><rss>&d;</rss>',
        b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item><link>&x;</link>'
        b"</item></channel></rss>",
        b"\xef\xbb\xbf<rss><channel><item><link>http://a/1</link></item></channel></rss>",
        b'<?xml version="1.0" encoding="x-unknown"?><rss/>',
        b"<rss><channel><item><link>" + b"a" * 5000 + b"</link></item></channel></rss>",
    ]
)
FEEDS = st.binary(max_size=300) | _hostile | (_rss | _atom).map(lambda s: s.encode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(data=FEEDS)
def test_any_feed_gives_items_or_feed_error(data):
    for parse in (
        lambda: parse_feed(data, "http://bao.example/"),
        lambda: parse_sitemap(data, "http://a/")[0],
    ):
        try:
            items = parse()
        except FeedError:
            continue
        for item in items:
            assert isinstance(item.link, str) and item.link and isinstance(item.title, str)


@pytest.fixture(scope="module")
def press_server():
    yield from serving()


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200) | _hostile)
def test_a_poll_of_garbage_fails_clearly_and_stores_nothing(press_server, lang_son, data):
    from ttdn.monitoring.gazetteer import build_gazetteer

    press_server.routes["/garbage/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, data)
    source, _ = Source.objects.get_or_create(
        name="Rác", defaults={"url": f"{press_server.base}/garbage/rss.xml", "min_delay_seconds": 0}
    )
    result = poll_source(
        source=source, fetcher=PoliteFetcher(timeout=0.5, min_delay=0), gazetteer=build_gazetteer()
    )
    # Garbage holds no fetchable article on this server: either "not a feed" or a feed of dead links.
    assert result.ok or result.error.startswith(("not a feed", "bad encoding")), result.error
    assert not Article.objects.filter(rejected_reason="").exists()
