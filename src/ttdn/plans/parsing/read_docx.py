"""Word .docx reader: body paragraphs and tables in order, with list labels."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from .blocks import Block, Para, Table
from .errors import BAD_DOCX, PlanParseError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_T, _TAB, _BR, _CR, _P, _TBL, _TR, _TC, _SDT = (
    W + "t",
    W + "tab",
    W + "br",
    W + "cr",
    W + "p",
    W + "tbl",
    W + "tr",
    W + "tc",
    W + "sdt",
)
_VAL = W + "val"


@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False


@dataclass(slots=True)
class _Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    num_to_abs: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)
    # Word keeps one set of counters per abstract list: several w:num that
    # point at the same abstractNum continue each other unless one carries a
    # startOverride, which restarts the count the first time it is used.
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def label(self, num_id: str, ilvl: int) -> str | None:
        abs_id = self.num_to_abs.get(num_id)
        levels = self.abstract.get(abs_id or "")
        if abs_id is None or levels is None or not 0 <= ilvl <= 8:
            return None
        counts = self.counters.setdefault(abs_id, [None] * 9)
        override = self.overrides.get(num_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            if override:
                for k in range(9):
                    counts[k] = None
        lvl = levels.get(ilvl, _Level())
        current = counts[ilvl]
        counts[ilvl] = override.get(ilvl, lvl.start) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = None
        if lvl.fmt == "bullet":
            return "•"
        if lvl.fmt == "none":
            return None
        out = lvl.text
        for k in range(ilvl, -1, -1):
            ref = f"%{k + 1}"
            if ref in out:
                klvl = levels.get(k, _Level())
                value = counts[k] if counts[k] is not None else override.get(k, klvl.start)
                fmt = "decimal" if lvl.legal else klvl.fmt
                out = out.replace(ref, _format(int(value or 0), fmt))
        return out.strip() or None


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(97 + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += sym
            n -= value
    return out


def _attr(el: Any, path: str) -> str | None:
    found = el.find(path)
    return None if found is None else found.get(_VAL)


def _load_numbering(doc: Any) -> _Numbering:
    nb = _Numbering()
    try:
        root = doc.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        root = None
    if root is not None:
        for an in root.iterfind(W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in an.iterfind(W + "lvl"):
                lv = _Level()
                lv.start = int(_attr(lvl, W + "start") or 1)
                lv.fmt = _attr(lvl, W + "numFmt") or "decimal"
                lv.text = _attr(lvl, W + "lvlText") or ""
                lv.legal = lvl.find(W + "isLgl") is not None
                levels[int(lvl.get(W + "ilvl") or 0)] = lv
            nb.abstract[an.get(W + "abstractNumId") or ""] = levels
        for num in root.iterfind(W + "num"):
            nid = num.get(W + "numId") or ""
            nb.num_to_abs[nid] = _attr(num, W + "abstractNumId") or ""
            for ov in num.iterfind(W + "lvlOverride"):
                start = _attr(ov, W + "startOverride")
                if start is not None:
                    nb.overrides.setdefault(nid, {})[int(ov.get(W + "ilvl") or 0)] = int(start)
    try:
        styles = doc.styles.element
    except (KeyError, AttributeError):
        styles = None
    if styles is not None:
        for st in styles.iterfind(W + "style"):
            nid = _attr(st, f"{W}pPr/{W}numPr/{W}numId")
            if nid:
                ilvl = int(_attr(st, f"{W}pPr/{W}numPr/{W}ilvl") or 0)
                nb.style_num[st.get(W + "styleId") or ""] = (nid, ilvl)
    return nb


def _para_text(p: Any) -> str:
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        tag = el.tag
        if tag == _T:
            parts.append(el.text or "")
        elif tag == _TAB:
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _para_label(p: Any, nb: _Numbering) -> str | None:
    ppr = p.find(W + "pPr")
    if ppr is None:
        return None
    nid = _attr(ppr, f"{W}numPr/{W}numId")
    ilvl_s = _attr(ppr, f"{W}numPr/{W}ilvl")
    if nid is None:
        style = _attr(ppr, W + "pStyle")
        if style is None or style not in nb.style_num:
            return None
        nid, ilvl = nb.style_num[style]
        if ilvl_s is not None:
            ilvl = int(ilvl_s)
    else:
        ilvl = int(ilvl_s or 0)
    if nid == "0":
        return None
    return nb.label(nid, ilvl)


def _para(p: Any, nb: _Numbering) -> Para:
    text = _para_text(p)
    label = _para_label(p, nb)
    if label is not None and not any(ch.isalnum() for ch in label):
        return Para(f"- {text.lstrip()}")
    return Para(text, label)


def _table(tbl: Any, nb: _Numbering) -> Table:
    rows: list[list[str]] = []
    lines: list[str] = []
    above: dict[int, str] = {}
    for tr in tbl.iterfind(_TR):
        row: list[str] = []
        for tc in tr.iterfind(_TC):
            cell_lines = []
            for p in tc.iter(_P):
                para = _para(p, nb)
                cell_lines.append(f"{para.label} {para.text}" if para.label else para.text)
            text = "\n".join(cell_lines).strip()
            span = int(_attr(tc, f"{W}tcPr/{W}gridSpan") or 1)
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            col = len(row)
            if vmerge is not None and vmerge.get(_VAL) in (None, "continue"):
                # A vertically merged cell repeats the text of the cell above,
                # which is how a shared lead unit spans several task rows.
                text = above.get(col, "")
            elif text:
                lines.append(text)
            for k in range(max(1, min(span, 64))):
                above[col + k] = text
                row.append(text)
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return Table([r + [""] * (width - len(r)) for r in rows], lines)


def _walk(container: Any, nb: _Numbering, out: list[Block]) -> None:
    for child in container.iterchildren():
        tag = child.tag
        if tag == _P:
            out.append(_para(child, nb))
        elif tag == _TBL:
            out.append(_table(child, nb))
        elif tag == _SDT:
            content = child.find(W + "sdtContent")
            if content is not None:
                _walk(content, nb, out)


def read_docx(data: bytes) -> list[Block]:
    import docx  # python-docx is heavy; import it only when a .docx arrives
    from docx.opc.exceptions import PackageNotFoundError

    if not data.startswith(b"PK"):
        raise PlanParseError(BAD_DOCX)
    try:
        doc = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError, EOFError):
        raise PlanParseError(BAD_DOCX) from None
    except Exception as exc:  # lxml syntax errors and similar from a damaged part
        raise PlanParseError(BAD_DOCX) from exc
    nb = _load_numbering(doc)
    out: list[Block] = []
    _walk(doc.element.body, nb, out)
    return out
