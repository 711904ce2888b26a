"""One HTML page in, the ``analyze_article`` contract object out."""

from __future__ import annotations

from typing import Any

from ttdn.monitoring.analysis import sentiment
from ttdn.monitoring.analysis.extract import Extracted, extract
from ttdn.monitoring.analysis.gazetteer import Gazetteer, Relevance
from ttdn.monitoring.analysis.topics import TopicClassifier

CONTRACT_KEYS = (
    "title",
    "published",
    "text_chars",
    "relevant",
    "relevance_score",
    "matched",
    "sentiment",
    "topics",
)
_TOPICS = TopicClassifier()


def analyze_extracted(
    page: Extracted, gazetteer: Gazetteer, topics: TopicClassifier = _TOPICS
) -> dict[str, Any]:
    if page.rejected_reason:
        # A listing or stub page is not an article: report what was read, claim nothing about it.
        relevance = Relevance(score=0.0, relevant=False)
        tone, codes = "neutral", []
    else:
        relevance = gazetteer.relevance(page.text, page.title)
        tone = sentiment.score(page.text, page.title, focus=gazetteer.mentions_within).label
        codes = topics.classify(page.text, page.title)
    return {
        "title": page.title,
        "published": page.published,
        "text_chars": len(page.text),
        "relevant": relevance.relevant,
        "relevance_score": relevance.score,
        "matched": relevance.matched,
        "sentiment": tone,
        "topics": codes,
    }


def analyze(html: bytes | str, url: str | None, gazetteer: Gazetteer) -> dict[str, Any]:
    """Raises :class:`~ttdn.monitoring.analysis.extract.ExtractError` for input that is not a page."""
    return analyze_extracted(extract(html, url), gazetteer)
