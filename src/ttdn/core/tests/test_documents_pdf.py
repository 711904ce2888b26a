"""PDF output through WeasyPrint, read back with pdfplumber. Rendered once: WeasyPrint is slow."""

import io
import re
import unicodedata

import pdfplumber
import pytest

from ttdn.core.documents import Paragraph, render_html, render_pdf
from ttdn.core.tests.test_documents import MOTTO, NATION, make_report

MM = 72 / 25.4
TABLE_ROWS = 40  # enough for the table to run over a page break


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return render_pdf(make_report(table_rows=TABLE_ROWS))


@pytest.fixture(scope="module")
def pages(pdf_bytes):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        yield [
            {
                "size": (page.width, page.height),
                "text": unicodedata.normalize("NFC", page.extract_text()),
                "chars": page.chars,
            }
            for page in pdf.pages
        ]


def test_is_a_pdf_on_a4(pdf_bytes, pages):
    assert pdf_bytes.startswith(b"%PDF-")
    assert len(pages) >= 2
    for page in pages:
        width, height = page["size"]
        assert width == pytest.approx(595.3, abs=1) and height == pytest.approx(841.9, abs=1)


def test_vietnamese_text_survives(pages):
    text = "\n".join(page["text"] for page in pages)
    for expected in (
        NATION,
        MOTTO,
        "UBND TỈNH LẠNG SƠN",
        "Lạng Sơn, ngày 05 tháng 01 năm 2026",
        "BÁO CÁO",
        "Kết quả hoạt động thông tin đối ngoại năm 2025",
        "I. KẾT QUẢ THỰC HIỆN",
        "- Đơn vị chủ trì: Sở Thông tin và Truyền thông.",
        "Hoạt động số 7 tại Đồng Đăng",
        "Nơi nhận:",
        "- Lưu: VT, TTĐN.",
        "KT. GIÁM ĐỐC",
        "Nguyễn Thị Hằng",
    ):
        assert expected in text


def test_only_times_compatible_fonts_are_embedded(pages):
    # A glyph missing from the chosen font makes Pango fall back to another family for that
    # letter (DejaVu, Noto CJK…); any such fallback shows up as a foreign font name here.
    fonts = {char["fontname"] for page in pages for char in page["chars"]}
    families = {re.sub(r"^[A-Z]{6}\+", "", f).replace("-", "").lower() for f in fonts}
    assert families, "no text in the PDF"
    assert all(f.startswith(("liberationserif", "timesnewroman")) for f in families), families
    label = [c for c in pages[-1]["chars"] if c["text"] == "N" and "Italic" in c["fontname"]]
    assert label and "Bold" in label[0]["fontname"], "Nơi nhận: must be bold italic"


def test_page_numbers_at_top_centre_except_page_one(pages):
    def in_top_margin(page):
        return "".join(c["text"] for c in page["chars"] if c["bottom"] < 20 * MM)

    assert in_top_margin(pages[0]) == ""
    for number, page in enumerate(pages[1:], start=2):
        assert in_top_margin(page) == str(number)
        digits = [c for c in page["chars"] if c["bottom"] < 20 * MM]
        centre = (digits[0]["x0"] + digits[-1]["x1"]) / 2
        # Centred between the 30 mm and 15 mm margins.
        assert centre == pytest.approx((30 * MM + page["size"][0] - 15 * MM) / 2, abs=3)


def test_table_header_repeats_on_the_next_page(pages):
    with_rows = [p for p in pages if "tại Đồng Đăng" in p["text"]]
    assert len(with_rows) >= 2
    assert all("Nội dung" in p["text"] for p in with_rows)


def test_html_escapes_markup_and_strips_control_characters():
    doc = make_report()
    doc.body.append(Paragraph('<script>alert("x")</script> & Đồng\x00Đăng'))
    html = render_html(doc)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ĐồngĐăng" in html
    assert '<html lang="vi">' in html and "size: A4 portrait" in html
