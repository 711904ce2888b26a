"""Reads for press monitoring: the article stream and the health of the sources."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ttdn.core.classification import may_see, record_access, visible_levels

from .models import Article, Case, Source
from .search import SearchResults, full_text


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def article_stream(
    *,
    query: str = "",
    relevant_only: bool = True,
    sentiment: str = "",
    topic: str = "",
    source_id: int | None = None,
    cluster_id: int | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[Article] | SearchResults:
    """Accepted articles, newest first; with a ``query``, full-text matches best first (every word, whatever
    the tones or đ; "phrases"; -excluded)."""
    articles = (
        Article.objects.filter(rejected_reason="")
        .select_related("source", "cluster")
        # The stream shows neither the text nor the signature: loading them is most of a page's cost.
        .defer("raw_html_gz", "text", "text_folded", "minhash")
    )
    if relevant_only:
        articles = articles.filter(relevant=True)
    if sentiment:
        articles = articles.filter(sentiment=sentiment)
    if source_id:
        articles = articles.filter(source_id=source_id)
    if cluster_id:
        articles = articles.filter(cluster_id=cluster_id)
    if since:
        articles = articles.filter(published_at__gte=_local_midnight(since))
    if until:
        articles = articles.filter(published_at__lt=_local_midnight(until + datetime.timedelta(days=1)))
    if topic:
        # JSON containment is not available on SQLite: match the quoted code in the stored list.
        articles = articles.filter(Q(topics__icontains=f'"{topic}"'))
    articles = articles.order_by("-published_at", "-fetched_at")
    return full_text(articles, query)


def source_health() -> QuerySet[Source]:
    return Source.objects.order_by("-enabled", "name")


def topic_choices() -> list[str]:
    codes: set[str] = set()
    for topics in Article.objects.filter(relevant=True).values_list("topics", flat=True)[:2000]:
        codes.update(topics or [])
    return sorted(codes)


def is_monitoring_staff(user) -> bool:
    """Whoever manages press sources also corrects tones and handles rebuttal cases."""
    return user.is_authenticated and user.has_perm("monitoring.add_source")


def case_list(*, user, status: str = "") -> QuerySet[Case]:
    cases = Case.objects.select_related("assigned_to", "unit").order_by("status", "deadline", "-created_at")
    if not is_monitoring_staff(user):
        cases = cases.filter(assigned_to=user)
    if status:
        cases = cases.filter(status=status)
    return cases.filter(classification__in=visible_levels(user))


def access_case(*, user, pk: int) -> Case:
    """A case for the monitoring staff and for the officer it is assigned to; nobody else."""
    case = get_object_or_404(Case.objects.select_related("assigned_to", "unit", "opened_by"), pk=pk)
    if not (is_monitoring_staff(user) or (user.is_authenticated and case.assigned_to_id == user.pk)):
        raise PermissionDenied
    if not may_see(user, case.classification):
        raise Http404  # above the reader's clearance: as if it did not exist
    record_access(user=user, obj=case)
    return case


def case_page(case: Case, *, user=None) -> dict:
    """What the case page shows, in a fixed number of queries; ``user``: evidence above their clearance is
    left out."""
    evidence = case.evidence.select_related("added_by")
    if user is not None:
        evidence = evidence.filter(classification__in=visible_levels(user))
    return {
        "case": case,
        "articles": list(case.articles.select_related("source").defer("raw_html_gz", "text", "minhash")),
        "clusters": list(case.clusters.all()),
        "evidence": list(evidence),
        "events": list(case.events.select_related("actor")),
    }
