"""WordprocessingML that python-docx has no API for (fonts, borders, fields, table flags)."""

from collections.abc import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _child(parent, tag: str, before: tuple[str, ...] = ()):
    """Get or create ``tag`` under ``parent``, inserted before the first of ``before``."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        successor = next((s for t in before if (s := parent.find(qn(t))) is not None), None)
        if successor is not None:
            successor.addprevious(el)
        else:
            parent.append(el)
    return el


def set_fonts(rpr, name: str) -> None:
    """All four script slots; Word otherwise renders Vietnamese from the theme font.

    Theme attributes win over explicit names in the same ``w:rFonts``, so they are dropped.
    """
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_FONT_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def set_language(rpr, lang: str) -> None:
    el = _child(rpr, "w:lang", before=("w:eastAsianLayout", "w:specVanish", "w:oMath"))
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        el.set(qn(attr), lang)


def _border_set(parent, tag: str, sides: tuple[str, ...], val: str, size_eighths: int = 4) -> None:
    box = _child(parent, tag)
    for side in sides:
        el = _child(box, f"w:{side}")
        el.set(qn("w:val"), val)
        if val != "nil":
            el.set(qn("w:sz"), str(size_eighths))
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")


_TABLE_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
_TBLPR_ORDER = ("w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def set_table_borders(table: Table, visible: bool) -> None:
    tblpr = table._tbl.tblPr
    box = _child(tblpr, "w:tblBorders", before=("w:shd", *_TBLPR_ORDER))
    box.clear()
    _border_set(tblpr, "w:tblBorders", _TABLE_SIDES, "single" if visible else "nil")


def set_fixed_layout(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths; Word reads ``w:tcW``, LibreOffice reads ``w:gridCol``."""
    table.autofit = False
    tblpr = table._tbl.tblPr
    tblw = _child(tblpr, "w:tblW", before=("w:jc", "w:tblInd", "w:tblBorders", *_TBLPR_ORDER))
    tblw.set(qn("w:w"), str(sum(w.twips for w in widths)))
    tblw.set(qn("w:type"), "dxa")
    for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = width


def set_table_indent_zero(table: Table) -> None:
    # Word indents a table by the cell margin by default; text then lines up with body text.
    tblpr = table._tbl.tblPr
    ind = _child(tblpr, "w:tblInd", before=("w:tblBorders", "w:shd", *_TBLPR_ORDER))
    ind.set(qn("w:w"), "0")
    ind.set(qn("w:type"), "dxa")


def _trpr(row: _Row):
    return row._tr.get_or_add_trPr()


def set_repeat_header(row: _Row) -> None:
    """Mark the row as a header row that Word repeats at the top of every page."""
    _child(_trpr(row), "w:tblHeader").set(qn("w:val"), "true")


def set_cant_split(row: _Row) -> None:
    _child(_trpr(row), "w:cantSplit", before=("w:trHeight", "w:tblHeader")).set(qn("w:val"), "true")


def add_bottom_border(paragraph: Paragraph, width_pt: float) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    border = _child(
        ppr,
        "w:pBdr",
        before=("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr"),
    )
    bottom = _child(border, "w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(max(2, round(width_pt * 8))))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")


def add_box_border(paragraph: Paragraph, width_pt: float) -> None:
    """A frame around a short centred paragraph, as stamps are drawn (dấu độ mật, dấu khẩn)."""
    ppr = paragraph._p.get_or_add_pPr()
    border = _child(
        ppr,
        "w:pBdr",
        before=("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr"),
    )
    for side in ("w:top", "w:left", "w:bottom", "w:right"):
        edge = _child(border, side)
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(max(2, round(width_pt * 8))))
        edge.set(qn("w:space"), "1")
        edge.set(qn("w:color"), "auto")
    # The frame spans the paragraph's width: indent it so it hugs the word, as a stamp does.
    indent = _child(ppr, "w:ind", before=("w:contextualSpacing", "w:jc", "w:rPr"))
    indent.set(qn("w:left"), "1000")
    indent.set(qn("w:right"), "1000")


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> list:
    """A complex field (``PAGE`` etc.), one run per part as Word writes it; returns the runs."""

    def part(tag: str, **attrs: str):
        el = OxmlElement(tag)
        for name, value in attrs.items():
            el.set(qn(name), value)
        return el

    instr = part("w:instrText", **{"xml:space": "preserve"})
    instr.text = f" {instruction} "
    shown = part("w:t")
    shown.text = placeholder
    runs = []
    for el in (
        part("w:fldChar", **{"w:fldCharType": "begin"}),
        instr,
        part("w:fldChar", **{"w:fldCharType": "separate"}),
        shown,
        part("w:fldChar", **{"w:fldCharType": "end"}),
    ):
        run = paragraph.add_run()
        run._r.append(el)
        runs.append(run)
    return runs


def set_outline_level(style, level: int) -> None:
    """So Word's navigation pane and table of contents see our custom heading styles."""
    ppr = style.element.get_or_add_pPr()
    _child(ppr, "w:outlineLvl").set(qn("w:val"), str(level))


def field_instructions(element) -> list[str]:
    """Instructions of every field below ``element`` (complex and simple fields)."""
    complex_ = [t.text.strip() for t in element.iter(qn("w:instrText")) if t.text]
    simple = [f.get(qn("w:instr"), "").strip() for f in element.iter(qn("w:fldSimple"))]
    return complex_ + simple
