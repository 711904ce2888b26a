"""Writes for press monitoring: sources, and polling them into articles and clusters.

Polling does network I/O, so it never holds a transaction open across a request: each article and the
source's health are written in their own short transaction.
"""

from __future__ import annotations

import datetime
import functools
import gzip
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.models import User
from ttdn.core.text import clean, fold
from ttdn.monitoring.analysis.dedup import MinHasher, band_keys, normalize_url, url_id
from ttdn.monitoring.analysis.extract import Extracted, ExtractError, extract
from ttdn.monitoring.analysis.gazetteer import Gazetteer
from ttdn.monitoring.analysis.pipeline import analyze_extracted
from ttdn.monitoring.analysis.tone_model import ToneModel
from ttdn.monitoring.analysis.topic_model import TopicModel, combine

from ..fetching import (
    FeedError,
    FeedItem,
    FetchResult,
    PoliteFetcher,
    parse_feed,
    parse_listing,
    parse_sitemap,
)
from ..models import Article, ArticleBand, Cluster, Source

CLUSTER_THRESHOLD = 0.5  # estimated Jaccard of 5-word shingles
CLUSTER_WINDOW = datetime.timedelta(days=7)
BASE_INTERVAL = datetime.timedelta(minutes=30)
MIN_INTERVAL = datetime.timedelta(minutes=10)
MAX_INTERVAL = datetime.timedelta(hours=6)
MAX_ITEMS_PER_POLL = 50
PREFETCH = 2  # pages downloading while one is analysed
WRITE_BATCH = 25  # analysed pages stored in one transaction, at most
CANDIDATE_CHUNK = 500  # articles sharing a band, read per query
MAX_CHILD_SITEMAPS = 3  # of an index, the newest; older ones hold articles already seen
_HASHER = MinHasher()
TONE_TEXT_CHARS = 3000  # as in services.tone.article_text

URL_MAX_LENGTH: int = Article._meta.get_field("url").max_length  # type: ignore[assignment]  # url, canonical_url


# --- sources ---------------------------------------------------------------------------------


@transaction.atomic
def source_create(*, actor: User | None, name: str, url: str, kind: str = Source.Kind.RSS) -> Source:
    name, url = clean(name), url.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Enter the name of the outlet.")
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        errors["url"] = _("The address must start with http:// or https://.")
    else:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = _("Enter a valid web address.")
    if "url" not in errors and Source.objects.filter(url=url).exists():
        errors["url"] = _("This address is already monitored.")
    if kind not in Source.Kind.values:
        errors["kind"] = _("Choose a valid kind of source.")
    if errors:
        raise ValidationError(errors)
    source = Source.objects.create(name=name, url=url, kind=kind)
    audit.record(
        actor=actor, action="monitoring.source_create", obj=source, changes={"url": url, "kind": kind}
    )
    return source


@transaction.atomic
def source_set_enabled(*, actor: User | None, source: Source, enabled: bool) -> Source:
    if source.enabled != enabled:
        source.enabled = enabled
        if enabled:
            source.consecutive_failures, source.next_poll_at, source.poll_claimed_until = 0, None, None
        source.save(update_fields=["enabled", "consecutive_failures", "next_poll_at", "poll_claimed_until"])
        audit.record(
            actor=actor,
            action="monitoring.source_set_enabled",
            obj=source,
            changes={"enabled": [not enabled, enabled]},
        )
    return source


# --- polling ---------------------------------------------------------------------------------


@dataclass
class PollResult:
    source: Source
    ok: bool
    seen: int = 0
    new: int = 0
    relevant: int = 0
    rejected: int = 0
    skipped: int = 0  # pages not read this time (transient error); tried again next poll
    error: str = ""
    page_errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.ok:
            return f"{self.source.name}: FAILED {self.error}"
        text = (
            f"{self.source.name}: {self.seen} items, {self.new} new, {self.relevant} relevant, "
            f"{self.rejected} rejected"
        )
        if self.skipped:
            text += f", {self.skipped} skipped ({'; '.join(self.page_errors[:3])})"
        return text


def _aware(iso: str | None) -> datetime.datetime | None:
    if not iso:
        return None
    try:
        value = datetime.datetime.fromisoformat(iso)
    except ValueError:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)  # Asia/Ho_Chi_Minh: the outlets' own zone
    return value


def _transient(result: FetchResult) -> bool:
    """Worth another try later: throttling, server trouble, network trouble (not robots.txt, 404…)."""
    if result.ok:
        return False
    if result.status == 429 or result.status >= 500:
        return True
    return result.status == 0 and result.error.startswith(("timeout", "connection failed", "backing off"))


_CANDIDATE_FIELDS = ("id", "minhash", "cluster_id", "url_hash", "title", "fetched_at")


def _column(meta: Any, name: str) -> str:
    return connection.ops.quote_name(meta.get_field(name).column)


@functools.cache
def _band_matches_sql(vendor: str, keys: int) -> str:
    """Articles sharing a band with the new one. Built once per backend and key count: compiling the
    equivalent queryset cost more CPU than SQLite or PostgreSQL need to answer it.

    A query of its own, not a subquery of the candidates query: PostgreSQL planned ``id IN (SELECT …)`` as a
    scan of the whole clustering window probing the bands of each article (19 ms at 1 000 articles, and
    growing with the window), where the band index answers this alone in well under a millisecond.
    """
    band = ArticleBand._meta
    return (
        f"SELECT DISTINCT {_column(band, 'article')} FROM {connection.ops.quote_name(band.db_table)} "
        f"WHERE {_column(band, 'key')} IN ({', '.join(['%s'] * keys)})"
    )


@functools.cache
def _bands_insert_sql(vendor: str, rows: int) -> str:
    band = ArticleBand._meta
    return (
        f"INSERT INTO {connection.ops.quote_name(band.db_table)} ({_column(band, 'article')}, "
        f"{_column(band, 'key')}) VALUES {', '.join(['(%s, %s)'] * rows)}"
    )


@functools.cache
def _candidates_sql(vendor: str, ids: int) -> str:
    article = Article._meta
    columns = ", ".join(_column(article, name) for name in _CANDIDATE_FIELDS)
    return (
        f"SELECT {columns} FROM {connection.ops.quote_name(article.db_table)} "
        f"WHERE {_column(article, 'id')} IN ({', '.join(['%s'] * ids)}) "
        f"AND {_column(article, 'fetched_at')} >= %s AND {_column(article, 'rejected_reason')} = ''"
    )


def _assign_cluster(article: Article, now: datetime.datetime) -> None:
    """Join the most similar recent article's cluster (or start one with it), comparing only the articles
    that share an LSH band with this one; then record this article's bands for the ones to come."""
    keys = band_keys(article.minhash)
    with connection.cursor() as cursor:
        cursor.execute(_band_matches_sql(connection.vendor, len(keys)), keys)
        ids = [row[0] for row in cursor.fetchall() if row[0] != article.pk]
    cutoff = connection.ops.adapt_datetimefield_value(now - CLUSTER_WINDOW)
    # Most articles share no band with any other and need no second query. A story syndicated very widely
    # is read in chunks, well inside both backends' limits on query parameters.
    candidates: Iterable[Article] = itertools.chain.from_iterable(
        Article.objects.raw(_candidates_sql(connection.vendor, len(chunk)), [*chunk, cutoff])
        for chunk in itertools.batched(ids, CANDIDATE_CHUNK)
    )
    best: tuple[float, Article] | None = None
    for other in candidates:
        if len(other.minhash) != len(article.minhash):
            continue
        similarity = MinHasher.similarity(article.minhash, other.minhash)
        if similarity >= CLUSTER_THRESHOLD and (best is None or similarity > best[0]):
            best = (similarity, other)
    # 42 rows per article in one statement: building model instances cost more than the insert, and
    # psycopg's executemany spent a round trip per row (1.1 ms an article on PostgreSQL).
    with connection.cursor() as cursor:
        cursor.execute(
            _bands_insert_sql(connection.vendor, len(keys)), [v for key in keys for v in (article.pk, key)]
        )
    if best is None:
        return
    original = best[1]
    cluster = original.cluster
    if cluster is None:
        cluster = Cluster.objects.create(
            key=original.url_hash, title=original.title[:500], first_seen=original.fetched_at, size=1
        )
        Article.objects.filter(pk=original.pk).update(cluster=cluster)
    article.cluster = cluster
    article.save(update_fields=["cluster"])
    cluster.size = Article.objects.filter(cluster=cluster).count()
    cluster.save(update_fields=["size"])


def prune_bands(*, now: datetime.datetime | None = None) -> int:
    """Forget the bands of articles too old to be clustered with new ones; returns the rows deleted."""
    cutoff = (now or timezone.now()) - CLUSTER_WINDOW
    old = Article.objects.filter(fetched_at__lt=cutoff).values("pk")
    deleted, _counts = ArticleBand.objects.filter(article_id__in=old).delete()
    return deleted


def _prepare(
    *,
    source: Source,
    item: FeedItem,
    url: str,
    url_hash: str,
    page: FetchResult | None,
    gazetteer: Gazetteer,
    now: datetime.datetime,
    tone: ToneModel | None = None,
    topic_model: TopicModel | None = None,
) -> dict[str, Any]:
    """The article's fields: the page extracted and analysed, with no database write (see _write_batch)."""
    fields: dict[str, Any] = {
        "source": source,
        "url": url,
        "url_hash": url_hash,
        "title": clean(item.title)[:500],
        "published_at": _aware(item.published),
        "fetched_at": now,
    }
    if source.kind == Source.Kind.YOUTUBE:
        # A video's watch page is script, not prose: the feed's title and description are the text.
        summary = clean(item.summary)
        extracted = Extracted(
            title=clean(item.title),
            text=summary,
            published=item.published,
            method="feed",
            rejected_reason=None if summary or item.title else "empty video entry",
        )
    elif page is None or not page.ok:
        fields["rejected_reason"] = (page.error if page else "") or "not fetched"
        return fields
    else:
        fields["raw_html_gz"] = gzip.compress(page.body)
        if page.final_url and len(normalize_url(page.final_url)) <= URL_MAX_LENGTH:
            fields["canonical_url"] = normalize_url(page.final_url)
        try:
            extracted = extract(page.body, page.final_url or item.link)
        except ExtractError as exc:
            fields["rejected_reason"] = f"not a page: {exc}"[:300]
            return fields
    result = analyze_extracted(extracted, gazetteer)
    # fold() joins words with single spaces, so folding the title and the text apart and joining them gives
    # fold(title + text); the text's folded copy then also feeds the signature.
    text_folded = fold(extracted.text)
    fields.update(
        title=(result["title"] or fields["title"])[:500],
        text=extracted.text,
        text_folded=" ".join(part for part in (fold(result["title"]), text_folded) if part),
        published_at=_aware(result["published"]) or fields["published_at"],
        relevance_score=result["relevance_score"],
        relevant=result["relevant"],
        matched=result["matched"],
        sentiment=result["sentiment"],
        topics=result["topics"],
        rejected_reason=(extracted.rejected_reason or "")[:300],
    )
    if not extracted.rejected_reason:
        fields["minhash"] = list(_HASHER.signature(text_folded, folded=True))
        if tone is not None:
            text = f"{fields['title']}. {extracted.text}"[:TONE_TEXT_CHARS]
            fields["sentiment"], fields["tone_by"] = tone.predict([text])[0], f"model v{tone.version}"
        if topic_model is not None and fields["relevant"]:
            text = f"{fields['title']}. {extracted.text}"[:TONE_TEXT_CHARS]
            fields["topics"] = combine(fields["topics"], topic_model.probabilities([text])[0])
    return fields


def _store(pages: list[dict[str, Any]], now: datetime.datetime) -> list[Article]:
    """Insert the pages' articles in one statement, then cluster them in order (each sees the bands of
    the ones before it). Runs inside the caller's transaction. Extraction and analysis happen before: on
    SQLite a transaction holds the database's one write lock from its first statement, and the pages other
    workers are storing would wait out the whole analysis.

    One multi-row INSERT, not a ``create()`` per page: building and running the statement per page cost
    three times as much as storing the row (FTS triggers included).
    """
    articles = [Article(**fields) for fields in pages]
    Article.objects.bulk_create(articles)
    for article in articles:
        if article.minhash:
            _assign_cluster(article, now)
    return articles


def _store_each(pages: list[dict[str, Any]], now: datetime.datetime) -> list[Article]:
    """One transaction per page; a page another poll stored meanwhile (the unique url_hash) is skipped."""
    stored: list[Article] = []
    for fields in pages:
        try:
            with transaction.atomic():
                stored += _store([fields], now)
        except IntegrityError:
            continue
    return stored


def _write_batch(batch: list[dict[str, Any]], now: datetime.datetime, result: PollResult) -> None:
    """Store analysed pages in one transaction; empties ``batch``.

    One commit for several pages: a commit is the costliest part of storing a page (SQLite writes the
    article's, the full-text index's and the bands' changed pages to the log). When a page of the batch
    was stored meanwhile by another poll (the unique url_hash), nothing of the batch is kept and its pages
    are stored one per transaction, that one skipped. On PostgreSQL two workers' batches can lock the same
    clusters in opposite orders; the server then aborts one of them as a deadlock, and that batch too is
    stored one page per transaction, which locks one cluster at a time as before batching.
    """
    pages = batch[:]
    batch.clear()  # whatever happens below, these pages are not written twice
    try:
        with transaction.atomic():
            stored = _store(pages, now)
    except IntegrityError:
        stored = _store_each(pages, now)
    except OperationalError:
        if connection.vendor != "postgresql":
            raise
        stored = _store_each(pages, now)
    result.new += len(stored)
    result.relevant += sum(article.relevant for article in stored)
    result.rejected += sum(bool(article.rejected_reason) for article in stored)


def _next_interval(source: Source, seen: int, new: int) -> datetime.timedelta:
    """Adaptive: poll busy outlets more often, quiet ones less."""
    previous = BASE_INTERVAL
    if source.next_poll_at and source.last_polled_at and source.consecutive_failures == 0:
        previous = source.next_poll_at - source.last_polled_at
    if seen == 0 or new == 0:
        factor = 1.5
    elif new / seen >= 0.5:
        factor = 0.5
    elif new / seen >= 0.2:
        factor = 1.0
    else:
        factor = 1.25
    return min(MAX_INTERVAL, max(MIN_INTERVAL, previous * factor))


def _failure_interval(failures: int, retry_after: float | None) -> datetime.timedelta:
    interval = min(MAX_INTERVAL, BASE_INTERVAL * 2 ** max(0, failures - 1))
    if retry_after:
        interval = max(interval, datetime.timedelta(seconds=retry_after))
    return interval


@transaction.atomic
def _record_health(
    source: Source, result: PollResult, now: datetime.datetime, retry_after: float | None
) -> None:
    source.refresh_from_db()
    interval: datetime.timedelta
    if result.ok:
        interval = _next_interval(source, result.seen, result.new)
        source.last_success_at = now
        source.consecutive_failures = 0
        source.last_error = "; ".join(result.page_errors[:3])[:1000]
        source.items_seen, source.items_new = result.seen, result.new
    else:
        source.consecutive_failures += 1
        source.last_error = result.error[:1000]
        interval = _failure_interval(source.consecutive_failures, retry_after)
    source.last_polled_at = now
    source.next_poll_at = now + interval
    source.poll_claimed_until = None
    source.save(
        update_fields=[
            "poll_claimed_until",
            "last_polled_at",
            "last_success_at",
            "last_error",
            "consecutive_failures",
            "next_poll_at",
            "items_seen",
            "items_new",
        ]
    )


def _sitemap_items(
    feed: FetchResult, fetcher: PoliteFetcher, delay: float, result: PollResult
) -> list[FeedItem]:
    items, children = parse_sitemap(feed.body, feed.final_url)
    for child_url in children[:MAX_CHILD_SITEMAPS]:
        child = fetcher.get(child_url, min_delay=delay)
        if not child.ok:
            result.page_errors.append(f"{child_url}: {child.error or child.status}")
            continue
        try:
            items += parse_sitemap(child.body, child.final_url or child_url)[0]
        except FeedError as exc:
            result.page_errors.append(f"{child_url}: {exc}")
    # Newest first, so that the per-poll cap keeps today's news.
    return sorted(items, key=lambda item: item.published or "", reverse=True)


def _prefetched(
    todo: list[tuple[str, FeedItem]], fetch: Callable[[FeedItem], FetchResult | None]
) -> Iterator[tuple[tuple[str, FeedItem], FetchResult | None, bool]]:
    """The items with their pages, in order, the next few already downloading while one is processed,
    and whether the next page has already arrived.

    A page spends most of its fetch waiting on the outlet (and on the per-host delay, which the fetcher
    still enforces across threads); analysing the previous page meanwhile keeps the worker busy. At most
    PREFETCH pages are held in memory ahead of the one being stored.
    """
    if not todo:
        return
    with ThreadPoolExecutor(max_workers=PREFETCH, thread_name_prefix="ttdn-fetch") as pool:
        pending: deque[tuple[tuple[str, FeedItem], Future[FetchResult | None]]] = deque()
        queue = iter(todo)
        for entry in queue:
            pending.append((entry, pool.submit(fetch, entry[1])))
            if len(pending) > PREFETCH:
                break
        while pending:
            entry, future = pending.popleft()
            for following in queue:
                pending.append((following, pool.submit(fetch, following[1])))
                break
            page = future.result()
            yield entry, page, bool(pending) and pending[0][1].done()


def poll_source(
    *,
    source: Source,
    fetcher: PoliteFetcher,
    gazetteer: Gazetteer,
    now: datetime.datetime | None = None,
    tone: ToneModel | None = None,
    topic_model: TopicModel | None = None,
) -> PollResult:
    """Read the source's feed, then every item not seen before; record the source's health."""
    now = now or timezone.now()
    delay = float(source.min_delay_seconds)
    feed = fetcher.get(source.url, min_delay=delay)
    result = PollResult(source=source, ok=False)
    items: list[FeedItem] = []
    if not feed.ok:
        result.error = feed.error or f"HTTP {feed.status}"
    else:
        try:
            if source.kind == Source.Kind.HTML_LISTING:
                items = parse_listing(feed.text(), feed.final_url or source.url)
            elif source.kind == Source.Kind.SITEMAP:
                items = _sitemap_items(feed, fetcher, delay, result)
            else:
                items = parse_feed(feed.body, feed.final_url or source.url)
            result.ok = True
        except UnicodeDecodeError:
            result.error = "bad encoding"
        except (FeedError, LookupError) as exc:
            result.error = f"not a feed: {exc}"
    if result.ok:
        items = items[:MAX_ITEMS_PER_POLL]
        result.seen = len(items)
        hashes = {url_id(item.link): item for item in items}
        known = set(Article.objects.filter(url_hash__in=hashes).values_list("url_hash", flat=True))
        todo: list[tuple[str, FeedItem]] = []
        for url_hash, item in hashes.items():
            if url_hash in known:
                continue
            if len(normalize_url(item.link)) > URL_MAX_LENGTH:
                # No article page has such an address; PostgreSQL would refuse the row (SQLite keeps it).
                result.skipped += 1
                result.page_errors.append(
                    f"{item.link[:200]}…: address longer than {URL_MAX_LENGTH} characters"
                )
                continue
            todo.append((url_hash, item))

        def fetch(item: FeedItem) -> FetchResult | None:
            return None if source.kind == Source.Kind.YOUTUBE else fetcher.get(item.link, min_delay=delay)

        batch: list[dict[str, Any]] = []
        try:
            for (url_hash, item), page, next_ready in _prefetched(todo, fetch):
                if page is not None and _transient(page):
                    result.skipped += 1
                    result.page_errors.append(f"{item.link}: {page.error}")
                else:
                    fields = _prepare(
                        source=source,
                        item=item,
                        url=normalize_url(item.link),
                        url_hash=url_hash,
                        page=page,
                        gazetteer=gazetteer,
                        now=now,
                        tone=tone,
                        topic_model=topic_model,
                    )
                    batch.append(fields)
                # Written before waiting on the network, so that no page waits on a slow outlet to be
                # stored. With a per-host delay pages arrive slower than they are analysed, and each is
                # written as it comes; batches form when pages are already waiting.
                if batch and (len(batch) >= WRITE_BATCH or not next_ready):
                    _write_batch(batch, now, result)
        finally:
            if batch:  # a page that broke the analysis must not cost the ones analysed before it
                _write_batch(batch, now, result)
    _record_health(source, result, now, feed.retry_after)
    return result


def poll_sources(
    *,
    sources: list[Source],
    now: datetime.datetime | None = None,
    fetcher: PoliteFetcher | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[PollResult]:
    """Sequentially, with one fetcher, so per-host delays hold across sources."""
    from ttdn.monitoring.gazetteer import build_gazetteer

    from .tone import active_tone_model
    from .topics import active_topic_model

    own_fetcher = fetcher is None
    fetcher = fetcher or PoliteFetcher()
    gazetteer = gazetteer or build_gazetteer()
    tone = active_tone_model()
    topic_model = active_topic_model()
    # Social-listening exports arrive as uploaded files; there is nothing to poll.
    pollable = [s for s in sources if s.kind != Source.Kind.SOCIAL]
    try:
        return [
            poll_source(
                source=s, fetcher=fetcher, gazetteer=gazetteer, now=now, tone=tone, topic_model=topic_model
            )
            for s in pollable
        ]
    finally:
        if own_fetcher:
            fetcher.close()  # its keep-alive connections to the outlets


def poll_due_sources(
    *,
    now: datetime.datetime | None = None,
    fetcher: PoliteFetcher | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[PollResult]:
    """In this process, what the sweep would queue for the worker pool: the due sources, claimed first so
    that a sweep running meanwhile does not hand them to a worker too."""
    from .scheduling import sources_claim_due

    now = now or timezone.now()
    ids = [pk for host_ids in sources_claim_due(now=now) for pk in host_ids]
    by_pk = Source.objects.in_bulk(ids)
    return poll_sources(sources=[by_pk[pk] for pk in ids], now=now, fetcher=fetcher, gazetteer=gazetteer)
