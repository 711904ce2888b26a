"""From raw HTML bytes to title, main text and publication date.

trafilatura does the real work; a small readability-like fallback covers pages it gives up on (broken
markup, odd templates). Dates are read by our own rules because Vietnamese sites write them day-first
("05/01/2026" is 5 January) and generic parsers guess month-first.
"""

from __future__ import annotations

import codecs
import copy
import datetime
import functools
import logging
import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from ttdn.core.text import clean, clean_lines, nfc
from ttdn.monitoring.analysis.dates import find_published

MIN_TEXT_CHARS = 300
# trafilatura logs "discarding data" for every page it declines; our fallback and reasons cover that.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section", "article", "td"}
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # below 32, not tab, newline, CR or form feed
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


class ExtractError(ValueError):
    """The input is not a readable HTML page (empty, binary, undecodable)."""


@dataclass(frozen=True)
class Extracted:
    title: str
    text: str
    published: str | None
    method: str  # "trafilatura" | "fallback" | "none"
    rejected_reason: str | None = None


def decode(data: bytes | str) -> str:
    """Bytes to text: BOM, declared charset, UTF-8, then the Vietnamese and Western Windows code pages."""
    if isinstance(data, str):
        text = data
    else:
        if not data.strip():
            raise ExtractError("empty file")
        if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise ExtractError("binary file (NUL bytes), not HTML")
        candidates: list[str] = []
        for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
            if data.startswith(bom):
                candidates.append(name)
        if declared := _META_CHARSET.search(data[:4096]):
            candidates.append(declared.group(1).decode("ascii").lower())
        # cp1258 before windows-1252: a Vietnamese page in a legacy code page is far likelier here.
        candidates += ["utf-8", "cp1258", "windows-1252"]
        text = ""
        for name in candidates:
            try:
                text = data.decode(name)
                break
            except (LookupError, UnicodeDecodeError):
                continue
        else:
            raise ExtractError("unreadable encoding (not UTF-8, cp1258 or windows-1252)")
    text = nfc(text)  # cp1258 stores tones as combining marks
    if not text.strip():
        raise ExtractError("empty file")
    controls = len(_CONTROLS.findall(text, 0, 20000))
    if controls > max(10, len(text[:20000]) // 100):
        raise ExtractError("binary file (control characters), not HTML")
    if "<" not in text:
        raise ExtractError("not HTML (no markup)")
    return text


class _Page:
    """What the extractor reads of a page besides its main text: headline candidates, links, visible text,
    and <p> text grouped by parent element (for the fallback). Read from the lxml tree that trafilatura
    then extracts from, so that each page is parsed once."""

    def __init__(self, tree: HtmlElement | None, *, extractable: bool = True) -> None:
        self.tree = tree
        # trafilatura is handed the tree only if its own loader made it; it copies it before cleaning.
        self.extractable = extractable and tree is not None
        self.title = self.og_title = self.h1 = ""
        self.link_chars = 0
        self.anchors: list[str] = []
        self._visible_text: str | None = None
        if tree is None:
            return
        if (title := tree.find(".//title")) is not None:
            self.title = title.text_content()
        for meta in tree.iter("meta"):
            if meta.get("property") == "og:title":
                self.og_title = meta.get("content") or ""
                break
        # All <h1> text, as a reader sees it; libxml2 closes an unclosed <h1> at the next block.
        self.h1 = "".join(h1.text_content() for h1 in tree.iter("h1"))
        for anchor in tree.iter("a"):
            text = anchor.text_content()
            self.link_chars += len(text.strip())
            self.anchors.append(text)

    @property
    def links(self) -> int:
        return len(self.anchors)

    @functools.cached_property
    def paragraphs(self) -> list[list[str]]:
        """Raw <p> texts grouped by parent: only the fallback reads them, so they are collected then."""
        groups: dict[HtmlElement, list[str]] = {}
        if self.tree is not None:
            for p in self.tree.iter("p"):
                if (text := p.text_content()).strip():
                    groups.setdefault(p.getparent(), []).append(text)
        return list(groups.values())

    def visible_text(self) -> str:
        """The text a browser shows (no scripts, styles or head), a line per block; read when needed
        (a date in the page's metadata, the common case, makes it unnecessary)."""
        if self._visible_text is None:
            parts: list[str] = []
            # An explicit stack, not recursion: hostile pages nest thousands of elements deep.
            stack: list[tuple[HtmlElement, bool]] = [(self.tree, False)] if self.tree is not None else []
            while stack:
                node, closing = stack.pop()
                tag = node.tag
                if closing:
                    if tag in _BLOCK_TAGS:
                        parts.append("\n")
                elif not isinstance(tag, str) or tag in _SKIP_TAGS:  # comments, scripts: only the tail
                    pass
                else:
                    if tag in _BLOCK_TAGS or tag == "br":
                        parts.append("\n")
                    if node.text:
                        parts.append(node.text)
                    stack.append((node, True))
                    stack.extend((child, False) for child in reversed(node))
                    continue
                if node.tail and node is not self.tree:
                    parts.append(node.tail)
            self._visible_text = "\n".join(clean_lines("".join(parts)))
        return self._visible_text


def _parse(html: str) -> _Page:
    """trafilatura's own loader (its markup repairs, the lxml HTML parser); for input it declines (a bare
    fragment), lxml's document parser, which reads anything, so that the fallback still sees the text."""
    from lxml.html import document_fromstring
    from trafilatura.utils import load_html

    tree = None
    try:
        tree = load_html(html)
        if tree is None:
            return _Page(document_fromstring(html), extractable=False)
    except Exception:  # lxml rejects some hostile input outright; the page then has no text
        pass
    return _Page(tree)


def _fallback_text(page: _Page) -> str:
    """Readability-like: the parent whose <p> children hold the most text."""
    groups = [[text for raw in ps if (text := clean(raw))] for ps in page.paragraphs]
    if not groups:
        return ""
    best = max(groups, key=lambda ps: sum(len(p) for p in ps))
    return "\n".join(best)


def _trafilatura(html: str | HtmlElement, url: str | None) -> str:
    """trafilatura's own extractor first, then the same call with its readability/jusText comparison only
    when the first gave too little: on ordinary article pages the comparison returns the same text (all of
    this repository's fixture pages and 1 000 generated ones) and costs two fifths of the time."""
    text = _trafilatura_pass(html, url, fast=True)
    if len(text.strip()) < MIN_TEXT_CHARS:
        text = max(text, _trafilatura_pass(html, url, fast=False), key=lambda t: len(t.strip()))
    return text


def _trafilatura_pass(html: str | HtmlElement, url: str | None, *, fast: bool) -> str:
    # Without trafilatura's metadata pass (a quarter of its time): the headline comes from the page's own
    # <h1>, og:title or <title>, and the date from our day-first rules, which the metadata would not change.
    try:
        import trafilatura

        options = copy.copy(_extractor_options(fast, datetime.date.today()))
        options.url = url
        options.source = url and url.encode("utf-8", "replace").decode("utf-8")
        doc = trafilatura.bare_extraction(html, options=options)
    except Exception:  # trafilatura/lxml can choke on hostile markup; the fallback takes over
        return ""
    if not doc:
        return ""
    return getattr(doc, "text", None) or ""


@functools.lru_cache(maxsize=4)
def _extractor_options(fast: bool, day: datetime.date):
    """trafilatura's settings for our calls, built once a day (its date limit is today's date) instead of
    on every call, where reading its configuration cost as much as the <title> and links together; each
    call takes a copy and sets its own address."""
    from trafilatura.settings import Extractor

    return Extractor(
        fast=fast, precision=True, comments=False, tables=False, with_metadata=False, output_format="python"
    )


def _is_listing(page: _Page, text: str) -> bool:
    """A section front or search page: many links, and little prose that is not itself a link."""
    if page.links < 10:
        return False
    anchors = {clean(a) for a in page.anchors if len(clean(a)) > 15}
    prose = [line for line in text.split("\n") if clean(line) not in anchors]
    prose_chars = sum(len(line) for line in prose if len(line) >= 120)
    visible = max(1, len(page.visible_text()))
    return prose_chars < MIN_TEXT_CHARS or page.link_chars / visible > 0.6


def extract(html: bytes | str, url: str | None = None) -> Extracted:
    source = decode(html)
    page = _parse(source)
    text = _trafilatura(page.tree if page.extractable else source, url)
    method = "trafilatura"
    if len(text.strip()) < MIN_TEXT_CHARS:
        fallback = _fallback_text(page)
        if len(fallback) > len(text.strip()):
            text, method = fallback, "fallback"
    text = "\n".join(clean_lines(text))
    # The page's own <h1> is the headline; <title>/og:title often carry the outlet's name as a suffix.
    h1 = clean(page.h1)
    title = h1 if 10 <= len(h1) <= 300 else clean(page.og_title or page.title)
    if not text:
        method = "none"
    published = find_published(source, page.visible_text)
    reason = None
    if _is_listing(page, text):
        reason = "listing page (many links, little prose)"
    elif len(text) < MIN_TEXT_CHARS:
        reason = f"too short ({len(text)} characters of text, fewer than {MIN_TEXT_CHARS})"
    return Extracted(title=title, text=text, published=published, method=method, rejected_reason=reason)
