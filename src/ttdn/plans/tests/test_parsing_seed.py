"""The seed plan (Lạng Sơn TTĐN 2021) must parse to exactly this result."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ttdn.plans.parsing import parse_bytes, parse_file

SEED = Path(__file__).parents[1] / "data" / "samples" / "ke-hoach-ttdn-lang-son-2021.txt"

BO_NGANH = "các sở, ban, ngành"
HUYEN = "UBND các huyện, thành phố"
STTTT = "Sở Thông tin và Truyền thông"
VHTTDL = "Sở Văn hóa, Thể thao và Du lịch"
LIEN_QUAN_DP = "các cơ quan, đơn vị, địa phương có liên quan"
LIEN_QUAN = "các cơ quan, đơn vị có liên quan"
BAO_CHI = "các cơ quan báo chí"
BDBP = "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"
YEAR_2021 = {
    "label": "Năm 2021",
    "start": "2021-01-01",
    "end": "2021-12-31",
    "recurring": False,
    "inherited": True,
}

# code -> (lead texts, coordinating texts)
EXPECTED_UNITS: dict[str, tuple[list[str], list[str]]] = {
    "II.1": ([], []),
    "II.2": ([STTTT], [BO_NGANH, HUYEN]),
    "II.3.1.a": (
        [STTTT],
        [
            BO_NGANH,
            HUYEN,
            "các cơ quan báo chí địa phương và trung ương thường trú trên địa bàn tỉnh Lạng Sơn",
        ],
    ),
    "II.3.1.b": (["Văn phòng UBND tỉnh", STTTT], [BO_NGANH, HUYEN]),
    "II.3.1.c": ([STTTT], ["Văn phòng UBND tỉnh", LIEN_QUAN]),
    "II.3.2": ([STTTT], [VHTTDL, "Sở Công Thương", BAO_CHI, LIEN_QUAN_DP]),
    "II.3.3.a": ([STTTT], ["Sở Ngoại vụ", BAO_CHI, LIEN_QUAN_DP]),
    "II.3.3.b": ([STTTT], ["Sở Ngoại vụ", VHTTDL, BAO_CHI, LIEN_QUAN_DP]),
    "II.3.4": ([STTTT], ["Sở Ngoại vụ", VHTTDL, LIEN_QUAN_DP]),
    "II.4.1": ([BDBP], [STTTT, BAO_CHI, LIEN_QUAN_DP]),
    "II.4.2": (
        ["Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn"],
        [STTTT, BDBP, "các cơ quan, đơn vị liên quan"],
    ),
    "II.4.3": ([STTTT], ["Các doanh nghiệp viễn thông trên địa bàn tỉnh", HUYEN, LIEN_QUAN]),
    "II.5": ([STTTT], ["Ban Tuyên giáo Tỉnh ủy", "Văn phòng UBND tỉnh", "Công an tỉnh", LIEN_QUAN_DP]),
    "II.6": (["Sở Kế hoạch và Đầu tư"], ["Văn phòng UBND tỉnh", STTTT, "Sở Ngoại vụ", VHTTDL, LIEN_QUAN]),
    "IV.1": ([STTTT], []),
    "IV.2": (["Sở Tài chính"], []),
    "IV.3": (["Các sở, ban, ngành tỉnh", HUYEN], []),
}


@pytest.fixture(scope="module")
def seed() -> dict:
    return parse_file(SEED)


def test_task_codes_in_order(seed):
    assert [t["code"] for t in seed["tasks"]] == list(EXPECTED_UNITS)


@pytest.mark.parametrize("code", list(EXPECTED_UNITS))
def test_units_per_task(seed, code):
    task = next(t for t in seed["tasks"] if t["code"] == code)
    leads, coords = EXPECTED_UNITS[code]
    assert [m["text"] for m in task["lead"]] == leads
    assert [m["text"] for m in task["coordinating"]] == coords
    for m in task["lead"] + task["coordinating"]:
        assert m["unit"] is None and m["group"] is None
    assert task["warnings"] == ([] if leads else ["no lead unit"])


def test_scopes(seed):
    tasks = {t["code"]: t for t in seed["tasks"]}
    assert [(m["text"], m["scope"]) for m in tasks["II.3.1.b"]["lead"]] == [
        ("Văn phòng UBND tỉnh", "đối với nội dung trên Cổng thông tin điện tử tỉnh"),
        (STTTT, "đối với nội dung trên internet, mạng xã hội"),
    ]
    others = [m for t in seed["tasks"] if t["code"] != "II.3.1.b" for m in t["lead"] + t["coordinating"]]
    assert all(m["scope"] is None for m in others)


def test_training_task_attributes(seed):
    task = seed["tasks"][1]
    assert task["code"] == "II.2"
    assert task["title"] == "Tập huấn, bồi dưỡng nghiệp vụ"
    assert task["timeframe"] == {
        "label": "Quý II/2021",
        "start": "2021-04-01",
        "end": "2021-06-30",
        "recurring": False,
        "inherited": False,
    }
    assert task["form"] == "tổ chức hội nghị tập huấn"
    assert task["audience"] == (
        "cán bộ, công chức, viên chức từ tỉnh đến cơ sở; các doanh nghiệp trên địa bàn tỉnh; phóng viên, "
        "biên tập viên cơ quan báo chí địa phương; cán bộ phụ trách thông tin đối ngoại khu vực biên giới"
    )
    assert task["budget"] is None
    assert task["content"].startswith("Nội dung\n- Chủ trương, đường lối, định hướng của Đảng")
    # Unit lines never reach the content.
    assert "Đơn vị" not in task["content"]


def test_other_tasks_default_to_plan_year(seed):
    for task in seed["tasks"]:
        if task["code"] != "II.2":
            assert task["timeframe"] == YEAR_2021, task["code"]


def test_titles_and_content(seed):
    tasks = {t["code"]: t for t in seed["tasks"]}
    assert tasks["II.1"]["title"] == "Xây dựng văn bản chỉ đạo, điều hành hoạt động TTĐN"
    assert tasks["II.1"]["content"].startswith("Xây dựng và ban hành văn bản quy định")
    assert tasks["II.3.3.b"]["title"] == "Hợp tác sản xuất chương trình quảng bá về Lạng Sơn"
    assert tasks["II.3.4"]["title"] == "Sản xuất ấn phẩm, tài liệu về thông tin đối ngoại"
    assert tasks["II.3.4"]["form"] == "biên tập thành sách, các file hình ảnh hoặc video clip"
    # The paragraph broken by a blank line ("...; thực" / "hiện ...") is rejoined.
    assert "; thực hiện các nội dung về truyền thông" in tasks["II.3.2"]["content"]
    assert "; tăng cường mối quan hệ hữu nghị" in tasks["II.6"]["content"]
    assert tasks["IV.2"]["title"].startswith("Sở Tài chính tham mưu cho UBND tỉnh")
    # The closing sentence belongs to the section, not to task IV.3.
    assert "nghiêm túc" not in tasks["IV.3"]["content"]
    # Markdown emphasis is stripped from the headings.
    assert tasks["II.4.1"]["title"].startswith("Tổ chức tuyên truyền về phong trào")


def test_document(seed):
    assert seed["document"] == {
        "issuer": "UBND tỉnh Lạng Sơn",
        "kind": "KH",
        "number": None,
        "place": "Lạng Sơn",
        "date": "2020-11",
        "title": "Hoạt động thông tin đối ngoại trên địa bàn tỉnh Lạng Sơn năm 2021",
        "year": 2021,
        "legal_basis": [
            "Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ về quản lý hoạt động thông tin đối ngoại",
            "Thông tư số 22/2016/TT-BTTTT ngày 19/10/2016 của Bộ trưởng Bộ Thông tin và Truyền thông hướng dẫn "
            "quản lý hoạt động thông tin đối ngoại của các tỉnh, thành phố trực thuộc Trung ương",
        ],
        "signer": {"name": "Nguyễn Long Hải", "title": "PHÓ CHỦ TỊCH", "authority": "KT. CHỦ TỊCH"},
        "recipients": [
            "Bộ Thông tin và Truyền thông",
            "Chủ tịch, các Phó chủ tịch UBND tỉnh",
            "Ban Tuyên giáo Tỉnh ủy",
            "Các sở, ban, ngành, đoàn thể tỉnh",
            "UBND các huyện, thành phố",
            "C, PVP UBND tỉnh, các Phòng: KGVX, THNC, TTTH-CB",
            "Lưu: VT, KGVX(HTHT)",
        ],
    }
    assert seed["warnings"] == []


def test_sections_outline(seed):
    def codes(sections):
        return [(s["code"], codes(s["children"])) for s in sections]

    tree = dict(codes(seed["sections"]))
    assert list(tree) == ["I", "II", "III", "IV"]
    assert [c for c, _ in tree["I"]] == ["I.1", "I.2", "I.3", "I.4"]
    assert [c for c, _ in tree["II"]] == ["II.1", "II.2", "II.3", "II.4", "II.5", "II.6"]
    ii = dict(tree["II"])
    assert [c for c, _ in ii["II.2"]] == ["II.2.1", "II.2.2", "II.2.3", "II.2.4", "II.2.5"]
    assert [c for c, _ in dict(ii["II.3"])["II.3.1"]] == ["II.3.1.a", "II.3.1.b", "II.3.1.c"]
    assert tree["III"] == []
    titles = {s["code"]: s["title"] for s in seed["sections"]}
    assert titles == {
        "I": "MỤC ĐÍCH, YÊU CẦU",
        "II": "NỘI DUNG",
        "III": "KINH PHÍ THỰC HIỆN",
        "IV": "TỔ CHỨC THỰC HIỆN",
    }


def test_json_serialisable_and_nfc(seed):
    import unicodedata

    text = json.dumps(seed, ensure_ascii=False)
    assert unicodedata.normalize("NFC", text) == text


def test_resolver_called_with_plan_date():
    calls: list[tuple[str, dt.date]] = []

    def resolve(text: str, when: dt.date) -> tuple[str | None, str | None]:
        calls.append((text, when))
        if text == STTTT:
            return "so-thong-tin-va-truyen-thong", None
        if text == BO_NGANH:
            return None, "provincial-departments"
        return None, None

    result = parse_bytes(SEED.read_bytes(), SEED.name, resolve=resolve)
    assert calls and {when for _, when in calls} == {dt.date(2020, 11, 1)}
    task = result["tasks"][1]
    assert task["lead"][0] == {
        "text": STTTT,
        "scope": None,
        "unit": "so-thong-tin-va-truyen-thong",
        "group": None,
    }
    assert task["coordinating"][0]["group"] == "provincial-departments"


def test_resolver_errors_propagate():
    def resolve(text: str, when: dt.date) -> tuple[str | None, str | None]:
        raise LookupError("directory offline")

    with pytest.raises(LookupError):
        parse_bytes(SEED.read_bytes(), SEED.name, resolve=resolve)
