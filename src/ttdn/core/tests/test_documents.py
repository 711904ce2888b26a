"""ND 30/2020 document rendering: text rules and the DOCX read back with python-docx."""

import datetime
import io
import unicodedata

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from ttdn.core.documents import (
    AdminDocument,
    Bullet,
    Heading,
    Paragraph,
    Signer,
    Table,
    number_line,
    point_letters,
    render_docx,
    vietnamese_date_line,
)
from ttdn.core.documents.docx_xml import field_instructions
from ttdn.core.documents.formatting import clean_text, recipient_lines

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def make_report(table_rows: int = 3) -> AdminDocument:
    """A báo cáo of a Sở to the province, with every kind of body block."""
    return AdminDocument(
        superior="UBND tỉnh Lạng Sơn",
        issuer="SỞ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH",
        number=None,
        symbol="BC-SVHTTDL",
        place="Lạng Sơn",
        date=datetime.date(2026, 1, 5),
        year=2026,
        kind="Báo cáo",
        subject="Kết quả hoạt động thông tin đối ngoại năm 2025",
        addressees=[],
        body=[
            Paragraph("Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2025 của UBND tỉnh, Sở báo cáo như sau:"),
            Heading(1, "I. KẾT QUẢ THỰC HIỆN"),
            Heading(2, "1. Tuyên truyền đối ngoại"),
            Paragraph("Quảng bá hình ảnh Lạng Sơn trên mạng internet và tại cửa khẩu Hữu Nghị."),
            Bullet("Đơn vị chủ trì: Sở Thông tin và Truyền thông."),
            Heading(3, "1.1. Hội nghị tập huấn"),
            Table(
                ["STT", "Nội dung", "Đơn vị chủ trì"],
                [[str(i), f"Hoạt động số {i} tại Đồng Đăng", "Sở VHTTDL"] for i in range(1, table_rows + 1)],
                widths=[1, 6, 3],
            ),
            Paragraph("Trên đây là báo cáo của Sở.", italic=True),
        ],
        signer=Signer("KT. Giám đốc", "Phó Giám đốc", "Nguyễn Thị Hằng"),
        recipients=["UBND tỉnh (b/c)", "- Lãnh đạo Sở;", "Lưu: VT, TTĐN."],
    )


def make_letter() -> AdminDocument:
    """A công văn: no type name, "V/v" under the number, Kính gửi, blank date."""
    return AdminDocument(
        superior="UBND TỈNH LẠNG SƠN",
        issuer="SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        number="5",
        symbol="SVHTTDL-TTĐN",
        place="Lạng Sơn",
        date=None,
        year=2026,
        kind=None,
        subject="đăng ký tham gia hội nghị thông tin đối ngoại",
        addressees=["Ủy ban nhân dân tỉnh Lạng Sơn", "Bộ Văn hóa, Thể thao và Du lịch"],
        body=[Paragraph("Sở Văn hóa, Thể thao và Du lịch đề nghị như sau.")],
        signer=Signer(None, "Giám đốc", "Hoàng Văn Đức"),
        recipients=["Lưu: VT, TTĐN"],
    )


def read(doc: AdminDocument) -> docx.document.Document:
    data = render_docx(doc)
    assert data[:2] == b"PK"
    return docx.Document(io.BytesIO(data))


def blocks_in_order(document) -> list:
    """Body content in order: ("p", style name, text) or ("t", [[cell text]])."""
    out: list = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = DocxParagraph(child, document._body)
            if paragraph.text.strip():
                out.append(("p", paragraph.style.name, paragraph.text))
        elif child.tag == qn("w:tbl"):
            table = DocxTable(child, document._body)
            out.append(("t", [[cell.text for cell in row.cells] for row in table.rows]))
    return out


def has_bottom_border(paragraph: DocxParagraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:pBdr")) is not None


# --- text rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2026, 1, 5), "Lạng Sơn, ngày 05 tháng 01 năm 2026"),
        (datetime.date(2026, 2, 28), "Lạng Sơn, ngày 28 tháng 02 năm 2026"),
        (datetime.date(2026, 3, 15), "Lạng Sơn, ngày 15 tháng 3 năm 2026"),
        (datetime.date(2025, 12, 9), "Lạng Sơn, ngày 09 tháng 12 năm 2025"),
    ],
)
def test_date_line_leading_zeros_for_small_days_and_first_two_months(date, expected):
    assert vietnamese_date_line("Lạng Sơn", date, 2026 if date.year == 2026 else 2025) == expected


def test_blank_date_keeps_the_year_for_the_van_thu():
    assert vietnamese_date_line("Lạng Sơn", None, 2026) == "Lạng Sơn, ngày     tháng     năm 2026"


def test_point_letters_skip_diacritic_and_foreign_letters():
    assert point_letters(10) == ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]
    letters = point_letters()
    assert len(letters) == 23 and letters[-1] == "y"
    assert not set("ăâêôơưfjwz") & set(letters)
    with pytest.raises(ValueError):
        point_letters(24)


def test_number_line_pads_and_leaves_room_for_the_number():
    assert number_line("5", "BC-SVHTTDL") == "Số: 05/BC-SVHTTDL"
    assert number_line("123", "UBND-VX") == "Số: 123/UBND-VX"
    assert number_line(None, "BC-SVHTTDL") == "Số:      /BC-SVHTTDL"


def test_recipient_lines_punctuation_and_nhu_tren():
    assert recipient_lines(["A;", "- B", "Lưu: VT, TTĐN."], has_addressees=True) == [
        "- Như trên;",
        "- A;",
        "- B;",
        "- Lưu: VT, TTĐN.",
    ]
    assert recipient_lines(["Như trên", "Lưu: VT"], has_addressees=True)[0] == "- Như trên;"


def test_clean_text_nfc_and_xml_safe():
    assert clean_text("Nguye\u0302\u0303n\x00\x0b\ufffe\r\nA") == "Nguyễn\nA"


# --- DOCX --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report():
    return read(make_report())


@pytest.fixture(scope="module")
def letter():
    return read(make_letter())


def test_page_is_a4_portrait_with_nd30_margins(report):
    section = report.sections[0]
    # Word stores twips, so millimetres come back within a rounding error.
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    measured += [section.left_margin, section.right_margin]
    assert [round(length.mm, 1) for length in measured] == [210, 297, 20, 20, 30, 15]
    assert section.orientation == WD_ORIENT.PORTRAIT


def test_default_font_is_times_new_roman_14_for_every_script(report):
    normal = report.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    for rpr in (
        normal.element.rPr,
        report.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rPr")),
    ):
        fonts = rpr.find(qn("w:rFonts"))
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            assert fonts.get(qn(f"w:{attr}")) == "Times New Roman"
        assert fonts.get(qn("w:asciiTheme")) is None


def test_header_boxes(report):
    header = report.tables[0]
    org, nation = header.rows[0].cells
    superior, issuer, org_rule = org.paragraphs
    assert superior.text == "UBND TỈNH LẠNG SƠN" and not superior.runs[0].bold
    assert superior.runs[0].font.size == Pt(12)
    assert issuer.text == "SỞ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH" and issuer.runs[0].bold
    assert has_bottom_border(org_rule) and not org_rule.text

    nation_line, motto, motto_rule = nation.paragraphs
    assert nation_line.text == NATION and nation_line.runs[0].bold
    assert nation_line.runs[0].font.size == Pt(12)
    assert motto.text == MOTTO and motto.runs[0].bold and motto.runs[0].font.size == Pt(13)
    assert has_bottom_border(motto_rule)

    number, date = header.rows[1].cells
    assert number.text == "Số:      /BC-SVHTTDL"
    assert number.paragraphs[0].runs[0].font.size == Pt(13)
    assert date.text == "Lạng Sơn, ngày 05 tháng 01 năm 2026"
    assert date.paragraphs[0].runs[0].italic and date.paragraphs[0].runs[0].font.size == Pt(13)

    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_kind_and_subject_bold_centred_with_rule(report):
    paragraphs = report.paragraphs
    kind, subject, rule = paragraphs[0], paragraphs[1], paragraphs[2]
    assert kind.text == "BÁO CÁO"
    assert subject.text == "Kết quả hoạt động thông tin đối ngoại năm 2025"
    for p in (kind, subject):
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert p.runs[0].bold and p.runs[0].font.size == Pt(14)
    assert has_bottom_border(rule)


def test_body_blocks_in_order(report):
    content = blocks_in_order(report)
    start = next(i for i, b in enumerate(content) if b[0] == "p" and b[2].startswith("Thực hiện"))
    body = content[start : start + 8]
    assert body == [
        (
            "p",
            "ND30 Body",
            "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2025 của UBND tỉnh, Sở báo cáo như sau:",
        ),
        ("p", "ND30 Heading 1", "I. KẾT QUẢ THỰC HIỆN"),
        ("p", "ND30 Heading 2", "1. Tuyên truyền đối ngoại"),
        ("p", "ND30 Body", "Quảng bá hình ảnh Lạng Sơn trên mạng internet và tại cửa khẩu Hữu Nghị."),
        ("p", "ND30 Body", "- Đơn vị chủ trì: Sở Thông tin và Truyền thông."),
        ("p", "ND30 Heading 3", "1.1. Hội nghị tập huấn"),
        (
            "t",
            [
                ["STT", "Nội dung", "Đơn vị chủ trì"],
                ["1", "Hoạt động số 1 tại Đồng Đăng", "Sở VHTTDL"],
                ["2", "Hoạt động số 2 tại Đồng Đăng", "Sở VHTTDL"],
                ["3", "Hoạt động số 3 tại Đồng Đăng", "Sở VHTTDL"],
            ],
        ),
        ("p", "ND30 Body", "Trên đây là báo cáo của Sở."),
    ]


def test_body_style_follows_nd30(report):
    body = report.styles["ND30 Body"].paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.first_line_indent == Cm(1.27)
    assert body.space_after == Pt(6)
    assert 1.0 <= body.line_spacing <= 1.5
    assert report.styles["ND30 Heading 1"].font.bold
    assert report.styles["ND30 Heading 3"].font.italic
    closing = next(p for p in report.paragraphs if p.text == "Trên đây là báo cáo của Sở.")
    assert closing.runs[0].italic


def test_data_table_bordered_with_repeating_bold_header(report):
    table = report.tables[1]
    header, first = table.rows[0], table.rows[1]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert first._tr.trPr is None or first._tr.trPr.find(qn("w:tblHeader")) is None
    assert all(cell.paragraphs[0].runs[0].bold for cell in header.cells)
    assert not first.cells[1].paragraphs[0].runs[0].bold
    assert report.styles["ND30 Table Text"].font.size in (Pt(12), Pt(13))
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    widths = [col.w for col in table._tbl.tblGrid.gridCol_lst]
    assert abs(sum(widths) - Mm(165)) < Mm(1) and widths[1] == max(widths)


def test_signature_and_recipients(report):
    recipients, signer = report.tables[-1].rows[0].cells
    label, *lines = recipients.paragraphs
    assert label.text == "Nơi nhận:"
    assert label.runs[0].bold and label.runs[0].italic and label.runs[0].font.size == Pt(12)
    assert [p.text for p in lines] == ["- UBND tỉnh (b/c);", "- Lãnh đạo Sở;", "- Lưu: VT, TTĐN."]
    assert all(p.runs[0].font.size == Pt(11) for p in lines)

    authority, title, name = signer.paragraphs
    assert (authority.text, title.text, name.text) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Thị Hằng")
    assert all(p.runs[0].bold and p.runs[0].font.size == Pt(14) for p in (authority, title, name))
    assert name.paragraph_format.space_before >= Mm(20)


def test_page_number_in_header_except_first_page(report):
    section = report.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in field_instructions(section.header._element)
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not section.first_page_header.is_linked_to_previous
    assert field_instructions(section.first_page_header._element) == []


def test_official_letter_layout(letter):
    header = letter.tables[0]
    assert header.rows[1].cells[0].text == "Số: 05/SVHTTDL-TTĐN"
    assert header.rows[1].cells[1].text == "Lạng Sơn, ngày     tháng     năm 2026"
    vv = header.rows[2].cells[0].paragraphs[0]
    assert vv.text == "V/v đăng ký tham gia hội nghị thông tin đối ngoại"
    assert vv.runs[0].font.size == Pt(12)
    issuer = header.rows[0].cells[0].paragraphs[1]
    assert issuer.text == "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"

    texts = [p.text for p in letter.paragraphs if p.text.strip()]
    assert texts[:3] == [
        "Kính gửi:\t- Ủy ban nhân dân tỉnh Lạng Sơn;",
        "- Bộ Văn hóa, Thể thao và Du lịch.",
        "Sở Văn hóa, Thể thao và Du lịch đề nghị như sau.",
    ]
    recipients, signer = letter.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, TTĐN."]
    assert [p.text for p in signer.paragraphs] == ["GIÁM ĐỐC", "Hoàng Văn Đức"]


def test_single_addressee_on_the_kinh_gui_line():
    doc = make_letter()
    doc.addressees = ["Bộ Văn hóa, Thể thao và Du lịch;"]
    texts = [p.text for p in read(doc).paragraphs if p.text.strip()]
    assert texts[0] == "Kính gửi: Bộ Văn hóa, Thể thao và Du lịch"


def test_text_is_nfc_in_the_output():
    doc = make_report()
    doc.signer = Signer(None, "Giám đốc", unicodedata.normalize("NFD", "Nguyễn Thị Hằng"))
    doc.body.append(Paragraph(unicodedata.normalize("NFD", "Đồng Đăng")))
    document = read(doc)
    assert document.tables[-1].rows[0].cells[1].paragraphs[-1].text == "Nguyễn Thị Hằng"
    assert any(p.text == "Đồng Đăng" for p in document.paragraphs)


def test_two_header_rows_both_repeat():
    doc = make_report()
    doc.body = [Table(["Nội dung", "Kết quả"], [["", "Số lượng"], ["Hội nghị", "3"]], header_rows=2)]
    table = read(doc).tables[1]
    flags = [
        row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows
    ]
    assert flags == [True, True, False]
    assert table.rows[1].cells[1].paragraphs[0].runs[0].bold
