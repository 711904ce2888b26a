"""PDF reader for documents with a text layer (pypdfium2, faster than pdfplumber)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from .blocks import Block, Para
from .errors import BAD_PDF, SCANNED_PDF, PlanParseError

_PAGE_NO = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^Trang \d+(?:/\d+)?$")
_NEW_PARA = re.compile(r"^(?:[-–—+•·]\s|[IVXL]+[.)]\s|\d{1,2}(?:\.\d{1,2})*[.)]?\s|[a-zđ]\)\s|\(\w+\)\s)")
_ENDS = (".", ":", ";", "!", "?")


@dataclass(slots=True)
class _Line:
    text: str
    left: float
    right: float
    top: float
    bottom: float


def read_pdf(data: bytes) -> list[Block]:
    import pypdfium2 as pdfium  # pulled in by pdfplumber; imported lazily

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium raises its own error type for any damage
        raise PlanParseError(BAD_PDF) from exc
    pages: list[list[_Line]] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            try:
                pages.append(_lines(textpage))
            finally:
                textpage.close()
                page.close()
    except PlanParseError:
        raise
    except Exception as exc:
        raise PlanParseError(BAD_PDF) from exc
    finally:
        pdf.close()
    out = _paragraphs(pages)
    if not any(isinstance(b, Para) and b.text.strip() for b in out):
        raise PlanParseError(SCANNED_PDF)
    return out


def _lines(textpage: Any) -> list[_Line]:
    """Visual lines of the page with their horizontal extent.

    pdfium ends each visual line with CR LF, except a line ending in a
    hyphen, where it writes U+FFFE and no break. Vietnamese is not
    hyphenated by syllable, so such a hyphen is real ("TT-BTTTT") and the
    next line is glued to it without a space.
    """
    text = textpage.get_text_range()
    lines: list[_Line] = []
    pos = 0
    glue = False
    for m in re.finditer(r"\r\n|\n|\r|\ufffe|$", text):
        start, end = pos, m.start()
        pos = m.end()
        chunk = text[start:end]
        hyphen = m.group(0) == "\ufffe"
        if hyphen:
            chunk += "-"
        idx = [start + i for i, ch in enumerate(chunk[: end - start]) if not ch.isspace()]
        if not chunk.strip():
            glue = False
            if m.end() == len(text):
                break
            continue
        if idx:
            boxes = [textpage.get_charbox(i) for i in idx[:12]]
            left = boxes[0][0]
            right = textpage.get_charbox(idx[-1])[2]
            # Tone marks and descenders move single boxes; the median bottom
            # is the baseline, which gives a steady line pitch.
            bottoms = sorted(b[1] for b in boxes)
            bottom = bottoms[len(bottoms) // 2]
            top = bottom + max(b[3] - b[1] for b in boxes)
        else:
            left = right = top = bottom = 0.0
        if glue and lines:
            lines[-1].text += chunk.strip()
            lines[-1].right = right
        else:
            lines.append(_Line(chunk.strip(), left, right, top, bottom))
        glue = hyphen
        if m.end() == len(text):
            break
    return [ln for ln in lines if not _PAGE_NO.match(ln.text)]


def _paragraphs(pages: list[list[_Line]]) -> list[Block]:
    """Rebuild paragraphs from visual lines.

    A line continues the paragraph above when the line above runs to the
    right margin and this one starts at the left margin (first-line indents
    and centred header lines both fail that), it opens with no label or
    bullet, and the gap between them is the usual line pitch. When the
    document has no paragraph spacing the gap says nothing, so a line above
    that ends a sentence also ends the paragraph. Paragraphs carry on across
    page breaks.
    """
    body = [ln for page in pages for ln in page if len(ln.text) > 30] or [ln for p in pages for ln in p]
    if not body:
        return []
    left = min(ln.left for ln in body)
    right = max(ln.right for ln in body)
    slack = (right - left) * 0.06
    gaps = [
        round(a.bottom - b.bottom, 1)
        for page in pages
        for a, b in itertools.pairwise(page)
        if a.bottom > b.bottom
    ]
    pitch = max(set(gaps), key=gaps.count) if gaps else 0.0
    spaced = pitch > 0 and sum(g > pitch * 1.15 for g in gaps) >= max(2, len(gaps) // 20)
    out: list[Block] = []
    prev: _Line | None = None
    for page in pages:
        first = True
        for ln in page:
            last = out[-1] if out else None
            gap = prev.bottom - ln.bottom if prev else 0.0
            same_flow = first or not pitch or 0 < gap <= pitch * 1.15
            if (
                isinstance(last, Para)
                and prev is not None
                and prev.right >= right - slack
                and ln.left <= left + slack
                and same_flow
                and not _NEW_PARA.match(ln.text)
                and (spaced or not last.text.endswith(_ENDS))
            ):
                last.text = f"{last.text} {ln.text}"
            else:
                out.append(Para(ln.text))
            prev = ln
            first = False
    return out
