"""Focused tests of each parsing rule, mostly table-driven."""

from __future__ import annotations

import pytest

from ttdn.plans.parsing import PlanParseError, parse_bytes
from ttdn.plans.parsing.attributes import attr_of
from ttdn.plans.parsing.blocks import Para, normalise
from ttdn.plans.parsing.header import (
    infer_issuer,
    issuer_lines,
    kind_of,
    legal_basis,
    parse_date,
    parse_number,
    recipients_and_signer,
)
from ttdn.plans.parsing.outline import classify
from ttdn.plans.parsing.timeframe import parse_timeframe
from ttdn.plans.parsing.units import inline_assignment, is_unit, leading_units, split_mentions


def _tf(label, start, end, recurring=False):
    return {"label": label, "start": start, "end": end, "recurring": recurring, "inherited": False}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quý II/2021", _tf("Quý II/2021", "2021-04-01", "2021-06-30")),
        ("dự kiến trong Quý II/2021.", _tf("Quý II/2021", "2021-04-01", "2021-06-30")),
        ("Quý I năm 2022", _tf("Quý I năm 2022", "2022-01-01", "2022-03-31")),
        ("Quý III, IV/2021", _tf("Quý III, IV/2021", "2021-07-01", "2021-12-31")),
        ("Quý III-IV/2021", _tf("Quý III-IV/2021", "2021-07-01", "2021-12-31")),
        ("quý 4", _tf("Quý 4", "2021-10-01", "2021-12-31")),
        ("Tháng 6/2021", _tf("Tháng 6/2021", "2021-06-01", "2021-06-30")),
        ("Tháng 2/2024", _tf("Tháng 2/2024", "2024-02-01", "2024-02-29")),
        ("từ tháng 3 đến tháng 5/2021", _tf("Từ tháng 3 đến tháng 5/2021", "2021-03-01", "2021-05-31")),
        ("6 tháng đầu năm 2021", _tf("6 tháng đầu năm 2021", "2021-01-01", "2021-06-30")),
        ("6 tháng cuối năm", _tf("6 tháng cuối năm", "2021-07-01", "2021-12-31")),
        ("Trước ngày 15/12/2021", _tf("Trước ngày 15/12/2021", "2021-01-01", "2021-12-15")),
        ("hoàn thành trước ngày 05/3", _tf("Hoàn thành trước ngày 05/3", "2021-01-01", "2021-03-05")),
        (
            "Từ ngày 01/8/2021 đến ngày 10/8/2021",
            _tf("Từ ngày 01/8/2021 đến ngày 10/8/2021", "2021-08-01", "2021-08-10"),
        ),
        ("Ngày 02/9/2021", _tf("Ngày 02/9/2021", "2021-09-02", "2021-09-02")),
        ("Thường xuyên", _tf("Thường xuyên", "2021-01-01", "2021-12-31", recurring=True)),
        ("hằng năm", _tf("Hằng năm", "2021-01-01", "2021-12-31", recurring=True)),
        ("Cả năm", _tf("Cả năm", "2021-01-01", "2021-12-31")),
        ("Năm 2021", _tf("Năm 2021", "2021-01-01", "2021-12-31")),
    ],
)
def test_timeframes(text, expected):
    assert parse_timeframe(text, 2021) == expected


@pytest.mark.parametrize("text", ["", "theo chỉ đạo của UBND tỉnh", "31/02/2021", "Tháng 13/2021"])
def test_timeframe_not_found(text):
    assert parse_timeframe(text, 2021) is None


def test_day_first_dates():
    assert parse_timeframe("Trước ngày 03/04/2021", 2021)["end"] == "2021-04-03"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Thông tin và Truyền thông.", [("Sở Thông tin và Truyền thông", None)]),
        (
            "Sở Văn hóa, Thể thao và Du lịch; Sở Công Thương",
            [("Sở Văn hóa, Thể thao và Du lịch", None), ("Sở Công Thương", None)],
        ),
        (
            "các sở, ban, ngành, UBND các huyện, thành phố.",
            [("các sở, ban, ngành", None), ("UBND các huyện, thành phố", None)],
        ),
        (
            "Văn phòng UBND tỉnh, các cơ quan, đơn vị có liên quan.",
            [("Văn phòng UBND tỉnh", None), ("các cơ quan, đơn vị có liên quan", None)],
        ),
        (
            "các cơ quan, đơn vị, địa phương có liên quan",
            [("các cơ quan, đơn vị, địa phương có liên quan", None)],
        ),
        (
            "UBND các huyện, thành phố và các cơ quan, đơn vị có liên quan",
            [("UBND các huyện, thành phố", None), ("các cơ quan, đơn vị có liên quan", None)],
        ),
        ("Sở Kế hoạch và Đầu tư", [("Sở Kế hoạch và Đầu tư", None)]),
        (
            "Sở Công Thương và các cơ quan liên quan",
            [("Sở Công Thương", None), ("các cơ quan liên quan", None)],
        ),
        (
            "Sở TT&TT, Công an tỉnh, Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
            [("Sở TT&TT", None), ("Công an tỉnh", None), ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", None)],
        ),
        ("UBND các xã, phường", [("UBND các xã, phường", None)]),
        (
            "Đài Phát thanh và Truyền hình tỉnh; Báo Lạng Sơn",
            [("Đài Phát thanh và Truyền hình tỉnh", None), ("Báo Lạng Sơn", None)],
        ),
        ("Viettel Lạng Sơn và VNPT Lạng Sơn", [("Viettel Lạng Sơn", None), ("VNPT Lạng Sơn", None)]),
        ("Đơn vị chủ trì: Sở Ngoại vụ.", [("Sở Ngoại vụ", None)]),
        (
            "Văn phòng UBND tỉnh (đối với nội dung trên Cổng thông tin điện tử tỉnh); Sở Thông tin và Truyền thông "
            "(đối với nội dung trên internet, mạng xã hội).",
            [
                ("Văn phòng UBND tỉnh", "đối với nội dung trên Cổng thông tin điện tử tỉnh"),
                ("Sở Thông tin và Truyền thông", "đối với nội dung trên internet, mạng xã hội"),
            ],
        ),
        ("Sở Thông tin và Truyền thông (Sở TT&TT)", [("Sở Thông tin và Truyền thông (Sở TT&TT)", None)]),
    ],
)
def test_split_mentions(text, expected):
    assert [(m.text, m.scope) for m in split_mentions(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Ngoại vụ", True),
        ("UBND tỉnh", True),
        ("Ủy ban nhân dân huyện", True),
        ("Các sở, ban, ngành", True),
        ("các doanh nghiệp viễn thông", True),
        ("Công an tỉnh", True),
        ("Tỉnh đoàn", True),
        ("Viettel", True),
        ("Ban hành văn bản", False),
        ("Hội nghị tập huấn", False),
        ("Báo cáo kết quả", False),
        ("Bộ phận một cửa", False),
        ("Thể thao", False),
        ("các hoạt động", False),
        ("", False),
    ],
)
def test_is_unit(text, expected):
    assert is_unit(text) is expected


@pytest.mark.parametrize(
    ("text", "leads", "coords"),
    [
        (
            "Giao Sở Ngoại vụ chủ trì, phối hợp với Sở Công Thương và các cơ quan liên quan tổ chức hội thảo.",
            ["Sở Ngoại vụ"],
            ["Sở Công Thương", "các cơ quan liên quan"],
        ),
        (
            "Đài Phát thanh và Truyền hình tỉnh chủ trì, phối hợp với Báo Lạng Sơn thực hiện chuyên mục.",
            ["Đài Phát thanh và Truyền hình tỉnh"],
            ["Báo Lạng Sơn"],
        ),
        (
            "Tổ chức tọa đàm; giao UBND các huyện, thành phố chủ trì triển khai.",
            ["UBND các huyện, thành phố"],
            [],
        ),
        ("Sở Tài chính tham mưu, chủ trì thẩm định dự toán.", [], []),
        ("Cơ quan, đơn vị được giao nhiệm vụ chủ trì xây dựng dự toán.", [], []),
    ],
)
def test_inline_assignment(text, leads, coords):
    lead, coord = inline_assignment(text)
    assert [m.text for m in lead] == leads
    assert [m.text for m in coord] == coords


@pytest.mark.parametrize(
    ("text", "leads"),
    [
        ("Sở Thông tin và Truyền thông là cơ quan đầu mối theo dõi.", ["Sở Thông tin và Truyền thông"]),
        ("Sở Tài chính tham mưu bố trí kinh phí.", ["Sở Tài chính"]),
        (
            "Các sở, ban, ngành tỉnh; UBND các huyện, thành phố tổ chức triển khai.",
            ["Các sở, ban, ngành tỉnh", "UBND các huyện, thành phố"],
        ),
        ("Sở Xây dựng có trách nhiệm hướng dẫn.", ["Sở Xây dựng"]),
        ("Đề nghị các cơ quan báo chí tăng cường đưa tin.", []),
    ],
)
def test_leading_units(text, leads):
    assert [m.text for m in leading_units(text)] == leads


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I. MỤC ĐÍCH, YÊU CẦU", ("R", "I", "MỤC ĐÍCH, YÊU CẦU")),
        ("IV. TỔ CHỨC THỰC HIỆN", ("R", "IV", "TỔ CHỨC THỰC HIỆN")),
        ("2. Tập huấn", ("A", "2", "Tập huấn")),
        ("2.1. Nội dung", ("A", "2.1", "Nội dung")),
        ("3.1.2 Hình thức", ("A", "3.1.2", "Hình thức")),
        ("a) Đổi mới nội dung", ("L", "a", "Đổi mới nội dung")),
        ("đ) Tuyên truyền", ("L", "đ", "Tuyên truyền")),
        ("- Đơn vị chủ trì: Sở Ngoại vụ", None),
        ("6 tháng đầu năm", None),
        ("2020 - 2021 là giai đoạn", None),
        ("2.1 triệu lượt xem", None),
    ],
)
def test_classify_headings(text, expected):
    assert classify(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- Đơn vị chủ trì: Sở Thông tin và Truyền thông.", ("lead", "Sở Thông tin và Truyền thông.")),
        ("Cơ quan chủ trì: Sở Ngoại vụ", ("lead", "Sở Ngoại vụ")),
        ("Chủ trì: Sở Ngoại vụ", ("lead", "Sở Ngoại vụ")),
        ("Phối hợp: Công an tỉnh", ("coord", "Công an tỉnh")),
        ("- Cơ quan phối hợp: Sở Y tế", ("coord", "Sở Y tế")),
        ("Đơn vị thực hiện", ("exec", "")),
        ("Hình thức thể hiện: biên tập thành sách.", ("form", "biên tập thành sách.")),
        ("Đối tượng tập huấn: cán bộ", ("audience", "cán bộ")),
        ("Thời gian thực hiện: Quý II/2021", ("time", "Quý II/2021")),
        ("Kinh phí: 20 triệu đồng", ("budget", "20 triệu đồng")),
        ("Nội dung", ("content", "")),
        ("Nội dung thông tin cần được kiểm chứng", None),
        ("Phối hợp chặt chẽ giữa các cơ quan", None),
    ],
)
def test_attribute_lines(text, expected):
    assert attr_of(text) == expected


def _plan(body: str) -> dict:
    return parse_bytes(body.encode(), "plan.txt")


def test_attribute_items_fold_into_parent_and_section_time_is_inherited():
    result = _plan(
        "KẾ HOẠCH\nThông tin đối ngoại năm 2023\n"
        "I. NHIỆM VỤ\n"
        "1. Hội thi tìm hiểu biên giới\n"
        "Thời gian: Quý III/2023\n"
        "1.1. Vòng sơ khảo\n"
        "- Đơn vị chủ trì: Tỉnh đoàn\n"
        "1.2. Vòng chung khảo\n"
        "1.2.1. Hình thức: sân khấu hóa\n"
        "1.2.2. Kinh phí: 50 triệu đồng\n"
        "1.2.3. Đơn vị chủ trì: Sở Giáo dục và Đào tạo\n"
        "1.2.4. Thời gian: Tháng 9/2023\n"
    )
    tasks = {t["code"]: t for t in result["tasks"]}
    assert list(tasks) == ["I.1.1", "I.1.2"]
    first, second = tasks["I.1.1"], tasks["I.1.2"]
    assert first["timeframe"] == {
        "label": "Quý III/2023",
        "start": "2023-07-01",
        "end": "2023-09-30",
        "recurring": False,
        "inherited": True,
    }
    assert [m["text"] for m in first["lead"]] == ["Tỉnh đoàn"]
    assert second["form"] == "sân khấu hóa"
    assert second["budget"] == "50 triệu đồng"
    assert [m["text"] for m in second["lead"]] == ["Sở Giáo dục và Đào tạo"]
    assert second["timeframe"]["label"] == "Tháng 9/2023" and second["timeframe"]["inherited"] is False


def test_sections_without_units_are_not_work_sections():
    result = _plan(
        "I. MỤC ĐÍCH\n1. Nâng cao nhận thức.\n2. Phối hợp chặt chẽ giữa các cơ quan.\n"
        "II. NHIỆM VỤ\n1. Tuyên truyền biên giới\n- Cơ quan chủ trì: Công an tỉnh\n2. Biên soạn tài liệu\n"
    )
    assert [(t["code"], t["warnings"]) for t in result["tasks"]] == [("II.1", []), ("II.2", ["no lead unit"])]


def test_unreadable_time_keeps_words_and_warns():
    result = _plan("I. NHIỆM VỤ\n1. Hội thảo\nChủ trì: Sở Ngoại vụ\nThời gian: theo chỉ đạo của tỉnh\n")
    task = result["tasks"][0]
    assert task["timeframe"]["label"] == "Theo chỉ đạo của tỉnh"
    assert task["warnings"] == ["timeframe not understood"]


def test_markdown_table_tasks_without_groups():
    result = parse_bytes(
        (
            "# KẾ HOẠCH\nTuyên truyền đối ngoại năm 2022\n\n"
            "| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
            "|---|---|---|---|---|\n"
            "| 7 | Phát hành **bản tin** đối ngoại | Sở Ngoại vụ | Sở TT&TT; Báo Lạng Sơn | Quý IV |\n"
            "| 8 | Cập nhật cơ sở dữ liệu | | Sở Ngoại vụ | Thường xuyên |\n"
        ).encode(),
        "plan.md",
    )
    tasks = result["tasks"]
    assert [t["code"] for t in tasks] == ["PL.7", "PL.8"]
    assert tasks[0]["title"] == "Phát hành bản tin đối ngoại"
    assert [m["text"] for m in tasks[0]["coordinating"]] == ["Sở TT&TT", "Báo Lạng Sơn"]
    assert tasks[0]["timeframe"]["start"] == "2022-10-01"
    assert tasks[1]["warnings"] == ["no lead unit"] and tasks[1]["timeframe"]["recurring"] is True


def test_outline_deeper_than_eight_levels_is_refused():
    labels = [".".join(["1"] * n) + "." for n in range(1, 21)]
    body = "\n".join(f"{label} Mục con cấp {i + 1}" for i, label in enumerate(labels))
    with pytest.raises(PlanParseError) as err:
        _plan("I. NỘI DUNG\n" + body)
    assert "lồng nhau quá sâu" in str(err.value)


def test_continuation_joining():
    blocks = normalise([Para("Tổ chức hội nghị; thực"), Para("hiện các nội dung."), Para("a) điểm mới")])
    assert [b.text for b in blocks] == ["Tổ chức hội nghị; thực hiện các nội dung.", "a) điểm mới"]


class TestHeader:
    def test_number(self):
        assert parse_number(["Số: 34/KH-UBND"]) == ("34/KH-UBND", "KH-UBND")
        assert parse_number(["Số: /KH-UBND"]) == (None, "KH-UBND")
        assert parse_number(["Số:      /QĐ-UBND"]) == (None, "QĐ-UBND")

    def test_date(self):
        assert parse_date(["Lạng Sơn, ngày tháng 11 năm 2020"]) == ("Lạng Sơn", "2020-11")
        assert parse_date(["Lạng Sơn, ngày 29 tháng 01 năm 2021"]) == ("Lạng Sơn", "2021-01-29")
        assert parse_date(["Cao Bằng, ngày    tháng    năm 2024"]) == ("Cao Bằng", "2024")
        assert parse_date(["Số: 12/KH-UBND Lạng Sơn, ngày 05/3/2022"]) == ("Lạng Sơn", "2022-03-05")

    def test_kind(self):
        assert kind_of("KH-UBND", None) == "KH"
        assert kind_of("QĐ-UBND", "QUYẾT ĐỊNH") == "QĐ"
        assert kind_of("UBND-KGVX", None) == "CV"
        assert kind_of(None, "KẾ HOẠCH") == "KH"
        assert kind_of(None, None) is None

    def test_issuer_lines(self):
        assert (
            issuer_lines(["ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG", "Số: 5/KH-UBND"])
            == "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG"
        )
        lines = [
            "UBND TỈNH LẠNG SƠN",
            "SỞ NGOẠI VỤ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA",
            "VIỆT NAM",
            "Số: 7/KH-SNgV",
        ]
        assert issuer_lines(lines) == "SỞ NGOẠI VỤ"
        assert issuer_lines(["Số: /KH-UBND"]) is None

    def test_infer_issuer(self):
        title = "Hoạt động thông tin đối ngoại trên địa bàn tỉnh Lạng Sơn năm 2021"
        assert infer_issuer("KH-UBND", title, "Lạng Sơn", "") == "UBND tỉnh Lạng Sơn"
        assert (
            infer_issuer("KH-UBND", "Kế hoạch năm 2021", "Cao Lộc", "UBND huyện xây dựng")
            == "UBND huyện Cao Lộc"
        )
        assert infer_issuer("KH-SNgV", title, "Lạng Sơn", "") is None

    def test_legal_basis_one_per_document(self):
        bases = legal_basis(
            [
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
                "Căn cứ Nghị quyết số 12/NQ-HĐND ngày 10/12/2022 của HĐND tỉnh và Quyết định số 8/QĐ-UBND "
                "ngày 02/01/2023 của UBND tỉnh;",
                "Xét đề nghị của Giám đốc Sở Ngoại vụ.",
            ]
        )
        assert bases == [
            "Luật Tổ chức chính quyền địa phương ngày 19/6/2015",
            "Nghị quyết số 12/NQ-HĐND ngày 10/12/2022 của HĐND tỉnh",
            "Quyết định số 8/QĐ-UBND ngày 02/01/2023 của UBND tỉnh",
        ]

    def test_recipients_and_tm_signer(self):
        recipients, signer = recipients_and_signer(
            [
                "Nơi nhận:",
                "- Như trên;",
                "- TT Tỉnh ủy, TT HĐND tỉnh (b/c);",
                "- Lưu: VT.",
                "TM. ỦY BAN NHÂN DÂN",
                "CHỦ TỊCH",
                "(Đã ký)",
                "Hồ Tiến Thiệu",
            ]
        )
        assert recipients == ["Như trên", "TT Tỉnh ủy, TT HĐND tỉnh (b/c)", "Lưu: VT"]
        assert signer == {"name": "Hồ Tiến Thiệu", "title": "CHỦ TỊCH", "authority": "TM. ỦY BAN NHÂN DÂN"}

    def test_wrapped_recipient_joins_previous_entry(self):
        recipients, _ = recipients_and_signer(["Nơi nhận:", "- C, PVP UBND tỉnh,", "các Phòng: KGVX, THNC;"])
        assert recipients == ["C, PVP UBND tỉnh, các Phòng: KGVX, THNC"]
