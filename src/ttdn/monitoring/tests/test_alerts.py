import datetime

import pytest
from django.contrib.auth.models import Permission

from ttdn.monitoring.alerts import send_alerts
from ttdn.monitoring.analysis.alerts import silent, spike
from ttdn.monitoring.models import Article, Source
from ttdn.plans.models import Notification

NOW = datetime.datetime(2026, 3, 20, 3, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("today", "previous", "alert"),
    [
        (12, [1, 2, 1, 0, 2, 1, 1, 2, 1, 0, 1, 2, 1, 1], True),
        (3, [1, 2, 1, 0, 2, 1, 1, 2, 1, 0, 1, 2, 1, 1], False),  # within the usual spread
        (1, [0] * 14, False),  # 0 → 1 is not a spike
        (3, [0] * 14, True),  # 0 → 3 is
        (30, [20, 25, 30, 22, 28, 24, 26, 21, 29, 23, 27, 25, 24, 26], False),  # a busy topic on a busy day
    ],
)
def test_spike_rule(today, previous, alert):
    assert (spike("t", today, previous) is not None) == alert


def test_silent_rule():
    assert silent(0, 2.0) and not silent(1, 2.0) and not silent(0, 0.2)


def _articles(source, n, *, hours_ago, topics=("an-ninh-buon-lau",), start=0):
    for i in range(n):
        when = NOW - datetime.timedelta(hours=hours_ago)
        Article.objects.create(
            source=source,
            url=f"https://x.vn/{start + i}",
            url_hash=f"{start + i}",
            title="t",
            fetched_at=when,
            published_at=when,
            relevant=True,
            relevance_score=0.9,
            topics=list(topics),
        )


@pytest.mark.django_db
def test_spike_and_silent_source_notify_the_focal_staff_once(focal_officer, unit_officer):
    focal_officer.user_permissions.add(Permission.objects.get(codename="add_source"))
    busy = Source.objects.create(name="Tin Biên Giới", url="https://tbg.example.vn/rss")
    quiet = Source.objects.create(name="Báo Im Lặng", url="https://im.example.vn/rss")
    for day in range(1, 15):
        _articles(busy, 1, hours_ago=24 * day + 5, start=day * 100)
        _articles(quiet, 2, hours_ago=24 * (day + 2) + 5, topics=("du-lich",), start=10_000 + day * 100)
    _articles(busy, 9, hours_ago=2, start=5000)  # smuggling stories pile up today

    sent = send_alerts(now=NOW)
    messages = list(Notification.objects.filter(user=focal_officer).values_list("kind", "message"))
    assert sent == 2 and {kind for kind, _ in messages} == {"press_spike", "press_silent"}
    assert any("An ninh" in m or "buôn lậu" in m.lower() for _, m in messages)
    assert not Notification.objects.filter(user=unit_officer).exists()  # not monitoring staff
    assert send_alerts(now=NOW + datetime.timedelta(hours=1)) == 0  # same day: nothing again
