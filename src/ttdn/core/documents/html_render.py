"""HTML with print CSS mirroring the DOCX layout, and PDF output through WeasyPrint."""

from html import escape

from . import layout as L
from .formatting import (
    ADDRESSEES_LABEL,
    MOTTO,
    NATION,
    RECIPIENTS_LABEL,
    addressee_lines,
    number_line,
    recipient_lines,
    vietnamese_date_line,
)
from .model import AdminDocument, Bullet, Heading, Paragraph, Table, normalized

_CSS = f"""
@page {{
  size: A4 portrait;
  margin: {L.MARGIN_TOP_MM}mm {L.MARGIN_RIGHT_MM}mm {L.MARGIN_BOTTOM_MM}mm {L.MARGIN_LEFT_MM}mm;
  @top-center {{
    content: counter(page);
    font-family: {L.CSS_FONT_STACK};
    font-size: {L.SIZE_PAGE_NUMBER}pt;
    vertical-align: middle;
  }}
}}
@page :first {{ @top-center {{ content: none; }} }}
html {{ font-family: {L.CSS_FONT_STACK}; font-size: {L.SIZE_BODY}pt; color: #000; }}
body {{ margin: 0; }}
p {{ margin: 0; }}
table.layout {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
table.layout td {{ vertical-align: top; text-align: center; padding: 0 {L.CELL_PADDING_MM}mm; }}
.superior {{ font-size: {L.SIZE_SUPERIOR}pt; }}
.issuer {{ font-size: {L.SIZE_ISSUER}pt; font-weight: bold; }}
.nation {{ font-size: {L.SIZE_NATION}pt; font-weight: bold; white-space: nowrap; }}
.motto {{ font-size: {L.SIZE_MOTTO}pt; font-weight: bold; }}
/* An inline-block shrinks to its text, so a percentage rule is a fraction of the text length. */
.ruled {{ display: inline-block; }}
.ruled::after {{
  content: ""; display: block; width: {L.RULE_FRACTION * 100:g}%;
  margin: 3pt auto 0; border-top: {L.RULE_WIDTH_PT}pt solid #000;
}}
.motto .ruled::after {{ width: 100%; }}
td.number {{ font-size: {L.SIZE_NUMBER}pt; padding-top: 6pt; white-space: pre-wrap; }}
.secrecy {{ text-align: center; margin: 6pt 0 0; white-space: normal; }}
.secrecy span {{
  display: inline-block; padding: 1pt 6pt; border: {L.RULE_WIDTH_PT}pt solid #{L.SECRECY_COLOR_HEX};
  color: #{L.SECRECY_COLOR_HEX}; font-size: {L.SIZE_SECRECY}pt; font-weight: bold;
}}
td.date {{ font-size: {L.SIZE_DATE}pt; font-style: italic; padding-top: 6pt; white-space: pre-wrap; }}
td.letter-subject {{ font-size: {L.SIZE_SUBJECT_LETTER}pt; padding-top: 6pt; }}
.title {{ text-align: center; font-weight: bold; margin-top: 18pt; margin-bottom: 12pt; }}
.kind {{ font-size: {L.SIZE_KIND}pt; }}
.subject {{ font-size: {L.SIZE_SUBJECT}pt; }}
.addressees {{ margin: 12pt auto; }}
.addressees.single {{ text-align: center; }}
table.addressees {{ border-collapse: collapse; }}
table.addressees td {{ padding: 0; vertical-align: top; text-align: left; }}
table.addressees td.label {{ padding-right: 4pt; white-space: nowrap; }}
.body p {{
  text-align: justify; text-indent: {L.FIRST_LINE_INDENT_CM}cm;
  margin: 0 0 {L.PARAGRAPH_AFTER_PT}pt; line-height: {L.CSS_LINE_HEIGHT};
  orphans: 2; widows: 2;
}}
.body .h1, .body .h2, .body .h3 {{ font-weight: bold; break-after: avoid; }}
.body .h3 {{ font-style: italic; }}
.body .bold {{ font-weight: bold; }}
.body .italic {{ font-style: italic; }}
table.data {{
  width: 100%; border-collapse: collapse; table-layout: fixed;
  font-size: {L.SIZE_TABLE}pt; margin: 0 0 {L.PARAGRAPH_AFTER_PT * 2}pt;
}}
table.data th, table.data td {{
  border: 0.5pt solid #000; padding: 2pt {L.CELL_PADDING_MM}mm;
  vertical-align: top; text-align: left; overflow-wrap: anywhere;
}}
table.data th {{ text-align: center; vertical-align: middle; font-weight: bold; }}
table.data tr {{ break-inside: avoid; }}
table.signature {{ break-inside: avoid; margin-top: 12pt; }}
td.recipients {{ text-align: left !important; font-size: {L.SIZE_RECIPIENT}pt; }}
td.recipients .label {{ font-size: {L.SIZE_RECIPIENT_LABEL}pt; font-weight: bold; font-style: italic; }}
td.signer {{ font-size: {L.SIZE_SIGNER}pt; font-weight: bold; }}
td.signer .name {{ margin-top: {L.SIGNATURE_GAP_MM}mm; }}
"""


def _text(text: str) -> str:
    return escape(text, quote=True).replace("\n", "<br>")


def render_html(doc: AdminDocument) -> str:
    """A standalone HTML page of the document; also usable as an on-screen preview."""
    doc = normalized(doc)
    title = " ".join(filter(None, [doc.kind, doc.subject]))
    parts = [
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">',
        f"<title>{_text(title)}</title>",
        f'<meta name="author" content="{escape(" ".join(doc.issuer.split()))}">',
        f"<style>{_CSS}</style></head><body>",
        _header(doc),
    ]
    if not doc.is_official_letter:
        parts.append(
            f'<div class="title"><p class="kind">{_text((doc.kind or "").upper())}</p>'
            f'<p class="subject"><span class="ruled">{_text(doc.subject)}</span></p></div>'
        )
    parts.append(_addressees(doc.addressees))
    parts.append(_body(doc))
    parts.append(_signature(doc))
    parts.append("</body></html>")
    return "".join(parts)


def render_pdf(doc: AdminDocument) -> bytes:
    # Imported here: WeasyPrint loads Pango and fontconfig, which DOCX-only callers do not need.
    from weasyprint import HTML

    return HTML(string=render_html(doc)).write_pdf()


def _colgroup(*widths_mm: float) -> str:
    return "<colgroup>" + "".join(f'<col style="width:{w:.2f}mm">' for w in widths_mm) + "</colgroup>"


def _header(doc: AdminDocument) -> str:
    superior = f'<p class="superior">{_text(doc.superior.upper())}</p>' if doc.superior else ""
    secrecy = f'<p class="secrecy"><span>{_text(doc.secrecy)}</span></p>' if doc.secrecy else ""
    rows = [
        "<tr>"
        f'<td>{superior}<p class="issuer"><span class="ruled">{_text(doc.issuer.upper())}</span></p></td>'
        f'<td><p class="nation">{NATION}</p><p class="motto"><span class="ruled">{MOTTO}</span></p></td>'
        "</tr>",
        "<tr>"
        f'<td class="number">{_text(number_line(doc.number, doc.symbol))}{secrecy}</td>'
        f'<td class="date">{_text(vietnamese_date_line(doc.place, doc.date, doc.year))}</td>'
        "</tr>",
    ]
    if doc.is_official_letter:
        rows.append(f'<tr><td class="letter-subject">V/v {_text(doc.subject)}</td><td></td></tr>')
    return f'<table class="layout header">{_colgroup(L.HEADER_LEFT_MM, L.HEADER_RIGHT_MM)}{"".join(rows)}</table>'


def _addressees(addressees: list[str]) -> str:
    lines = addressee_lines(addressees)
    if not lines:
        return ""
    if len(lines) == 1:
        return f'<p class="addressees single">{ADDRESSEES_LABEL} {_text(lines[0])}</p>'
    items = "".join(f"<p>{_text(line)}</p>" for line in lines)
    return f'<table class="addressees"><tr><td class="label">{ADDRESSEES_LABEL}</td><td>{items}</td></tr></table>'


def _body(doc: AdminDocument) -> str:
    out = ['<div class="body">']
    for block in doc.body:
        match block:
            case Heading():
                out.append(f'<p class="h{min(block.level, 3)}">{_text(block.text)}</p>')
            case Paragraph():
                classes = " ".join(c for c, on in (("bold", block.bold), ("italic", block.italic)) if on)
                attr = f' class="{classes}"' if classes else ""
                out.append(f"<p{attr}>{_text(block.text)}</p>")
            case Bullet():
                text = block.text if block.text.lstrip().startswith(("- ", "+ ")) else f"- {block.text}"
                out.append(f"<p>{_text(text)}</p>")
            case Table():
                out.append(_data_table(block))
    out.append("</div>")
    return "".join(out)


def _data_table(block: Table) -> str:
    rows = block.all_rows()
    head, rest = rows[: block.header_rows], rows[block.header_rows :]
    widths = [L.TEXT_WIDTH_MM * w for w in block.relative_widths()]
    # <thead> is what WeasyPrint repeats at the top of each page, like tblHeader in Word.
    thead = "".join("<tr>" + "".join(f"<th>{_text(c)}</th>" for c in r) + "</tr>" for r in head)
    tbody = "".join("<tr>" + "".join(f"<td>{_text(c)}</td>" for c in r) + "</tr>" for r in rest)
    return (
        f'<table class="data">{_colgroup(*widths)}'
        + (f"<thead>{thead}</thead>" if thead else "")
        + f"<tbody>{tbody}</tbody></table>"
    )


def _signature(doc: AdminDocument) -> str:
    lines = recipient_lines(doc.recipients, has_addressees=bool(doc.addressees))
    recipients = ""
    if lines:
        recipients = f'<p class="label">{RECIPIENTS_LABEL}</p>' + "".join(f"<p>{_text(x)}</p>" for x in lines)
    signer = doc.signer
    positions = "".join(f"<p>{_text(x.upper())}</p>" for x in (signer.authority, signer.title) if x)
    return (
        f'<table class="layout signature">{_colgroup(L.SIGNATURE_LEFT_MM, L.SIGNATURE_RIGHT_MM)}'
        f'<tr><td class="recipients">{recipients}</td>'
        f'<td class="signer">{positions}<p class="name">{_text(signer.name)}</p></td></tr></table>'
    )
