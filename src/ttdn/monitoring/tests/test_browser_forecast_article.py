"""In chromium: the volume projection page (band chart, its label, the topic filter) and an analyst
correcting an article's tone and topics on its page."""

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from ttdn.monitoring.models import Article, ToneLabel, TopicLabel

from .factories import press_source, relevant_article, weekly_archive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive(lang_son):
    """Five full weeks before today: WEEK articles a day, two of them on tourism, the rest on trade."""
    rows = weekly_archive(press_source(), days=35, today=timezone.localdate(), at=datetime.time(9, 0))
    Article.objects.bulk_create(rows)


def test_projection_page_draws_bands_and_filters_by_topic(page, live_server, login, reader, archive):
    login("lanhdao")
    page.goto(f"{live_server.url}/monitoring/forecast/")
    heading = page.locator("#forecast h2")
    assert heading.inner_text().startswith("Dự báo thống kê")
    chart = page.locator(".forecast-chart svg.band-chart")
    assert chart.count() == 1
    assert (
        chart.locator("polygon.band.wide").count() == 1 and chart.locator("polygon.band.narrow").count() == 1
    )
    assert chart.locator("polyline.history").count() == 1 and chart.locator("polyline.forecast").count() == 1
    assert page.locator(".forecast-table tbody tr").count() == 7
    assert "95 %" in page.locator("#backtest").inner_text()  # the measured coverage is shown

    page.select_option("#id_topic", "du-lich")
    page.click("#forecast-form button[type=submit]")
    page.wait_for_url("**/monitoring/forecast/?topic=du-lich")
    assert page.locator("#id_topic").input_value() == "du-lich"
    assert "Du lịch" in page.locator("#forecast h2").inner_text()
    # Two tourism articles every day: the projection is 2 for each of the seven days.
    projections = page.locator(".forecast-table tbody tr td:nth-child(2)").all_inner_texts()
    assert projections == ["2"] * 7


@pytest.fixture
def small_seeds(settings, tmp_path):
    """Small seed sets (the retrain after each correction runs inline in the test server; the full sets'
    cross-validation is measured in bench/, not here)."""
    settings.DATA_DIR = tmp_path
    tone = tmp_path / "tone.jsonl"
    tone.write_text(
        "\n".join(
            json.dumps({"text": text, "label": label}, ensure_ascii=False)
            for text, label in (
                ("Lạng Sơn đón lượng khách du lịch tăng mạnh.", "positive"),
                ("Kim ngạch qua cửa khẩu tăng cao.", "positive"),
                ("Lũ quét gây thiệt hại nặng ở Lạng Sơn.", "negative"),
                ("Bắt giữ vụ buôn lậu lớn qua biên giới.", "negative"),
                ("Lịch tiếp công dân tuần tới của tỉnh.", "neutral"),
                ("Thông báo tuyển dụng viên chức năm nay.", "neutral"),
            )
        ),
        encoding="utf-8",
    )
    topics = tmp_path / "topics.jsonl"
    topics.write_text(
        "\n".join(
            json.dumps({"text": text, "topics": codes}, ensure_ascii=False)
            for text, codes in (
                ("Mẫu Sơn đón nhiều du khách. Khu du lịch đông vui.", ["du-lich"]),
                ("Xe hàng qua cửa khẩu tăng. Thông quan thuận lợi.", ["thuong-mai-cua-khau"]),
                ("Lễ hội Lồng tồng được bảo tồn. Nghệ nhân hát then.", ["van-hoa"]),
            )
        ),
        encoding="utf-8",
    )
    settings.TTDN_MONITORING_TONE_SEED = str(tone)
    settings.TTDN_MONITORING_TOPIC_SEED = str(topics)


def test_analyst_corrects_tone_and_topics_on_the_article_page(
    page, live_server, login, focal_officer, small_seeds
):
    focal_officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="monitoring", codename="add_source")
    )
    article = relevant_article(
        title="Mẫu Sơn đón hàng nghìn du khách",
        text="Khu du lịch Mẫu Sơn, tỉnh Lạng Sơn, đón khách ngắm băng.",
        topics=["du-lich"],
    )
    login("chuyenvien")
    page.goto(f"{live_server.url}/monitoring/articles/{article.pk}/")
    assert page.locator("#article-tone .tone-by").get_attribute("data-tone-by") == "rules"

    page.select_option("#id_label", "negative")
    page.click("#tone-submit")
    page.wait_for_selector('#article-tone .tone-by[data-tone-by="analyst"]')
    assert page.locator("#tone-value").inner_text() == "tiêu cực"
    assert page.locator("#id_label").input_value() == "negative"

    page.uncheck('#topic-form input[value="du-lich"]')
    page.check('#topic-form input[value="van-hoa"]')
    page.check('#topic-form input[value="thuong-mai-cua-khau"]')
    page.click("#topic-submit")
    page.wait_for_selector("#topics-by-analyst")
    assert page.locator('tr.topic.assigned[data-topic="van-hoa"]').count() == 1
    assert page.locator('tr.topic.assigned[data-topic="du-lich"]').count() == 0
    assert page.locator('#topic-form input[value="thuong-mai-cua-khau"]').is_checked()

    article.refresh_from_db()
    assert (article.sentiment, article.tone_by) == ("negative", "analyst")
    assert set(article.topics) == {"van-hoa", "thuong-mai-cua-khau"}
    assert ToneLabel.objects.get().labelled_by == focal_officer
    assert set(TopicLabel.objects.get().topics) == {"van-hoa", "thuong-mai-cua-khau"}
    page.reload()  # still there on a fresh load
    assert page.locator("#tone-value").inner_text() == "tiêu cực"
    assert page.locator('tr.topic.assigned[data-topic="van-hoa"]').count() == 1
