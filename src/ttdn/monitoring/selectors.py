"""Reads for press monitoring: the article stream and the health of the sources."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, ExpressionWrapper, Min, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ttdn.core.classification import may_see, record_access, visible_levels

from .analysis.forecast import MIN_HISTORY, Backtest, Forecast, backtest, fit_forecast
from .analysis.topics import DEFAULT_RULES, TopicClassifier
from .models import Article, Case, Source, TopicLabel
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


def source_health(*, now: datetime.datetime | None = None) -> QuerySet[Source]:
    """Sources with ``polling``: a worker has been handed their poll and has not reported back yet."""
    now = now or timezone.now()
    return Source.objects.annotate(
        polling=ExpressionWrapper(Q(poll_claimed_until__gt=now), output_field=BooleanField())
    ).order_by("-enabled", "name")


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


FORECAST_HISTORY_DAYS = 16 * 7
BACKTEST_WEEKS = 6


@dataclass(frozen=True)
class VolumeForecast:
    topic: str
    days: list[datetime.date]  # full days of history, oldest first, ending yesterday
    counts: list[int]
    future: list[datetime.date]
    forecast: Forecast | None  # None: fewer than MIN_HISTORY days of archive
    backtest: Backtest | None

    @property
    def enough(self) -> bool:
        return self.forecast is not None


def volume_forecast(*, topic: str = "", today: datetime.date | None = None) -> VolumeForecast:
    """Relevant articles per local day (all topics, or one) over the last 16 full weeks, and the
    statistical projection of the next seven days. Two queries: where the archive starts, daily counts."""
    today = today or timezone.localdate()
    end = _local_midnight(today)  # today is not over: its count would look like a drop
    relevant = Article.objects.filter(relevant=True, rejected_reason="")
    first = relevant.filter(published_at__lt=end).aggregate(first=Min("published_at"))["first"]
    # Days before the monitoring started are unknown, not zero.
    start_day = (
        max(today - datetime.timedelta(days=FORECAST_HISTORY_DAYS), timezone.localtime(first).date())
        if first is not None
        else today
    )
    articles = relevant.filter(published_at__gte=_local_midnight(start_day), published_at__lt=end)
    if topic:
        articles = articles.filter(Q(topics__icontains=f'"{topic}"'))
    per_day = dict(
        articles.annotate(day=TruncDate("published_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    days = [start_day + datetime.timedelta(days=i) for i in range((today - start_day).days)]
    counts = [per_day.get(day, 0) for day in days]
    future = [today + datetime.timedelta(days=i) for i in range(7)]
    forecast = tested = None
    if len(counts) >= MIN_HISTORY:
        forecast = fit_forecast(counts)
        tested = backtest(counts, weeks=BACKTEST_WEEKS)
    return VolumeForecast(topic, days, counts, future, forecast, tested)


@dataclass(frozen=True)
class TopicExplanation:
    code: str
    name: str
    assigned: bool
    phrases: list[str]  # what the rule found (title hits first)
    rule_score: float
    rule_matched: bool
    probability: float | None  # the classifier's, None before any training or for a topic it lacks
    confident: bool


def access_article(*, user, pk: int) -> Article:
    """Any signed-in user reads the stream, so any signed-in user opens an article."""
    if not user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(
        Article.objects.select_related("source", "cluster").defer("raw_html_gz", "minhash"), pk=pk
    )


def article_page(article: Article) -> dict:
    """The article with why it has its topics: the rules' phrases and score, the classifier's probability."""
    from .analysis.topic_model import THRESHOLD
    from .services.tone import article_text
    from .services.topics import active_topic_model

    rules = TopicClassifier(DEFAULT_RULES)
    phrases = rules.explain(article.text, article.title)
    scores = rules.scores(article.text, article.title)
    model = active_topic_model()
    probabilities = model.probabilities([article_text(article)])[0] if model is not None else {}
    explained = []
    for rule in DEFAULT_RULES:
        probability = probabilities.get(rule.code)
        explained.append(
            TopicExplanation(
                code=rule.code,
                name=rule.name,
                assigned=rule.code in (article.topics or []),
                phrases=sorted(set(phrases.get(rule.code, []))),
                rule_score=scores.get(rule.code, 0.0),
                rule_matched=scores.get(rule.code, 0.0) >= rule.min_score,
                probability=probability,
                confident=probability is not None and probability >= THRESHOLD,
            )
        )
    return {
        "article": article,
        "topics": explained,
        "topic_label": TopicLabel.objects.select_related("labelled_by").filter(article=article).first(),
        "topic_model_version": model.version if model is not None else None,
    }
