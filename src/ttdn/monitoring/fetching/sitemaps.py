"""News sitemaps (Google's ``news:news`` extension) and sitemap indexes, to feed items. Pure stdlib."""

from __future__ import annotations

from .feeds import FeedError, FeedItem, _date, _text, absolute, parse_xml

_SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def parse_sitemap(data: bytes | str, base_url: str = "") -> tuple[list[FeedItem], list[str]]:
    """(articles, child sitemaps newest first). A sitemap index has only children; a news sitemap only
    articles, titled and dated from ``news:news`` when present, else from ``lastmod``."""
    root = parse_xml(data)
    if root.tag == f"{_SM}sitemapindex":
        children = []
        for node in root.iter(f"{_SM}sitemap"):
            loc = absolute(base_url, _text(node.find(f"{_SM}loc")))
            if loc:
                children.append((_date(_text(node.find(f"{_SM}lastmod"))) or "", loc))
        return [], [url for _, url in sorted(children, key=lambda c: c[0], reverse=True)]
    if root.tag != f"{_SM}urlset":
        raise FeedError(f"not a sitemap (root element {root.tag!r})")
    items = []
    for node in root.iter(f"{_SM}url"):
        loc = absolute(base_url, _text(node.find(f"{_SM}loc")))
        if not loc:
            continue
        news = node.find(f"{_NEWS}news")
        title = _text(news.find(f"{_NEWS}title")) if news is not None else ""
        raw = _text(news.find(f"{_NEWS}publication_date")) if news is not None else ""
        items.append(FeedItem(loc, title, _date(raw or _text(node.find(f"{_SM}lastmod")))))
    return items, []
