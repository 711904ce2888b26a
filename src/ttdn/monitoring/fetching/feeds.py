"""RSS 2.0 and Atom feeds to a list of items (link, title, published)."""

from __future__ import annotations

import datetime
import email.utils
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin

from ttdn.monitoring.analysis.dates import parse_machine_date

_ATOM = "{http://www.w3.org/2005/Atom}"
_MEDIA = "{http://search.yahoo.com/mrss/}"


class FeedError(ValueError):
    """The document is not an RSS or Atom feed."""


@dataclass(frozen=True)
class FeedItem:
    link: str
    title: str
    published: str | None  # ISO date or datetime
    summary: str = ""  # the feed's own text, for items whose page is not fetched (videos)


def _date(raw: str | None) -> str | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:  # RFC 822, as RSS 2.0 prescribes
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if isinstance(parsed, datetime.datetime):
        return parsed.isoformat()
    # Vietnamese feeds also write ISO or day-first dates ("10/02/2026 21:40").
    return parse_machine_date(raw)


def _text(node: ET.Element | None) -> str:
    return " ".join((node.text or "").split()) if node is not None else ""


def parse_xml(data: bytes | str) -> ET.Element:
    """The root element, or FeedError: malformed XML, an unknown declared encoding (LookupError) or one
    that cannot decode the bytes all mean the same thing to the source's health."""
    try:
        return ET.fromstring(data.encode("utf-8") if isinstance(data, str) else data)
    except ET.ParseError as exc:
        raise FeedError(f"not XML ({exc})") from exc
    except (LookupError, ValueError) as exc:
        raise FeedError(f"not XML ({exc})") from exc


def absolute(base_url: str, link: str) -> str | None:
    """The link made absolute, or None for one no URL parser accepts (``http://[``): that item is
    skipped instead of failing the whole poll."""
    try:
        return urljoin(base_url, link)
    except ValueError:
        return None


def parse_feed(data: bytes | str, base_url: str = "") -> list[FeedItem]:
    root = parse_xml(data)
    items: list[FeedItem] = []
    if root.tag == "rss" or root.find("channel") is not None:
        for item in root.iter("item"):
            link = absolute(base_url, _text(item.find("link")) or _text(item.find("guid")))
            if link:
                published = _date(_text(item.find("pubDate")) or _text(item.find("{*}date")))
                items.append(FeedItem(link, _text(item.find("title")), published))
    elif root.tag == f"{_ATOM}feed":
        for entry in root.iter(f"{_ATOM}entry"):
            links = entry.findall(f"{_ATOM}link")
            alternate = [x for x in links if x.get("rel", "alternate") == "alternate"] or links
            href = absolute(base_url, alternate[0].get("href", "")) if alternate else ""
            if href:
                raw_date = _text(entry.find(f"{_ATOM}published")) or _text(entry.find(f"{_ATOM}updated"))
                # YouTube channel feeds carry the video's description in media:group.
                summary = _text(entry.find(f"{_MEDIA}group/{_MEDIA}description")) or _text(
                    entry.find(f"{_ATOM}summary")
                )
                items.append(FeedItem(href, _text(entry.find(f"{_ATOM}title")), _date(raw_date), summary))
    else:
        raise FeedError(f"neither RSS nor Atom (root element {root.tag!r})")
    return items
