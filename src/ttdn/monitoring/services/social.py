"""Import of social-listening exports into the article store, all or nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.models import User
from ttdn.core.text import fold
from ttdn.monitoring.analysis.dedup import normalize_url, url_id
from ttdn.monitoring.analysis.extract import Extracted
from ttdn.monitoring.analysis.pipeline import analyze_extracted
from ttdn.monitoring.analysis.social_import import Report, parse_export
from ttdn.monitoring.analysis.topic_model import combine

from ..models import Article, Source
from .ingest import _aware
from .topics import active_topic_model

TITLE_CHARS = 120


@transaction.atomic
def social_import(*, actor: User | None, source: Source, data: bytes, filename: str) -> tuple[Report, dict]:
    """Validate the whole file first; with any error nothing is written and the report says which lines."""
    from ttdn.monitoring.gazetteer import build_gazetteer

    if source.kind != Source.Kind.SOCIAL:
        raise ValidationError(_("Choose a source of the kind “social-listening exports”."))
    report = parse_export(data, filename)
    counts = {"rows": len(report.posts) + len(report.errors), "new": 0, "duplicates": 0, "relevant": 0}
    if not report.ok:
        return report, counts
    gazetteer = build_gazetteer()
    topic_model = active_topic_model()
    now = timezone.now()
    hashes = {url_id(post.url): post for post in report.posts}
    known = set(Article.objects.filter(url_hash__in=hashes).values_list("url_hash", flat=True))
    for url_hash, post in hashes.items():
        if url_hash in known:
            counts["duplicates"] += 1
            continue
        title = (
            post.text if len(post.text) <= TITLE_CHARS else post.text[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"
        )
        result = analyze_extracted(Extracted(title, post.text, post.published, "import"), gazetteer)
        if topic_model is not None and result["relevant"]:
            result["topics"] = combine(result["topics"], topic_model.probabilities([post.text[:3000]])[0])
        Article.objects.create(
            source=source,
            url=normalize_url(post.url),
            url_hash=url_hash,
            title=title[:500],
            text=post.text,
            text_folded=fold(post.text),
            published_at=_aware(post.published),
            fetched_at=now,
            relevance_score=result["relevance_score"],
            relevant=result["relevant"],
            matched=result["matched"],
            sentiment=result["sentiment"],
            topics=result["topics"],
        )
        counts["new"] += 1
        counts["relevant"] += result["relevant"]
    source.last_success_at = source.last_polled_at = now
    source.items_seen, source.items_new = len(report.posts), counts["new"]
    source.save(update_fields=["last_success_at", "last_polled_at", "items_seen", "items_new"])
    audit.record(
        actor=actor, action="monitoring.social_import", obj=source, changes={"file": filename, **counts}
    )
    return report, counts
