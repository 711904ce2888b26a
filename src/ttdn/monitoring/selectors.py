"""Reads for press monitoring: the article stream and the health of the sources."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ttdn.core.text import fold

from .models import Article, Source


def article_stream(
    *,
    query: str = "",
    relevant_only: bool = True,
    sentiment: str = "",
    topic: str = "",
    source_id: int | None = None,
) -> QuerySet[Article]:
    """Accepted articles, newest first; ``query`` matches every word, whatever the tones or đ."""
    articles = (
        Article.objects.filter(rejected_reason="").select_related("source", "cluster").defer("raw_html_gz")
    )
    if relevant_only:
        articles = articles.filter(relevant=True)
    if sentiment:
        articles = articles.filter(sentiment=sentiment)
    if source_id:
        articles = articles.filter(source_id=source_id)
    for word in fold(query).split():
        articles = articles.filter(text_folded__contains=word)
    if topic:
        # JSON containment is not available on SQLite: match the quoted code in the stored list.
        articles = articles.filter(Q(topics__icontains=f'"{topic}"'))
    return articles.order_by("-published_at", "-fetched_at")


def source_health() -> QuerySet[Source]:
    return Source.objects.order_by("-enabled", "name")


def topic_choices() -> list[str]:
    codes: set[str] = set()
    for topics in Article.objects.filter(relevant=True).values_list("topics", flat=True)[:2000]:
        codes.update(topics or [])
    return sorted(codes)
