"""Gazetteer matching and relevance (pure: no Django)."""

import pytest

from ttdn.monitoring.analysis.gazetteer import strip_boilerplate

from .sample import sample_gazetteer

G = sample_gazetteer()
FILLER = " Bài viết nói về tình hình kinh tế - xã hội trong tháng qua với nhiều chuyển biến."


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Huyện Lạng Giang, tỉnh Bắc Giang mở rộng vùng vải.", []),
        ("Tỉnh Sơn La đón khách tham quan mùa hoa mận.", []),
        ("Làng Sơn Đồng nổi tiếng với nghề tạc tượng.", []),  # folds to "lang son" but tones differ
        ("Du khách lên Mẫu Sơn săn mây.", ["Mẫu Sơn"]),
        ("Đoàn công tác làm việc tại Lạng Sơn.", ["Lạng Sơn"]),
        ("Doan cong tac lam viec tai Lang Son.", ["Lạng Sơn"]),  # an untoned copy still matches
        ("LẠNG SƠN: KHAI MẠC LỄ HỘI", ["Lạng Sơn"]),
        ("Huyện Cao Lộc có nhiều cửa khẩu.", ["Cao Lộc"]),
        ("Xã Cao Lộc Bình không tồn tại, nhưng Cao Lộcx cũng không.", ["Cao Lộc"]),
        ("Xe hàng qua cửa khẩu Tân Thanh.", ["cửa khẩu Tân Thanh"]),
        ("Xã Tân Thành, huyện Hữu Lũng.", ["Tân Thành", "Hữu Lũng"]),  # Tân Thành is not Tân Thanh
        ("Quan hệ hữu nghị Việt - Trung và nền hòa bình khu vực.", []),  # lower case: common words
        ("Khách tham quan Hữu Nghị Quan.", ["Hữu Nghị Quan"]),
        ("UBND tỉnh Lạng Sơn họp thường kỳ.", ["UBND tỉnh Lạng Sơn"]),  # longest match wins
    ],
)
def test_lookalikes_and_word_boundaries(text, found):
    assert [t.text for t in G.find(text)] == found


def test_generic_names_count_only_with_the_province():
    alone = G.relevance("Xã Hòa Bình và xã Quang Trung tổ chức ngày hội đại đoàn kết." + FILLER)
    assert alone.score == 0 and not alone.relevant and alone.matched == []
    assert {m.term.text for m in alone.matches} == {"Hòa Bình", "Quang Trung"}
    assert not any(m.counted for m in alone.matches)
    together = G.relevance("Xã Hòa Bình, tỉnh Lạng Sơn tổ chức ngày hội đại đoàn kết." + FILLER)
    assert together.matched == ["tỉnh Lạng Sơn", "Hòa Bình"]


@pytest.mark.parametrize(
    "text",
    [
        "Phóng viên tại Lạng Sơn",
        "Bài và ảnh: Trần Thu (Phóng viên thường trú tại Lạng Sơn)",
        "Theo báo Lạng Sơn",
        "Nguồn: Báo Lạng Sơn điện tử",
        "Địa chỉ: 20 Trần Đăng Ninh, phường Đông Kinh, tỉnh Lạng Sơn",
        "Trụ sở: Số 2 Hoàng Văn Thụ, thành phố Lạng Sơn",
        "© 2026 Bản quyền thuộc Báo Lạng Sơn",
        "Copyright 2026 Báo Lạng Sơn. Giấy phép số 12/GP-BTTTT",
    ],
)
def test_bylines_addresses_and_footers_are_not_counted(text):
    body = "Xuất khẩu nông sản cả nước tăng 12% trong quý I." + FILLER
    assert G.relevance(f"{body}\n{text}").matched == []
    assert "lang son" not in strip_boilerplate(text).folded


def test_a_real_mention_next_to_a_byline_still_counts():
    text = "Đoàn công tác của tỉnh Lạng Sơn thăm cửa khẩu Tân Thanh.\nPhóng viên tại Lạng Sơn"
    rel = G.relevance(text)
    assert rel.relevant and rel.matched == ["cửa khẩu Tân Thanh", "tỉnh Lạng Sơn"]
    assert [m.body for m in rel.matches] == [1, 1]


def test_relevance_is_explainable_and_title_weighs_more():
    body = "Người dân đón Tết." + FILLER + " Nhiều du khách đến Lạng Sơn."
    in_body = G.relevance(body)
    in_title = G.relevance(body, title="Lạng Sơn đón khách")
    assert not in_body.relevant and 0 < in_body.score < 0.5  # one passing mention is not enough
    assert in_title.relevant and in_title.score > in_body.score
    assert in_title.explain() == [
        {"term": "Lạng Sơn", "kind": "province", "title": 1, "body": 1, "counted": True, "evidence": 3.0}
    ]
    assert 0 <= in_title.score <= 1


def test_tone_placement_variants_match():
    assert [t.text for t in G.find("Xã Hoà Bình, tỉnh Lạng Sơn")] == ["Hòa Bình", "tỉnh Lạng Sơn"]


def test_the_factored_patterns_match_what_longest_first_alternations_match():
    import re
    from pathlib import Path

    from ttdn.monitoring.analysis import sentiment
    from ttdn.monitoring.analysis.extract import extract
    from ttdn.monitoring.analysis.matching import Aligned
    from ttdn.monitoring.analysis.topics import TopicClassifier

    pages = [extract(p.read_bytes()) for p in sorted((Path(__file__).parent / "data").glob("*.html"))]
    texts = [f"{page.title}\n{page.text}" for page in pages] + [
        "Lạng  Sơn, lang son, LẠNG SƠN, Lạng Sơnx, xLạng Sơn, Đồng Đăng-Lạng Sơn, cửa khẩu Hữu Nghị tăng mạnh."
    ]
    compared = 0
    for matcher in (sample_gazetteer()._matcher, sentiment._LEXICON, TopicClassifier()._matcher):
        keys = sorted(matcher._by_key, key=len, reverse=True)
        flat = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)
        flat_regex = re.compile(rf"(?<![a-z0-9])(?:{flat})(?![a-z0-9])")
        for text in texts:
            folded = Aligned.of(text).folded
            expected = [m.span() for m in flat_regex.finditer(folded)]
            assert [m.span() for m in matcher._regex.finditer(folded)] == expected
            compared += len(expected)
    assert compared > 50
