"""Extraction, decoding and day-first dates (pure: no Django)."""

import importlib
from pathlib import Path

import pytest

from ttdn.monitoring.analysis.dates import find_published, parse_machine_date, parse_text_date
from ttdn.monitoring.analysis.extract import ExtractError, decode, extract

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ hai, 05/01/2026 14:30", "2026-01-05T14:30:00"),
        ("05-01-2026", "2026-01-05"),
        ("ngày 5 tháng 1 năm 2026", "2026-01-05"),
        ("Ngày 12 Tháng 3 Năm 2026", "2026-03-12"),
        ("14:30 05/01/2026", "2026-01-05T14:30:00"),
        ("Cập nhật: 31/12/2025, 08h05", "2025-12-31T08:05:00"),
        ("12/02/2026", "2026-02-12"),  # day-first: 12 February, never 2 December
        ("31.01.2026", "2026-01-31"),
        ("32/01/2026 rồi 13/02/2026", "2026-02-13"),  # an impossible date is skipped
        ("05/13/2026", None),  # month 13: not a day-first date, and not guessed month-first
        ("không có ngày", None),
        ("2026-01-05", "2026-01-05"),
    ],
)
def test_text_dates_are_day_first(text, expected):
    assert parse_text_date(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-01-05T14:30:00+07:00", "2026-01-05T14:30:00+07:00"),
        ("2026-01-05", "2026-01-05"),
        ("2026-01-05T07:30:00Z", "2026-01-05T07:30:00+00:00"),
        ("05/01/2026 10:00", "2026-01-05T10:00:00"),
        ("", None),
    ],
)
def test_machine_dates(value, expected):
    assert parse_machine_date(value) == expected


def test_metadata_beats_text_and_json_ld_is_read():
    html = (
        '<meta property="article:published_time" content="2026-01-06T08:15:00+07:00">'
        "<p>Thứ hai, 05/01/2026</p>"
    )
    assert find_published(html, "Thứ hai, 05/01/2026") == "2026-01-06T08:15:00+07:00"
    ld = '<script type="application/ld+json">[{"@graph": [{"datePublished": "2026-02-10"}]}]</script>'
    assert find_published(ld, "") == "2026-02-10"
    assert find_published('<time datetime="2026-03-01T09:00">1/3</time>', "") == "2026-03-01T09:00:00"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n ", "empty"),
        (b"\x00\x01\x02\xff" * 200, "binary"),
        (bytes(range(1, 32)) * 50 + b"<p>", "binary"),
        (b"<p>\x81\x8d\x8f\x90\x9d</p>" * 5, "unreadable encoding"),
        (b"just text, no markup at all", "not HTML"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, message):
    with pytest.raises(ExtractError, match=message):
        decode(data)


def test_decoding_fallbacks():
    assert decode("<p>Lạng Sơn</p>".encode("utf-8-sig")) == "<p>Lạng Sơn</p>"
    assert "Lạng Sơn" in decode("<p>Lạng Sơn</p>".encode("utf-16"))
    # cp1258 stores the tone as a combining mark: decoding must give NFC text
    assert "Chi Lăng" in decode((DATA / "cp1258_na_chi_lang.html").read_bytes())
    assert "café" in decode((DATA / "windows1252_na_nua.html").read_bytes())


@pytest.mark.parametrize(
    ("name", "title", "published", "rejected"),
    [
        ("mau_son_tourism.html", "Mẫu Sơn đón hơn 20.000 lượt khách dịp đầu năm", "2026-01-06T08:15:00+07:00", None),
        ("tan_thanh_smuggling.html", "Bắt giữ xe tải chở hàng lậu gần cửa khẩu Tân Thanh", "2026-02-10T21:40:00+07:00", None),
        ("day_first_date.html", "Khẩn trương khắc phục sạt lở tại Bình Gia sau mưa lớn", "2026-01-05T14:30:00", None),
        ("cp1258_na_chi_lang.html", "Na Chi Lăng được mùa, được giá", "2025-08-18T09:20:00", None),
        ("windows1252_na_nua.html", "Cửa khẩu Nà Nưa tổ chức giao lưu hữu nghị", "2025-11-20", None),
        ("broken_markup.html", "Lạng Sơn và Quảng Tây (Trung Quốc) đẩy mạnh hợp tác kinh tế, thương mại", "2026-03-12", None),
        ("national_byline_only.html", "Xuất khẩu nông sản cả nước tăng 12% trong quý I", "2026-04-03", None),
        ("listing_page.html", "Tin mới nhất", "2026-01-01", "listing page"),
    ],
)  # fmt: skip
def test_fixture_pages(name, title, published, rejected):
    page = extract((DATA / name).read_bytes(), f"https://example.vn/{name}")
    assert page.title == title
    assert page.published == published
    if rejected:
        assert page.rejected_reason and rejected in page.rejected_reason
    else:
        assert page.rejected_reason is None, page.rejected_reason
        assert len(page.text) >= 300 and page.method in ("trafilatura", "fallback")
    assert "<" not in page.text and "©" not in page.text


def test_short_page_is_rejected_and_fallback_reads_broken_markup():
    short = extract("<html><body><h1>Tin ngắn về Lạng Sơn</h1><p>Chỉ một câu.</p></body></html>")
    assert short.rejected_reason and short.rejected_reason.startswith("too short")
    # trafilatura finds nothing in a bare table layout; the <p>-block fallback does
    cp = extract((DATA / "cp1258_na_chi_lang.html").read_bytes())
    assert cp.method == "fallback" and "3.000 ha na" in cp.text


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.html")))
def test_fast_pass_first_gives_what_the_full_comparison_gives(name):
    module = importlib.import_module("ttdn.monitoring.analysis.extract")  # the package exports extract()
    html = decode((DATA / name).read_bytes())
    url = f"https://example.vn/{name}"
    full = module._trafilatura_pass(html, url, fast=False)
    assert module._trafilatura(html, url) == full
    if name == "listing_page.html":
        # The fast pass keeps nothing of the listing; the chain then asks for readability's comparison.
        assert not module._trafilatura_pass(html, url, fast=True) and full
