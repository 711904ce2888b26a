"""Article links on an HTML section front (for outlets without a feed)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from .feeds import FeedItem


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, list[str]]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self._open = []
            self.links.append((href, self._open))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)


def parse_listing(html: str, base_url: str) -> list[FeedItem]:
    """Same-host links whose anchor reads like a headline (five words or more), in page order."""
    parser = _Links()
    parser.feed(html)
    host = urlsplit(base_url).netloc
    seen: set[str] = set()
    items: list[FeedItem] = []
    for href, parts in parser.links:
        url = urljoin(base_url, href).split("#")[0]
        title = " ".join(" ".join(parts).split())
        if urlsplit(url).netloc != host or url in seen or len(title.split()) < 5:
            continue
        seen.add(url)
        items.append(FeedItem(url, title, None))
    return items
