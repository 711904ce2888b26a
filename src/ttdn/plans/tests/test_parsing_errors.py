"""Bad input always ends in PlanParseError with a Vietnamese message, never anything else."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ttdn.plans import parsing
from ttdn.plans.parsing import MAX_BYTES, PlanParseError, parse_bytes, parse_file
from ttdn.plans.parsing.core import parse_unwrapped

TASK_KEYS = {
    "code",
    "title",
    "content",
    "lead",
    "coordinating",
    "timeframe",
    "form",
    "audience",
    "budget",
    "warnings",
}
DOC_KEYS = {
    "issuer",
    "kind",
    "number",
    "place",
    "date",
    "title",
    "year",
    "legal_basis",
    "signer",
    "recipients",
}


def _message(data: bytes, name: str) -> str:
    with pytest.raises(PlanParseError) as err:
        parse_bytes(data, name)
    assert str(err.value) == err.value.message
    return err.value.message


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.docx", "a.pdf"])
@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty(name, data):
    assert _message(data, name) == "Tệp rỗng: không có nội dung để đọc."


def test_empty_docx_document():
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    assert _message(buf.getvalue(), "a.docx") == "Tệp rỗng: không có nội dung để đọc."


@pytest.mark.parametrize("name", ["a.txt", "a.md"])
def test_binary_garbage_as_text(name):
    garbage = bytes(range(256)) * 40
    assert _message(garbage, name).startswith("Tệp không phải văn bản")
    assert _message(b"PK\x03\x04" + b"\x00" * 50, name).startswith("Tệp không phải văn bản")


@pytest.mark.parametrize(
    "data", [b"not a zip at all", b"PK\x03\x04garbage" + bytes(range(256)), b"\x89PNG\r\n"]
)
def test_corrupt_docx(data):
    assert _message(data, "a.docx") == "Tệp .docx bị hỏng hoặc không đúng định dạng Word, không mở được."


def test_zip_that_is_not_a_word_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "xin chào")
    assert _message(buf.getvalue(), "a.docx").startswith("Tệp .docx bị hỏng")


def test_corrupt_pdf():
    assert _message(b"%PDF-1.4\n garbage garbage", "a.pdf") == "Tệp PDF bị hỏng hoặc không mở được."


def test_scanned_pdf_without_text():
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    assert _message(buf.getvalue(), "scan.pdf").startswith(
        "Tệp PDF không có lớp văn bản (có thể là bản quét)"
    )


@pytest.mark.parametrize(("name", "shown"), [("plan.xlsx", ".xlsx"), ("plan", "(không có phần mở rộng)")])
def test_unsupported_extension(name, shown):
    assert _message(b"KE HOACH", name) == (
        f"Định dạng tệp không được hỗ trợ: {shown}. Chỉ nhận tệp .txt, .md, .docx hoặc .pdf."
    )


def test_legacy_doc():
    assert _message(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.doc").startswith(
        "Tệp .doc (Word 97-2003)"
    )


def test_too_big_bytes():
    assert _message(b"a" * (MAX_BYTES + 1), "a.txt").startswith("Tệp quá lớn (20.0 MB)")


def test_too_big_file_checked_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: no 20 MB written to disk

    def no_read(self):
        raise AssertionError("file was read before its size was checked")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    with pytest.raises(PlanParseError) as err:
        parse_file(path)
    assert err.value.message.startswith("Tệp quá lớn")


def test_missing_file(tmp_path):
    with pytest.raises(PlanParseError) as err:
        parse_file(tmp_path / "khong-co.txt")
    assert err.value.message == "Không tìm thấy tệp: khong-co.txt."


def test_directory_is_refused(tmp_path):
    with pytest.raises(PlanParseError):
        parse_file(os.fspath(tmp_path))


def test_twenty_levels_of_nesting():
    lines = ["I. NỘI DUNG"] + [".".join(["2"] * n) + ". Mục con" for n in range(1, 21)]
    assert _message("\n".join(lines).encode(), "a.txt") == (
        "Đề mục lồng nhau quá sâu (9 cấp, tối đa 8 cấp): kiểm tra lại cách đánh số."
    )


def _gen_plan():
    import importlib.util

    repo = Path(__file__).resolve().parents[4]
    spec = importlib.util.spec_from_file_location("gen_plan", repo / "bench" / "gen_plan.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen


def test_twenty_levels_typed_in_docx():
    b = _gen_plan().PlanDocx()
    b.para("I. NỘI DUNG")
    for n in range(1, 21):
        b.para(".".join(["1"] * n) + ". Mục con")
    buf = io.BytesIO()
    b.doc.save(buf)
    assert _message(buf.getvalue(), "a.docx").startswith("Đề mục lồng nhau quá sâu")


def test_nine_levels_of_word_numbering():
    from docx.oxml import parse_xml

    gen = _gen_plan()
    b = gen.PlanDocx()
    levels = [("decimal", "".join(f"%{k}." for k in range(1, i + 2))) for i in range(9)]
    numbering = b.doc.part.numbering_part.element
    numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num").addprevious(
        parse_xml(gen._abstract_xml(950, levels))
    )
    num = b.new_num(950)
    b.para("I. NỘI DUNG")
    for level in range(9):
        b.heading("Mục con", level, num_id=num)
    buf = io.BytesIO()
    b.doc.save(buf)
    assert _message(buf.getvalue(), "a.docx") == (
        "Đề mục lồng nhau quá sâu (9 cấp, tối đa 8 cấp): kiểm tra lại cách đánh số."
    )


def test_unexpected_reader_errors_are_wrapped(monkeypatch):
    from ttdn.plans.parsing import core

    def boom(data, filename):
        raise ZeroDivisionError

    monkeypatch.setattr(core, "read_blocks", boom)
    message = _message(b"I. NOI DUNG", "a.txt")
    assert (
        message
        == "Không phân tích được tệp do lỗi không lường trước (ZeroDivisionError); hãy báo cho quản trị viên."
    )


def test_error_class_is_exported():
    assert parsing.PlanParseError is PlanParseError
    assert issubclass(PlanParseError, Exception)


def _check_shape(result: dict) -> None:
    assert set(result) == {"document", "sections", "tasks", "warnings"}
    assert set(result["document"]) == DOC_KEYS
    for task in result["tasks"]:
        assert set(task) == TASK_KEYS
        assert set(task["timeframe"]) == {"label", "start", "end", "recurring", "inherited"}
        for m in task["lead"] + task["coordinating"]:
            assert set(m) == {"text", "scope", "unit", "group"} and m["text"]


_PLANNY_LINES = [
    "I. NỘI DUNG",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Tuyên truyền",
    "2.1. Nội dung",
    "a) Điểm",
    "- Đơn vị chủ trì: Sở A",
    "- Phối hợp: các sở, ban, ngành, UBND các huyện",
    "Thời gian: Quý V/2021",
    "Thời gian: 31/02",
    "Số: /KH-",
    "KẾ HOẠCH",
    "Nơi nhận:",
    "KT. CHỦ TỊCH",
    "Giao Sở X chủ trì, phối hợp với",
    "| STT | Nội dung | Chủ trì |",
    "| 1 | x | Sở Y |",
    "(",
    ")",
    "Sở Văn hóa (",
    "các cơ quan",
    "ngày tháng năm 0000",
    "Căn cứ Nghị định số",
    "3.1.2.1.1.1.1. sâu",
]
_PLANNY = st.lists(
    st.sampled_from(_PLANNY_LINES) | st.text(max_size=30),
    max_size=25,
).map("\n".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400) | _PLANNY)
def test_any_text_gives_contract_or_parse_error(text):
    for parse in (parse_unwrapped, parse_bytes):  # unwrapped: internal bugs must not hide behind the wrapper
        try:
            result = parse(text.encode("utf-8", "surrogatepass"), "plan.txt")
        except PlanParseError:
            continue
        _check_shape(result)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600), name=st.sampled_from(["a.txt", "a.md", "a.docx", "a.pdf", "a.bin"]))
def test_any_bytes_give_contract_or_parse_error(data, name):
    try:
        result = parse_bytes(data, name)
    except PlanParseError:
        return
    _check_shape(result)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraphs=st.lists(st.sampled_from(_PLANNY_LINES) | st.text(max_size=40), max_size=20),
    styles=st.lists(
        st.sampled_from(["Normal", "List Number", "List Bullet", "Heading 1", "Title"]), min_size=1
    ),
)
def test_any_docx_paragraphs_give_contract_or_parse_error(paragraphs, styles):
    """The DOCX reader over arbitrary paragraph lists and Word styles (numbered lists included)."""
    import docx

    from ttdn.core.documents.formatting import clean_text

    document = docx.Document()
    for i, text in enumerate(paragraphs):
        document.add_paragraph(clean_text(text), style=styles[i % len(styles)])
    out = io.BytesIO()
    document.save(out)
    for parse in (parse_unwrapped, parse_bytes):
        try:
            result = parse(out.getvalue(), "plan.docx")
        except PlanParseError:
            continue
        _check_shape(result)
