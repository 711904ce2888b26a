import pytest

from ttdn.portal import selectors
from ttdn.portal.models import ArticlePage, QAItem, QAPage


@pytest.fixture
def pages(add_page, translate):
    article = add_page(
        ArticlePage(title="Ga Đồng Đăng mở thêm chuyến tàu", intro="Tàu liên vận đi Bằng Tường.")
    )
    translate(
        article,
        {
            "en": {article.title: "Đồng Đăng station adds a train"},
            "zh-hans": {article.title: "同登站增开列车"},
        },
    )
    qa = QAPage(title="Hỏi đáp thủ tục")
    qa.questions = [QAItem(question="Khách có cần thị thực không?", answer="Cần hộ chiếu còn hạn.")]
    add_page(qa)
    return article


def _titles(language, query):
    from wagtail.models import Locale

    return [p.title for p in selectors.search_pages(Locale.objects.get(language_code=language), query)]


def test_vietnamese_search_ignores_tones_and_d_stroke(pages):
    assert _titles("vi", "Dong Dang") == ["Ga Đồng Đăng mở thêm chuyến tàu"]
    assert _titles("vi", "đồng đăng") == ["Ga Đồng Đăng mở thêm chuyến tàu"]
    assert _titles("vi", "bang tuong") == ["Ga Đồng Đăng mở thêm chuyến tàu"]
    assert _titles("vi", "ho chieu") == ["Hỏi đáp thủ tục"]
    assert _titles("vi", "Hà Nội") == []


def test_search_stays_in_its_language(pages):
    assert _titles("en", "station") == ["Đồng Đăng station adds a train"]
    assert _titles("vi", "station") == []
    assert _titles("zh-hans", "同登") == ["同登站增开列车"]


def test_search_view(client, pages):
    html = client.get("/vi/search/", {"q": "Dong Dang"}).content.decode()
    assert "Ga Đồng Đăng mở thêm chuyến tàu" in html
