"""DOCX output with python-docx, laid out per Phụ lục I of ND 30/2020."""

import datetime
import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from . import docx_xml as xml
from . import layout as L
from .formatting import (
    ADDRESSEES_LABEL,
    MOTTO,
    NATION,
    RECIPIENTS_LABEL,
    addressee_lines,
    estimate_width_pt,
    number_line,
    recipient_lines,
    vietnamese_date_line,
)
from .model import AdminDocument, Bullet, Heading, Paragraph, Table, normalized

STYLE_BODY = "ND30 Body"
STYLE_TABLE = "ND30 Table Text"
HEADING_DEPTH = 3  # deeper levels share the look of level 3


def heading_style_name(level: int) -> str:
    return f"ND30 Heading {min(level, HEADING_DEPTH)}"


CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def render_docx(doc: AdminDocument) -> bytes:
    doc = normalized(doc)
    document = Document()
    _setup_page(document)
    _setup_styles(document)
    _page_numbers(document)
    _header(document, doc)
    if not doc.is_official_letter:
        _title(document, doc)
    if doc.addressees:
        _addressees(document, doc.addressees)
    _body(document, doc)
    _signature(document, doc)
    _properties(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _setup_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(L.MARGIN_TOP_MM), Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(L.MARGIN_LEFT_MM), Mm(L.MARGIN_RIGHT_MM)
    section.header_distance = Mm(L.HEADER_DISTANCE_MM)
    section.gutter = Mm(0)


def _setup_styles(document: DocxDocument) -> None:
    styles = document.styles
    # The template's defaults point at theme fonts (Calibri); every style inherits from here.
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    xml.set_fonts(defaults, L.FONT_NAME)
    xml.set_language(defaults, "vi-VN")

    normal = styles["Normal"]
    normal.font.name = L.FONT_NAME
    normal.font.size = Pt(L.SIZE_BODY)
    xml.set_fonts(normal.element.get_or_add_rPr(), L.FONT_NAME)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    body = styles.add_style(STYLE_BODY, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.next_paragraph_style = body
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(L.FIRST_LINE_INDENT_CM)
    fmt.space_after = Pt(L.PARAGRAPH_AFTER_PT)
    fmt.line_spacing = L.LINE_SPACING
    fmt.widow_control = True

    for level in range(1, HEADING_DEPTH + 1):
        heading = styles.add_style(heading_style_name(level), WD_STYLE_TYPE.PARAGRAPH)
        heading.base_style = body
        heading.next_paragraph_style = body
        heading.font.bold = True
        heading.font.italic = level >= 3
        heading.paragraph_format.keep_with_next = True
        xml.set_outline_level(heading, level - 1)

    cell = styles.add_style(STYLE_TABLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(L.SIZE_TABLE)
    cell.paragraph_format.alignment = LEFT
    cell.paragraph_format.space_before = Pt(2)
    cell.paragraph_format.space_after = Pt(2)


def _page_numbers(document: DocxDocument) -> None:
    section = document.sections[0]
    # ND 30: numbered from 1 at the top centre, but the number is not printed on page 1.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    for run in xml.add_field(paragraph, "PAGE"):
        run.font.size = Pt(L.SIZE_PAGE_NUMBER)


def _write(
    paragraph: DocxParagraph,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align=CENTER,
    before: float = 0,
    after: float = 0,
) -> DocxParagraph:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.font.bold = bold or None
        run.font.italic = italic or None
        if "  " in text:
            # The blank number and date rely on runs of spaces that XML would otherwise collapse.
            for t in run._r.iter(qn("w:t")):
                t.set(qn("xml:space"), "preserve")
    return paragraph


def _cell_paragraph(cell: _Cell) -> DocxParagraph:
    """The cell's own empty paragraph first, so cells do not start with a blank line."""
    paragraphs = cell.paragraphs
    first = paragraphs[0]
    if len(paragraphs) == 1 and first._p.pPr is None and not first.runs:
        return first
    return cell.add_paragraph()


def _rule(paragraph: DocxParagraph, length_pt: float, room_pt: float, after: float = 0) -> None:
    """A centred solid rule: an empty, 2 pt high paragraph whose bottom border is the line."""
    length_pt = min(length_pt, room_pt)
    fmt = paragraph.paragraph_format
    fmt.alignment = CENTER
    fmt.left_indent = fmt.right_indent = Pt((room_pt - length_pt) / 2)
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = Pt(2)
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    xml.add_bottom_border(paragraph, L.RULE_WIDTH_PT)


def _layout_table(document: DocxDocument, rows: int, widths_mm: tuple[float, float]):
    table = document.add_table(rows=rows, cols=2)
    xml.set_fixed_layout(table, [Mm(w) for w in widths_mm])
    xml.set_table_borders(table, visible=False)
    xml.set_table_indent_zero(table)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    return table


def _room_pt(column_mm: float) -> float:
    return Mm(column_mm - 2 * L.CELL_PADDING_MM).pt


def _header(document: DocxDocument, doc: AdminDocument) -> None:
    rows = 3 if doc.is_official_letter else 2
    table = _layout_table(document, rows, (L.HEADER_LEFT_MM, L.HEADER_RIGHT_MM))
    org, nation = table.rows[0].cells

    if doc.superior:
        _write(_cell_paragraph(org), doc.superior.upper(), L.SIZE_SUPERIOR)
    _write(_cell_paragraph(org), doc.issuer.upper(), L.SIZE_ISSUER, bold=True)
    longest = max(estimate_width_pt(line, L.SIZE_ISSUER, True) for line in doc.issuer.upper().split("\n"))
    _rule(_cell_paragraph(org), longest * L.RULE_FRACTION, _room_pt(L.HEADER_LEFT_MM))

    _write(_cell_paragraph(nation), NATION, L.SIZE_NATION, bold=True)
    _write(_cell_paragraph(nation), MOTTO, L.SIZE_MOTTO, bold=True)
    _rule(_cell_paragraph(nation), estimate_width_pt(MOTTO, L.SIZE_MOTTO, True), _room_pt(L.HEADER_RIGHT_MM))

    # Box 3 and box 4 share a row so that "Số: …" and the date sit on the same line.
    number_cell, date_cell = table.rows[1].cells
    _write(_cell_paragraph(number_cell), number_line(doc.number, doc.symbol), L.SIZE_NUMBER, before=6)
    if doc.secrecy:
        stamp = _write(_cell_paragraph(number_cell), doc.secrecy, L.SIZE_SECRECY, bold=True, before=6)
        xml.add_box_border(stamp, L.RULE_WIDTH_PT)
        for run in stamp.runs:
            run.font.color.rgb = RGBColor.from_string(L.SECRECY_COLOR_HEX)
    date = vietnamese_date_line(doc.place, doc.date, doc.year)
    _write(_cell_paragraph(date_cell), date, L.SIZE_DATE, italic=True, before=6)

    if doc.is_official_letter:
        subject_cell = table.rows[2].cells[0]
        _write(_cell_paragraph(subject_cell), f"V/v {doc.subject}", L.SIZE_SUBJECT_LETTER, before=6)


def _title(document: DocxDocument, doc: AdminDocument) -> None:
    _write(document.add_paragraph(), (doc.kind or "").upper(), L.SIZE_KIND, bold=True, before=18)
    _write(document.add_paragraph(), doc.subject, L.SIZE_SUBJECT, bold=True)
    width = max(estimate_width_pt(line, L.SIZE_SUBJECT, True) for line in doc.subject.split("\n"))
    room = Mm(L.TEXT_WIDTH_MM).pt
    _rule(document.add_paragraph(), min(width, room) * L.RULE_FRACTION, room, after=12)


def _addressees(document: DocxDocument, addressees: list[str]) -> None:
    lines = addressee_lines(addressees)
    if not lines:
        return
    if len(lines) == 1:
        _write(document.add_paragraph(), f"{ADDRESSEES_LABEL} {lines[0]}", L.SIZE_BODY, before=12, after=12)
        return
    # Lines hang under the colon; the whole block is roughly centred like the single-line form.
    label = estimate_width_pt(ADDRESSEES_LABEL + " ", L.SIZE_BODY) + 4
    widest = max(estimate_width_pt(line, L.SIZE_BODY) for line in lines)
    room = Mm(L.TEXT_WIDTH_MM).pt
    indent = max(label, (room - label - widest) / 2 + label)
    for i, line in enumerate(lines):
        first = i == 0
        text = f"{ADDRESSEES_LABEL}\t{line}" if first else line
        paragraph = _write(
            document.add_paragraph(),
            text,
            L.SIZE_BODY,
            align=LEFT,
            before=12 if first else 0,
            after=12 if i == len(lines) - 1 else 0,
        )
        fmt = paragraph.paragraph_format
        fmt.left_indent = Pt(indent)
        if first:
            fmt.first_line_indent = Pt(-label)
            fmt.tab_stops.add_tab_stop(Pt(indent))


def _styled(container, style_id: str, text: str = "") -> DocxParagraph:
    # Setting pStyle directly: python-docx's ``paragraph.style = …`` rescans every style in
    # the document for each paragraph, which dominated the time of long documents.
    paragraph = container.add_paragraph()
    paragraph._p.style = style_id
    if text:
        paragraph.add_run(text)
    return paragraph


def _body(document: DocxDocument, doc: AdminDocument) -> None:
    styles = document.styles
    body_id = styles[STYLE_BODY].style_id
    cell_id = styles[STYLE_TABLE].style_id
    heading_ids = {n: styles[heading_style_name(n)].style_id for n in range(1, HEADING_DEPTH + 1)}
    for block in doc.body:
        match block:
            case Heading():
                _styled(document, heading_ids[min(block.level, HEADING_DEPTH)], block.text)
            case Paragraph():
                run = _styled(document, body_id).add_run(block.text)
                run.bold = block.bold or None
                run.italic = block.italic or None
            case Bullet():
                text = block.text if block.text.lstrip().startswith(("- ", "+ ")) else f"- {block.text}"
                _styled(document, body_id, text)
            case Table():
                _data_table(document, block, cell_id)
                # Two adjacent tables would merge in Word; a small gap also separates the grid
                # from the next paragraph.
                _write(document.add_paragraph(), "", L.SIZE_BODY, align=LEFT, after=L.PARAGRAPH_AFTER_PT)


def _data_table(document: DocxDocument, block: Table, cell_style_id: str) -> None:
    widths = [Mm(L.TEXT_WIDTH_MM * w) for w in block.relative_widths()]
    table = document.add_table(rows=0, cols=block.column_count)
    xml.set_fixed_layout(table, widths)
    xml.set_table_borders(table, visible=True)
    xml.set_table_indent_zero(table)
    header_rows = block.header_rows
    for index, values in enumerate(block.all_rows()):
        row = table.add_row()
        is_header = index < header_rows
        if is_header:
            xml.set_repeat_header(row)
            xml.set_cant_split(row)
        for cell, value in zip(row.cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph._p.style = cell_style_id
            if is_header:
                paragraph.paragraph_format.alignment = CENTER
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if value:
                run = paragraph.add_run(value)
                if is_header:
                    run.bold = True


def _signature(document: DocxDocument, doc: AdminDocument) -> None:
    table = _layout_table(document, 1, (L.SIGNATURE_LEFT_MM, L.SIGNATURE_RIGHT_MM))
    row = table.rows[0]
    xml.set_cant_split(row)  # the Nơi nhận block and the signer must not be separated
    recipients_cell, signer_cell = row.cells

    lines = recipient_lines(doc.recipients, has_addressees=bool(doc.addressees))
    if lines:
        _write(
            _cell_paragraph(recipients_cell),
            RECIPIENTS_LABEL,
            L.SIZE_RECIPIENT_LABEL,
            bold=True,
            italic=True,
            align=LEFT,
            before=12,
        )
        for line in lines:
            _write(_cell_paragraph(recipients_cell), line, L.SIZE_RECIPIENT, align=LEFT)

    signer = doc.signer
    first = True
    for line in filter(None, (signer.authority, signer.title)):
        _write(
            _cell_paragraph(signer_cell), line.upper(), L.SIZE_SIGNER, bold=True, before=12 if first else 0
        )
        first = False
    _write(
        _cell_paragraph(signer_cell),
        signer.name,
        L.SIZE_SIGNER,
        bold=True,
        before=Mm(L.SIGNATURE_GAP_MM).pt,
    )


def _properties(document: DocxDocument, doc: AdminDocument) -> None:
    props = document.core_properties
    props.title = " ".join(filter(None, [doc.kind, doc.subject]))[:255]
    props.subject = doc.subject[:255]
    props.author = " ".join(doc.issuer.split())[:255]
    props.last_modified_by = props.author
    props.language = "vi-VN"
    props.comments = ""
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    props.created = props.modified = now
