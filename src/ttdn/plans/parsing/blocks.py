"""Reader output and the text clean-up shared by every reader."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(slots=True)
class Para:
    text: str
    # Word automatic numbering renders the label outside the text; readers
    # put it here so the outline builder can treat it like a typed label.
    label: str | None = None


@dataclass(slots=True)
class Table:
    rows: list[list[str]]
    # Each original cell once, row-major: used when the table is not a task
    # table (header/signature layout tables) and must read as plain lines.
    lines: list[str] = field(default_factory=list)


Block = Para | Table

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DASH_START = re.compile(r"^[-–—+•·▪◦*]\s")
_LABEL_START = re.compile(r"^(?:[IVXL]+[.)]|\d{1,2}(?:\.\d{1,2})*[.)]?\s|[a-zđ]\)|\(\w\))")


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def starts_lower(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text[0].islower()


def is_continuation(text: str) -> bool:
    """A paragraph opening in lower case continues the previous one.

    Drafts are often broken mid-sentence by a stray blank line or a hard
    wrap ("...; thực" / "hiện các nội dung"); Vietnamese sentences and list
    entries start with a capital, so a lower-case start is a reliable sign.
    Point labels like "a)" and "đ)" are lower case too, so they are excluded.
    """
    return starts_lower(text) and not _LABEL_START.match(text) and not _DASH_START.match(text)


def normalise(blocks: list[Block]) -> list[Block]:
    """NFC, whitespace, one line per paragraph, and continuation joining."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = [[clean_multiline(c) for c in row] for row in block.rows]
            lines = [ln for ln in (clean(x) for x in block.lines for x in x.split("\n")) if ln]
            out.append(Table(rows, _join_lines(lines)))
            continue
        label = clean(block.label) if block.label else None
        pieces = [clean(p) for p in block.text.split("\n")]
        pieces = [p for p in pieces if p]
        if not pieces:
            if label and not _is_bullet(label):
                out.append(Para("", label))
            continue
        first = True
        for piece in pieces:
            prev = out[-1] if out else None
            if (
                not (first and label)
                and isinstance(prev, Para)
                and (prev.text or prev.label)
                and is_continuation(piece)
            ):
                prev.text = f"{prev.text} {piece}".strip()
            else:
                out.append(Para(piece, label if first else None))
            first = False
    return out


def clean_multiline(text: str) -> str:
    return "\n".join(ln for ln in (clean(x) for x in text.split("\n")) if ln)


def _join_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    for ln in lines:
        if out and is_continuation(ln):
            out[-1] = f"{out[-1]} {ln}"
        else:
            out.append(ln)
    return out


def _is_bullet(label: str) -> bool:
    return not any(ch.isalnum() for ch in label)
