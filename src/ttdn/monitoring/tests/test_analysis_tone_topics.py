"""Sentiment baseline and topic rules (pure: no Django)."""

from pathlib import Path

import pytest

from ttdn.monitoring.analysis import sentiment
from ttdn.monitoring.analysis.extract import extract
from ttdn.monitoring.analysis.pipeline import CONTRACT_KEYS, analyze
from ttdn.monitoring.analysis.topics import TopicClassifier, TopicRule

from .sample import sample_gazetteer

DATA = Path(__file__).parent / "data"
G = sample_gazetteer()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Kinh tế tăng trưởng khá, thu hút đầu tư thành công.", "positive"),
        ("Dự án triển khai không hiệu quả, chưa thành công như kỳ vọng.", "negative"),
        ("Đường dây buôn lậu bị triệt phá, thu giữ nhiều hàng lậu.", "negative"),
        ("Không để xảy ra ùn tắc tại cửa khẩu dịp cao điểm.", "positive"),  # negated negative
        ("Mưa lớn gây sạt lở, thiệt hại nhiều nhà dân.", "negative"),
        ("Hội nghị diễn ra vào sáng nay tại hội trường.", "neutral"),
        ("Cảnh giác với tin giả và lừa đảo qua mạng.", "negative"),
    ],
)
def test_sentiment_rules(text, label):
    assert sentiment.score(text).label == label


def test_intensifier_and_focus_weighting():
    plain = sentiment.score("Thiệt hại do mưa lũ.")
    strong = sentiment.score("Thiệt hại rất nghiêm trọng do mưa lũ.")
    assert strong.negative >= plain.negative
    # A good sentence about elsewhere and a bad one about the province: the province's sentence wins.
    text = "Tỉnh bạn tăng trưởng tốt, thành công lớn. Tại Lạng Sơn xảy ra ùn tắc, thiệt hại nặng."
    assert sentiment.score(text, focus=G.mentions_within).label == "negative"
    assert sentiment.score(text).balance > sentiment.score(text, focus=G.mentions_within).balance


def test_a_sentence_is_about_the_province_when_a_place_hit_lies_inside_it():
    text = "Tỉnh bạn tăng trưởng tốt. Tại Lạng Sơn xảy ra ùn tắc. Phóng viên tại Lạng Sơn."
    first, second = text.index("Tỉnh"), text.index("Tại")
    assert not G.mentions_within(text, first, second)
    assert G.mentions_within(text, second, text.index("Phóng"))
    assert not G.mentions_within(text, text.index("Phóng"), len(text))  # a byline, blanked out


@pytest.mark.parametrize(
    ("text", "title", "codes"),
    [
        ("Du khách đổ về khu du lịch, lượt khách tăng mạnh.", "", ["du-lich"]),
        (
            "Kim ngạch xuất nhập khẩu qua cửa khẩu tăng, hàng hóa thông quan nhanh.",
            "",
            ["thuong-mai-cua-khau"],
        ),
        ("Bộ đội biên phòng bắt giữ đối tượng buôn lậu.", "", ["an-ninh-buon-lau"]),
        ("Mưa lũ gây sạt lở đất.", "", ["thien-tai"]),
        ("Hội đàm với đoàn Quảng Tây.", "Hợp tác với Quảng Tây", ["hop-tac-quang-tay"]),
        ("Nông dân thu hoạch hoa hồi.", "", ["nong-nghiep"]),
        ("Dự án khu công nghiệp được cấp giấy chứng nhận đầu tư.", "", ["dau-tu"]),
        ("Họp giao ban định kỳ.", "", []),
        ("Lễ hội ở một di tích.", "", ["van-hoa"]),  # "lễ hội" counts for culture and tourism
    ],
)
def test_topic_rules(text, title, codes):
    assert TopicClassifier().classify(text, title) == codes


def test_topic_rules_are_configurable():
    rules = [TopicRule("giao-duc", "Giáo dục", ("trường học", "học sinh"), min_score=1)]
    assert TopicClassifier(rules).classify("Học sinh vùng cao đến trường học.") == ["giao-duc"]


EXPECTED = {
    "mau_son_tourism.html": (True, "positive", "du-lich"),
    "tan_thanh_smuggling.html": (True, "negative", "an-ninh-buon-lau"),
    "lang_giang_bac_giang.html": (False, None, "nong-nghiep"),
    "national_byline_only.html": (False, None, None),
    "day_first_date.html": (True, "negative", "thien-tai"),
    "cp1258_na_chi_lang.html": (True, "positive", "nong-nghiep"),
    "windows1252_na_nua.html": (True, None, "thuong-mai-cua-khau"),
    "broken_markup.html": (True, "positive", "hop-tac-quang-tay"),
    "listing_page.html": (False, "neutral", None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pipeline_contract_on_fixtures(name):
    relevant, tone, topic = EXPECTED[name]
    result = analyze((DATA / name).read_bytes(), f"https://example.vn/{name}", G)
    assert tuple(result) == CONTRACT_KEYS
    assert result["relevant"] is relevant
    assert 0 <= result["relevance_score"] <= 1 and isinstance(result["text_chars"], int)
    assert result["sentiment"] in ("positive", "neutral", "negative")
    if tone:
        assert result["sentiment"] == tone
    if topic:
        assert topic in result["topics"]
    if not relevant:
        assert result["matched"] == [] or result["relevance_score"] < 0.5
    assert extract((DATA / name).read_bytes()).title == result["title"]
