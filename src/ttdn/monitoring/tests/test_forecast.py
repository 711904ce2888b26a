"""The volume projection page: daily counts read in two queries, the chart, the backtest, short archives."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from ttdn.monitoring.models import Article
from ttdn.monitoring.selectors import volume_forecast

from .factories import WEEK, press_source, weekly_archive

pytestmark = pytest.mark.django_db


def _archive(days: int, *, today: datetime.date) -> None:
    """``days`` full days before today, WEEK articles a day (two of them on tourism), at 23:30 local time
    so a UTC date would put them on the next day."""
    source = press_source()
    rows = weekly_archive(source, days=days, today=today, at=datetime.time(23, 30))
    # Not relevant, rejected, or today's (incomplete) articles are not counted.
    now = timezone.now()
    rows.append(
        Article(
            source=source,
            url="https://x.vn/1",
            url_hash="x1",
            published_at=now,
            fetched_at=now,
            relevant=True,
            relevance_score=0.9,
        )
    )
    rows.append(
        Article(
            source=source,
            url="https://x.vn/2",
            url_hash="x2",
            fetched_at=now,
            published_at=now - datetime.timedelta(days=2),
        )
    )
    Article.objects.bulk_create(rows)


def test_selector_counts_local_days_in_two_queries(django_assert_num_queries):
    today = timezone.localdate()
    _archive(35, today=today)
    with django_assert_num_queries(2):
        total = volume_forecast(today=today)
    assert len(total.days) == 35 and total.days[-1] == today - datetime.timedelta(days=1)
    assert total.counts == [WEEK[d.weekday()] for d in total.days]
    assert total.future[0] == today and len(total.future) == 7
    assert total.forecast is not None and total.backtest is not None and total.backtest.weeks == 3
    assert [round(p) for p in total.forecast.point] == [WEEK[d.weekday()] for d in total.future]
    tourism = volume_forecast(topic="du-lich", today=today)
    assert set(tourism.counts) == {2}


def test_page_draws_history_projection_band_and_backtest(client, reader):
    _archive(28, today=timezone.localdate())
    client.force_login(reader)
    response = client.get(reverse("monitoring:forecast"), {"topic": "du-lich"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dự báo thống kê" in html and 'id="forecast-disclaimer"' in html
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert {p.get("class") for p in root.iter(f"{ns}polygon")} == {"band wide", "band narrow"}
    assert {p.get("class") for p in root.iter(f"{ns}polyline")} == {"history", "forecast"}
    assert 'id="backtest"' in html and "(sMAPE" in html
    assert html.count("<td>2</td>") == 7  # the tourism projection: two a day, every day
    assert timezone.localdate().strftime("%d/%m/%Y") in html


def test_short_archive_says_so_without_a_chart(client, reader):
    _archive(10, today=timezone.localdate())
    client.force_login(reader)
    html = client.get(reverse("monitoring:forecast"), {"topic": "not-a-topic"}).content.decode()
    assert 'id="forecast-not-enough"' in html and "<svg" not in html and "10" in html


def test_forecast_requires_login(client):
    assert client.get(reverse("monitoring:forecast")).status_code == 302
