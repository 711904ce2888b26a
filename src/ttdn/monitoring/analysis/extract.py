"""From raw HTML bytes to title, main text and publication date.

trafilatura does the real work; a small readability-like fallback covers pages it gives up on (broken
markup, odd templates). Dates are read by our own rules because Vietnamese sites write them day-first
("05/01/2026" is 5 January) and generic parsers guess month-first.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser

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


class _Page(HTMLParser):
    """One pass over the page: title, h1, visible text, links and <p> text grouped by parent element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int]] = []
        self.counter = 0
        self.skip = 0
        self.title = ""
        self.og_title = ""
        self.h1 = ""
        self.visible: list[str] = []
        self._visible_text: str | None = None
        self.link_chars = 0
        self.links = 0
        self.anchors: list[str] = []
        self.paragraphs: dict[int, list[str]] = {}
        self._p_parent: int | None = None
        self._p_text: list[str] = []
        self._in: dict[str, int] = {"title": 0, "h1": 0, "a": 0}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "link", "img", "br", "hr", "input"):
            if tag == "br":
                self.visible.append("\n")
            elif tag == "meta" and not self.og_title:
                values = dict(attrs)
                if values.get("property") == "og:title":
                    self.og_title = values.get("content") or ""
            return
        if tag in _SKIP_TAGS and tag != "head":
            self.skip += 1
        if tag in self._in:
            self._in[tag] += 1
            if tag == "a":
                self.links += 1
                self.anchors.append("")
        if tag in ("p", "div") and self._in["h1"]:
            self._in["h1"] = 0  # an unclosed <h1> in broken markup must not swallow the article
        if tag == "p":
            self._close_p()
            self._p_parent = self.stack[-1][1] if self.stack else -1
        self.counter += 1
        self.stack.append((tag, self.counter))
        if tag in _BLOCK_TAGS:
            self.visible.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and tag != "head" and self.skip:
            self.skip -= 1
        if self._in.get(tag):
            self._in[tag] -= 1
        if tag == "p":
            self._close_p()
        # Broken markup: pop to the matching open tag if there is one, ignore stray closers.
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag in _BLOCK_TAGS:
            self.visible.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self._in["title"]:
            self.title += data
            return
        if self._in["h1"]:
            self.h1 += data
        if self._in["a"]:
            self.link_chars += len(data.strip())
            if self.anchors:
                self.anchors[-1] += data
        self.visible.append(data)
        if self._p_parent is not None:
            self._p_text.append(data)

    def _close_p(self) -> None:
        # Kept raw: only the fallback reads them, and cleaning every paragraph of every page cost more
        # than the fallback is ever needed.
        if self._p_parent is not None:
            text = "".join(self._p_text)
            if text.strip():
                self.paragraphs.setdefault(self._p_parent, []).append(text)
        self._p_parent, self._p_text = None, []

    def close(self) -> None:
        super().close()
        self._close_p()

    def visible_text(self) -> str:
        if self._visible_text is None:
            self._visible_text = "\n".join(clean_lines("".join(self.visible)))
        return self._visible_text


def _parse(html: str) -> _Page:
    page = _Page()
    try:
        page.feed(html)
        page.close()
    except Exception:  # html.parser rarely raises, but a page must never crash the batch
        pass
    return page


def _fallback_text(page: _Page) -> str:
    """Readability-like: the parent whose <p> children hold the most text."""
    groups = [[text for raw in ps if (text := clean(raw))] for ps in page.paragraphs.values()]
    if not groups:
        return ""
    best = max(groups, key=lambda ps: sum(len(p) for p in ps))
    return "\n".join(best)


def _trafilatura(html: str, url: str | None) -> str:
    """trafilatura's own extractor first, then the same call with its readability/jusText comparison only
    when the first gave too little: on ordinary article pages the comparison returns the same text (all of
    this repository's fixture pages and 1 000 generated ones) and costs two fifths of the time."""
    text = _trafilatura_pass(html, url, fast=True)
    if len(text.strip()) < MIN_TEXT_CHARS:
        text = max(text, _trafilatura_pass(html, url, fast=False), key=lambda t: len(t.strip()))
    return text


def _trafilatura_pass(html: str, url: str | None, *, fast: bool) -> str:
    # Without trafilatura's metadata pass (a quarter of its time): the headline comes from the page's own
    # <h1>, og:title or <title>, and the date from our day-first rules, which the metadata would not change.
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(
            html, url=url, fast=fast, favor_precision=True, include_comments=False, include_tables=False,
            with_metadata=False,
        )  # fmt: skip
    except Exception:  # trafilatura/lxml can choke on hostile markup; the fallback takes over
        return ""
    if not doc:
        return ""
    return getattr(doc, "text", None) or ""


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
    text = _trafilatura(source, url)
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
    published = find_published(source, page.visible_text())
    reason = None
    if _is_listing(page, text):
        reason = "listing page (many links, little prose)"
    elif len(text) < MIN_TEXT_CHARS:
        reason = f"too short ({len(text)} characters of text, fewer than {MIN_TEXT_CHARS})"
    return Extracted(title=title, text=text, published=published, method=method, rejected_reason=reason)
