"""Articles for tests that need stored ones without polling a source."""

import datetime

from django.utils import timezone

from ttdn.core.text import fold
from ttdn.monitoring.models import Article, Source

WEEK = (6, 9, 9, 8, 9, 7, 2)  # articles a day in a weekly archive, Monday first


def press_source() -> Source:
    return Source.objects.create(name="Báo Lạng Sơn", url="https://baolangson.vn/rss")


def relevant_article(*, title: str, text: str, source: Source | None = None, **fields) -> Article:
    """One relevant article published now, its folded copy filled as ingestion would."""
    now = timezone.now()
    values = {
        "url": "https://baolangson.vn/a",
        "url_hash": "a" * 32,
        "published_at": now,
        "fetched_at": now,
        "relevant": True,
        "relevance_score": 0.9,
        **fields,
    }
    return Article.objects.create(
        source=source or press_source(),
        title=title,
        text=text,
        text_folded=fold(f"{title}\n{text}"),
        **values,
    )


def weekly_archive(source: Source, *, days: int, today: datetime.date, at: datetime.time) -> list[Article]:
    """``days`` full days before ``today``, WEEK articles a day at local time ``at``: two a day on tourism,
    the rest on trade (unsaved, for one bulk insert with whatever else a test adds)."""
    rows = []
    for back in range(1, days + 1):
        day = today - datetime.timedelta(days=back)
        when = timezone.make_aware(datetime.datetime.combine(day, at))
        for i in range(WEEK[day.weekday()]):
            rows.append(
                Article(
                    source=source,
                    url=f"https://baolangson.vn/{back}-{i}",
                    url_hash=f"{back:06d}{i:026d}",
                    title=f"Bài {back}-{i}",
                    published_at=when,
                    fetched_at=when,
                    relevant=True,
                    relevance_score=0.9,
                    topics=["du-lich"] if i < 2 else ["thuong-mai-cua-khau"],
                )
            )
    return rows
