"""Plans in each input format, written for these tests (not the seed's wording)."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest

from ttdn.plans.parsing import parse_bytes, parse_file
from ttdn.plans.parsing.read_docx import read_docx

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).parents[1] / "data" / "samples"
REPO = Path(__file__).resolve().parents[4]


def _gen_plan():
    spec = importlib.util.spec_from_file_location("gen_plan", REPO / "bench" / "gen_plan.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _units(mentions):
    return [(m["text"], m["scope"]) for m in mentions]


# --- .txt: a department plan with "Căn cứ", "Chủ trì:", abbreviations, inline leads ---------------------


@pytest.fixture(scope="module")
def dept_plan() -> dict:
    return parse_file(FIXTURES / "ke-hoach-so-ngoai-vu-dong-linh-2024.txt")


def test_txt_header(dept_plan):
    assert dept_plan["document"] == {
        "issuer": "SỞ NGOẠI VỤ",
        "kind": "KH",
        "number": "27/KH-SNgV",
        "place": "Đông Lĩnh",
        "date": "2024-03-08",
        "title": "Triển khai công tác thông tin đối ngoại của Sở Ngoại vụ năm 2024",
        "year": 2024,
        "legal_basis": [
            "Quyết định số 30/2023/QĐ-UBND ngày 12/6/2023 của UBND tỉnh Đông Lĩnh ban hành Quy chế quản lý "
            "hoạt động thông tin đối ngoại trên địa bàn tỉnh",
            "Kế hoạch số 05/KH-UBND ngày 10/01/2024 của UBND tỉnh về hoạt động thông tin đối ngoại năm 2024",
            "Công văn số 112/BTTTT-TTĐN ngày 15/01/2024 của Bộ Thông tin và Truyền thông về định hướng công tác "
            "thông tin đối ngoại năm 2024",
        ],
        "signer": {"name": "Trần Thị Thu Hà", "title": "GIÁM ĐỐC", "authority": None},
        "recipients": [
            "UBND tỉnh (b/c)",
            "Sở Thông tin và Truyền thông",
            "Giám đốc, các Phó Giám đốc Sở",
            "Lưu: VT, TTĐN",
        ],
    }


def test_txt_tasks(dept_plan):
    tasks = {t["code"]: t for t in dept_plan["tasks"]}
    assert list(tasks) == ["II.1", "II.2.1", "II.2.2", "II.3", "II.4", "III.1", "III.2"]

    assert _units(tasks["II.1"]["lead"]) == [("Sở Ngoại vụ", None)]
    assert _units(tasks["II.1"]["coordinating"]) == [("Văn phòng UBND tỉnh", None), ("Sở TT&TT", None)]
    assert tasks["II.1"]["timeframe"]["recurring"] is True

    survey = tasks["II.2.1"]
    assert _units(survey["lead"]) == [("Sở Ngoại vụ", None)]
    assert _units(survey["coordinating"]) == [
        ("Công an tỉnh", None),
        ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", None),
    ]
    assert survey["timeframe"] == {
        "label": "Quý III-IV/2024",
        "start": "2024-07-01",
        "end": "2024-12-31",
        "recurring": False,
        "inherited": True,
    }

    conf = tasks["II.2.2"]
    assert _units(conf["lead"]) == [
        ("Sở Ngoại vụ", "phần nội dung hội nghị"),
        ("Sở Thông tin và Truyền thông", "phần hậu cần kỹ thuật"),
    ]
    assert _units(conf["coordinating"]) == [
        ("UBND các xã, phường", None),
        ("các cơ quan, đơn vị có liên quan", None),
    ]
    assert conf["form"] == "hội nghị trực tiếp kết hợp trực tuyến"
    assert conf["audience"] == "phóng viên các cơ quan báo chí nước ngoài, đại diện các tổ chức quốc tế"
    assert conf["budget"] == "150 triệu đồng từ ngân sách tỉnh"
    assert conf["timeframe"]["start"] == "2024-10-01" and conf["timeframe"]["inherited"] is False

    inline = tasks["II.3"]
    assert _units(inline["lead"]) == [("Sở Ngoại vụ", None)]
    assert _units(inline["coordinating"]) == [("Sở Công Thương", None), ("các cơ quan liên quan", None)]
    assert inline["timeframe"]["end"] == "2024-09-30"

    assert tasks["II.4"]["warnings"] == ["no lead unit"]
    assert tasks["II.4"]["timeframe"]["end"] == "2024-06-30"
    assert _units(tasks["III.1"]["lead"]) == [("Phòng Thông tin đối ngoại", None)]
    assert _units(tasks["III.2"]["lead"]) == [("Văn phòng Sở", None)]


def test_txt_encodings_and_bom():
    raw = (FIXTURES / "ke-hoach-so-ngoai-vu-dong-linh-2024.txt").read_text(encoding="utf-8")
    expected = parse_bytes(raw.encode(), "a.txt")
    assert parse_bytes(b"\xef\xbb\xbf" + raw.encode(), "a.txt") == expected
    assert parse_bytes(raw.encode("utf-16"), "a.txt") == expected
    # Decomposed (NFD) input comes out NFC.
    import unicodedata

    assert parse_bytes(unicodedata.normalize("NFD", raw).encode(), "a.txt") == expected


# --- .docx: header table, Word automatic numbering, appendix task table ---------------------------


def _district_docx() -> bytes:
    b = _gen_plan().PlanDocx()
    b.two_column(
        [["ỦY BAN NHÂN DÂN", "HUYỆN VĨNH", "THẠNH"], ["Số: 45/KH-UBND"]],
        [
            ["CỘNG HÒA XÃ HỘI CHỦ", "NGHĨA VIỆT NAM"],
            ["Độc lập - Tự do -", "Hạnh phúc"],
            ["Vĩnh Thạnh, ngày 05 tháng 02 năm 2025"],
        ],
    )
    b.para("KẾ HOẠCH", bold=True)
    b.para("Thông tin đối ngoại và quảng bá hình ảnh huyện Vĩnh Thạnh năm 2025", bold=True)
    b.para("Căn cứ Kế hoạch số 18/KH-UBND ngày 22/01/2025 của UBND tỉnh về thông tin đối ngoại năm 2025;")
    b.heading("MỤC ĐÍCH", 0)
    b.heading("Quảng bá hình ảnh huyện tới bạn bè quốc tế.", 1)
    b.heading("NHIỆM VỤ", 0)
    b.heading("Xây dựng chuyên trang song ngữ trên Cổng thông tin điện tử huyện", 1)
    b.bullet("Cơ quan chủ trì: Văn phòng HĐND và UBND huyện.")
    b.bullet("Cơ quan phối hợp: Phòng Văn hóa và Thông tin; Trung tâm Văn hóa, Thông tin và Thể thao huyện.")
    b.bullet("Thời gian thực hiện: Quý II/2025.")
    b.heading("Tuyên truyền tại cửa khẩu", 1)
    b.heading("Lắp đặt pa-nô tại khu vực cửa khẩu", 2)
    b.heading("Khảo sát vị trí lắp đặt.", 3)
    b.bullet("Đơn vị chủ trì: Đồn Biên phòng cửa khẩu.")
    b.heading("Thiết kế nội dung pa-nô.", 3)
    b.bullet("Đơn vị chủ trì: Phòng Văn hóa và Thông tin.")
    b.bullet("Thời gian: Tháng 5/2025.")
    b.heading("Phát tờ gấp cho người qua lại biên giới", 2)
    b.para(
        "Giao Công an huyện chủ trì, phối hợp với Đồn Biên phòng cửa khẩu và UBND các xã biên giới thực hiện."
    )
    b.heading("TỔ CHỨC THỰC HIỆN", 0)
    b.heading(
        "Phòng Văn hóa và Thông tin chủ trì, phối hợp với Phòng Tài chính - Kế hoạch tham mưu kinh phí.", 1
    )
    b.two_column(
        [["Nơi nhận:"], ["- UBND tỉnh;"], ["- Sở Ngoại vụ;"], ["- Lưu: VT."]],
        [["TM. ỦY BAN NHÂN DÂN"], ["KT. CHỦ TỊCH"], ["PHÓ CHỦ TỊCH"], ["Đinh Thị Hồng Nhung"]],
    )
    b.para("PHỤ LỤC", bold=True)
    b.para("DANH MỤC HOẠT ĐỘNG THÔNG TIN ĐỐI NGOẠI NĂM 2025", bold=True)
    b.table(
        [
            "STT",
            "Nội dung nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
            "Kinh phí",
            "Sản phẩm",
        ],
        [
            "I. HOẠT ĐỘNG TRUYỀN THÔNG",
            [
                "1",
                "Sản xuất phóng sự về lễ hội xuống đồng",
                "Trung tâm Văn hóa, Thông tin và Thể thao huyện",
                "UBND các xã, thị trấn",
                "Quý III/2025",
                "Nguồn sự nghiệp văn hóa",
                "02 phóng sự",
            ],
            ["2", "Cập nhật bản đồ du lịch số", "", "Phòng Văn hóa và Thông tin", "Thường xuyên", "", ""],
            "II. HỢP TÁC QUỐC TẾ",
            [
                "1",
                "Đón đoàn nhà báo nước ngoài",
                "Văn phòng HĐND và UBND huyện",
                "Công an huyện",
                "Trước ngày 30/11/2025",
                "",
                "",
            ],
        ],
    )
    buf = io.BytesIO()
    b.doc.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def district() -> dict:
    return parse_bytes(_district_docx(), "ke-hoach.docx")


def test_docx_numbering_labels():
    labels = [p.label for p in read_docx(_district_docx()) if getattr(p, "label", None)]
    assert labels == ["I.", "1.", "II.", "1.", "2.", "2.1.", "a)", "b)", "2.2.", "III.", "1."]


def test_docx_numbering_restart_with_start_override():
    gen = _gen_plan()
    b = gen.PlanDocx()
    b.heading("A", 1)
    b.heading("B", 1)
    b.heading("C", 1, num_id=b.new_num(gen.OUTLINE_ABS, restart=True))
    buf = io.BytesIO()
    b.doc.save(buf)
    assert [p.label for p in read_docx(buf.getvalue())] == ["1.", "2.", "1."]


def test_docx_header_from_table(district):
    doc = district["document"]
    assert doc["issuer"] == "ỦY BAN NHÂN DÂN HUYỆN VĨNH THẠNH"
    assert (doc["kind"], doc["number"], doc["place"], doc["date"]) == (
        "KH",
        "45/KH-UBND",
        "Vĩnh Thạnh",
        "2025-02-05",
    )
    assert doc["title"] == "Thông tin đối ngoại và quảng bá hình ảnh huyện Vĩnh Thạnh năm 2025"
    assert doc["year"] == 2025
    assert doc["legal_basis"] == [
        "Kế hoạch số 18/KH-UBND ngày 22/01/2025 của UBND tỉnh về thông tin đối ngoại năm 2025"
    ]
    assert doc["signer"] == {
        "name": "Đinh Thị Hồng Nhung",
        "title": "PHÓ CHỦ TỊCH",
        "authority": "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH",
    }
    assert doc["recipients"] == ["UBND tỉnh", "Sở Ngoại vụ", "Lưu: VT"]


def test_docx_outline_tasks(district):
    tasks = {t["code"]: t for t in district["tasks"]}
    assert [c for c in tasks if not c.startswith("PL")] == ["II.1", "II.2.1.a", "II.2.1.b", "II.2.2", "III.1"]
    assert _units(tasks["II.1"]["lead"]) == [("Văn phòng HĐND và UBND huyện", None)]
    assert _units(tasks["II.1"]["coordinating"]) == [
        ("Phòng Văn hóa và Thông tin", None),
        ("Trung tâm Văn hóa, Thông tin và Thể thao huyện", None),
    ]
    assert tasks["II.1"]["timeframe"]["label"] == "Quý II/2025"
    assert _units(tasks["II.2.1.a"]["lead"]) == [("Đồn Biên phòng cửa khẩu", None)]
    assert tasks["II.2.1.b"]["timeframe"]["start"] == "2025-05-01"
    assert _units(tasks["II.2.2"]["lead"]) == [("Công an huyện", None)]
    assert _units(tasks["II.2.2"]["coordinating"]) == [
        ("Đồn Biên phòng cửa khẩu", None),
        ("UBND các xã biên giới", None),
    ]
    assert _units(tasks["III.1"]["lead"]) == [("Phòng Văn hóa và Thông tin", None)]
    assert _units(tasks["III.1"]["coordinating"]) == [("Phòng Tài chính - Kế hoạch", None)]
    # The appendix heading is not part of the outline.
    assert [s["code"] for s in district["sections"]] == ["I", "II", "III"]


def test_docx_appendix_table_with_group_rows(district):
    rows = [t for t in district["tasks"] if t["code"].startswith("PL")]
    assert [t["code"] for t in rows] == ["PL.I.1", "PL.I.2", "PL.II.1"]
    first, second, third = rows
    assert first["title"] == "Sản xuất phóng sự về lễ hội xuống đồng"
    assert first["content"] == "Sản xuất phóng sự về lễ hội xuống đồng\nSản phẩm: 02 phóng sự"
    assert _units(first["lead"]) == [("Trung tâm Văn hóa, Thông tin và Thể thao huyện", None)]
    assert _units(first["coordinating"]) == [("UBND các xã, thị trấn", None)]
    assert first["timeframe"]["start"] == "2025-07-01"
    assert first["budget"] == "Nguồn sự nghiệp văn hóa"
    assert second["warnings"] == ["no lead unit"] and second["timeframe"]["recurring"] is True
    assert third["timeframe"]["end"] == "2025-11-30"


def test_generated_bench_plan(tmp_path):
    path = _gen_plan().write_docx_plan(tmp_path / "plan.docx", n_tasks=40)
    result = parse_file(path)
    assert len([t for t in result["tasks"] if t["code"].startswith("II.")]) == 40
    assert all(t["lead"] for t in result["tasks"])
    assert result["document"]["number"] == "15/KH-UBND"


# --- .pdf with a text layer ------------------------------------------------------------------------


def test_pdf_plan():
    result = parse_file(FIXTURES / "ke-hoach-ttdn-xa-tan-hoa-2025.pdf")
    doc = result["document"]
    assert doc["issuer"] == "ỦY BAN NHÂN DÂN XÃ TÂN HÒA"
    assert (doc["number"], doc["place"], doc["date"], doc["year"]) == (
        "09/KH-UBND",
        "Tân Hòa",
        "2025-02-14",
        2025,
    )
    assert doc["title"] == "Thông tin đối ngoại trên địa bàn xã Tân Hòa năm 2025"
    assert doc["legal_basis"] == [
        "Kế hoạch số 21/KH-UBND ngày 20/01/2025 của UBND huyện về công tác thông tin đối ngoại năm 2025"
    ]
    assert doc["signer"] == {"name": "Lý Văn Sáng", "title": "CHỦ TỊCH", "authority": "TM. ỦY BAN NHÂN DÂN"}
    tasks = {t["code"]: t for t in result["tasks"]}
    assert list(tasks) == ["II.1", "II.2", "III.1"]
    # A heading wrapped over two printed lines is one paragraph again.
    assert tasks["II.1"]["title"].endswith("gian lận thương mại qua biên giới")
    assert _units(tasks["II.1"]["coordinating"]) == [
        ("Đồn Biên phòng Tân Hòa", None),
        ("các thôn, bản", None),
    ]
    assert tasks["II.1"]["timeframe"]["label"] == "Quý II/2025"
    assert _units(tasks["II.2"]["lead"]) == [("Hội Nông dân xã", None)]
    assert _units(tasks["II.2"]["coordinating"]) == [("Hội Liên hiệp Phụ nữ xã", None)]
    assert _units(tasks["III.1"]["lead"]) == [("Công an xã", None)]


def test_seed_typeset_as_pdf_parses_like_the_text():
    from_pdf = parse_file(FIXTURES / "ke-hoach-ttdn-lang-son-2021.pdf")
    from_txt = parse_file(SAMPLES / "ke-hoach-ttdn-lang-son-2021.txt")
    assert from_pdf == from_txt


def test_seed_as_plain_docx_parses_like_the_text():
    import docx

    text = (SAMPLES / "ke-hoach-ttdn-lang-son-2021.txt").read_text(encoding="utf-8")
    document = docx.Document()
    for line in text.replace("**", "").replace("*", "").split("\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    assert parse_bytes(buf.getvalue(), "seed.docx") == parse_bytes(text.encode(), "seed.txt")


def test_docx_row_major_header_combined_unit_line_and_vertical_merge():
    b = _gen_plan().PlanDocx()
    header = b.doc.add_table(rows=2, cols=2)
    b.lines_para(header.cell(0, 0), ["UBND TỈNH LẠNG SƠN", "SỞ NGOẠI VỤ"], True)
    b.lines_para(
        header.cell(0, 1), ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"], True
    )
    b.lines_para(header.cell(1, 0), ["Số: 102/KH-SNgV"], True)
    b.lines_para(header.cell(1, 1), ["Lạng Sơn, ngày 3 tháng 4 năm 2023"], True)
    b.para("KẾ HOẠCH")
    b.para("Tổ chức các hoạt động đối ngoại năm 2023")
    b.heading("NHIỆM VỤ", 0)
    b.heading("Đón đoàn công tác", 1)
    b.bullet("Đơn vị thực hiện: Sở Ngoại vụ.")
    b.heading("Hội nghị xúc tiến", 1)
    b.bullet("Chủ trì: Sở Công Thương; phối hợp: Sở Ngoại vụ, Công an tỉnh.")
    b.bullet("Hình thức:")
    b.bullet("Trưng bày sản phẩm;")
    b.bullet("Tọa đàm doanh nghiệp.")
    table = b.table(
        ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Tiến độ"],
        [["1", "Dịch tài liệu", "Sở Ngoại vụ", "", "Tháng 5"], ["2", "In tài liệu", "", "", "Tháng 6"]],
    )
    table.cell(1, 2).merge(table.cell(2, 2))  # one lead cell spanning both rows (w:vMerge)
    buf = io.BytesIO()
    b.doc.save(buf)
    result = parse_bytes(buf.getvalue(), "plan.docx")
    doc = result["document"]
    assert (doc["issuer"], doc["number"], doc["date"]) == ("SỞ NGOẠI VỤ", "102/KH-SNgV", "2023-04-03")
    tasks = {t["code"]: t for t in result["tasks"]}
    assert list(tasks) == ["I.1", "I.2", "PL.1", "PL.2"]
    assert _units(tasks["I.1"]["lead"]) == [("Sở Ngoại vụ", None)]
    assert _units(tasks["I.2"]["lead"]) == [("Sở Công Thương", None)]
    assert _units(tasks["I.2"]["coordinating"]) == [("Sở Ngoại vụ", None), ("Công an tỉnh", None)]
    assert tasks["I.2"]["form"] == "Trưng bày sản phẩm; Tọa đàm doanh nghiệp"
    assert _units(tasks["PL.2"]["lead"]) == [("Sở Ngoại vụ", None)]
    assert tasks["PL.2"]["timeframe"]["start"] == "2023-06-01"
