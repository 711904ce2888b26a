"""Plain text and Markdown reader."""

from __future__ import annotations

import codecs
import re

from .blocks import Block, Para, Table
from .errors import NOT_TEXT, PlanParseError

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPH = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def decode(data: bytes) -> str:
    """Decode text, refusing binary data instead of producing mojibake."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    if b"\x00" in data:
        raise PlanParseError(NOT_TEXT)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Old Vietnamese Windows files are cp1258; cp1258 decodes nearly any
        # byte string, so only accept it when the result looks like prose.
        text = data.decode("cp1258", errors="replace")
        if not _looks_like_text(text):
            raise PlanParseError(NOT_TEXT) from None
    if not _looks_like_text(text):
        raise PlanParseError(NOT_TEXT)
    return text


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise PlanParseError(NOT_TEXT) from None
    if "\x00" in text or not _looks_like_text(text):
        raise PlanParseError(NOT_TEXT)
    return text.lstrip("\ufeff")


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return True
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    return bad <= len(sample) * 0.01


def read_text(data: bytes, markdown: bool) -> list[Block]:
    text = decode(data)
    blocks: list[Block] = []
    table: list[list[str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if markdown or "*" in line or line.startswith("#"):
            # Plans pasted from chat tools often carry Markdown emphasis even
            # in .txt files, so the cheap clean-up runs for both formats.
            if _MD_RULE.match(line):
                line = ""
            line = _MD_EMPH.sub("", _MD_HEADING.sub("", line)).strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            if not _MD_TABLE_SEP.match(line):
                table.append([c.strip() for c in line[1:-1].split("|")])
            continue
        if table:
            blocks.append(_table(table))
            table = []
        if line:
            blocks.append(Para(line))
    if table:
        blocks.append(_table(table))
    return blocks


def _table(rows: list[list[str]]) -> Table:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return Table(rows, [c for r in rows for c in dict.fromkeys(r) if c])
