"""Spreading the polling over the worker pool.

The five-minute sweep claims the due sources and queues one poll task per host, so that every worker takes
a share (PostgreSQL hands each task to one worker with SKIP LOCKED). Sources on one host stay in one task:
the per-host delay lives in that task's fetcher, and two workers polling one outlet side by side would
halve it. A claim is a lease, not a lock: a worker killed mid-poll leaves its sources to the first sweep
after the lease ends, and the poll resumes from the pages not stored yet.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..fetching.fetcher import host_of
from ..models import Source

# Longer than any one source's poll: 50 pages at the default 5 s per-host delay, each allowed its 15 s
# timeout.
POLL_LEASE = datetime.timedelta(minutes=30)


def _due(now: datetime.datetime) -> QuerySet[Source]:
    return (
        Source.objects.filter(enabled=True)
        .exclude(kind=Source.Kind.SOCIAL)  # exports arrive as uploads; there is nothing to poll
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .filter(Q(poll_claimed_until__isnull=True) | Q(poll_claimed_until__lte=now))
    )


def sources_claim_due(*, now: datetime.datetime | None = None) -> list[list[int]]:
    """Claim every due, unclaimed source for one poll; their ids grouped by host, in name order."""
    now = now or timezone.now()
    by_host: dict[str, list[int]] = defaultdict(list)
    for pk, url in _due(now).values_list("pk", "url"):
        by_host[host_of(url)].append(pk)
    groups = []
    for ids in by_host.values():
        claimed = []
        for position, pk in enumerate(ids, start=1):
            # A source waits for the ones before it in its host's task: its lease counts them too. The
            # due filter is repeated in the UPDATE, so of two sweeps running at once one wins each source.
            until = now + POLL_LEASE * position
            if _due(now).filter(pk=pk).update(poll_claimed_until=until):
                claimed.append(pk)
        if claimed:
            groups.append(claimed)
    return groups


def sources_queue_due_polls(*, now: datetime.datetime | None = None) -> int:
    """Claim the due sources and queue one poll task per host once the claims are committed; returns the
    number of sources queued."""
    from ..tasks import poll_sources_task  # the tasks module imports the services

    with transaction.atomic():
        groups = sources_claim_due(now=now)
        for ids in groups:
            transaction.on_commit(functools.partial(poll_sources_task.enqueue, ids))
    return sum(len(ids) for ids in groups)
