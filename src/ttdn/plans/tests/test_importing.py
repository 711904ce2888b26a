import datetime
from dataclasses import dataclass

import pytest

from ttdn.plans.importing import content_key, contract_view, match_tasks, reference_date


@dataclass
class Existing:
    code: str
    title: str
    content: str = ""

    @property
    def content_key(self) -> str:
        return content_key(self.title, self.content)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"date": "2021-01-29", "year": 2021}, datetime.date(2021, 1, 29)),
        ({"date": "2020-11", "year": 2021}, datetime.date(2020, 11, 1)),
        ({"date": "2020", "year": 2021}, datetime.date(2020, 1, 1)),
        ({"date": None, "year": 2022}, datetime.date(2022, 1, 1)),
        ({"date": "2021-02-30", "year": 2021}, datetime.date(2021, 1, 1)),
    ],
)
def test_reference_date(document, expected):
    assert reference_date(document) == expected


def test_matching_prefers_code_and_text_then_text_then_similar_titles():
    existing = [
        Existing("II.1", "Xây dựng văn bản chỉ đạo"),
        Existing("II.2", "Tập huấn nghiệp vụ thông tin đối ngoại"),
        Existing("II.3", "Quảng bá hình ảnh trên mạng xã hội"),
        Existing("II.4", "Nhiệm vụ bị bỏ"),
    ]
    parsed = [
        {"code": "II.1", "title": "Xây dựng văn bản chỉ đạo", "content": ""},
        {"code": "II.3", "title": "Tập huấn nghiệp vụ thông tin đối ngoại", "content": ""},  # renumbered
        {
            "code": "II.4",
            "title": "Quảng bá hình ảnh tỉnh trên mạng xã hội và báo chí",
            "content": "",
        },  # edited
        {"code": "II.5", "title": "Một nhiệm vụ hoàn toàn mới", "content": ""},
    ]
    matches, gone = match_tasks(existing, parsed)
    assert [(m.change, m.existing.code if m.existing else None) for m in matches] == [
        ("same", "II.1"),
        ("renumbered", "II.2"),
        ("changed", "II.3"),
        ("new", None),
    ]
    assert [t.code for t in gone] == ["II.4"]


def test_contract_view_drops_review_annotations():
    parsed = {
        "tasks": [
            {
                "code": "1",
                "lead": [{"text": "Sở X", "scope": None, "unit": "x", "group": None, "method": "exact"}],
                "coordinating": [],
            }
        ]
    }
    assert contract_view(parsed)["tasks"][0]["lead"] == [
        {"text": "Sở X", "scope": None, "unit": "x", "group": None}
    ]
