import datetime

from django.tasks import task
from django.utils import timezone

from .alerts import send_alerts
from .models import Source
from .services import (
    poll_sources,
    prune_bands,
    send_due_digests,
    sources_queue_due_polls,
    tone_retrain,
    topic_retrain,
)

# How often the worker looks for due sources; each source's own interval (adaptive) decides if it is polled.
SWEEP_INTERVAL = datetime.timedelta(minutes=5)


@task()
def poll_source_task(source_id: int) -> str:
    source = Source.objects.get(pk=source_id)
    return poll_sources(sources=[source])[0].summary()


@task()
def poll_sources_task(source_ids: list[int]) -> str:
    """One host's due sources, claimed by the sweep; one after another, so the per-host delay holds."""
    sources = list(Source.objects.filter(pk__in=source_ids, enabled=True))
    return "\n".join(result.summary() for result in poll_sources(sources=sources))


@task()
def poll_due_sources_and_reschedule() -> int:
    """Queue a poll of each host's due sources for the worker pool, and look again in five minutes.

    A duplicate sweep polls nothing twice: a queued source is claimed until its poll records its outcome,
    and seen URLs are never fetched again. The next sweep is queued first: a worker killed in the middle
    of this one does not end the chain. A poll interrupted by a killed worker is queued again by the
    first sweep after its claim runs out, and fetches only the pages it had not stored."""
    poll_due_sources_and_reschedule.using(run_after=timezone.now() + SWEEP_INTERVAL).enqueue()
    queued = sources_queue_due_polls()
    prune_bands()
    send_alerts()
    send_due_digests()
    return queued


@task()
def retrain_tone_model() -> str:
    """After analysts' corrections: a new classifier version, unless nothing changed since the last one."""
    version = tone_retrain()
    return f"tone model v{version.version}: {version.metrics}" if version else "unchanged"


@task()
def retrain_topic_model() -> str:
    """After analysts' topic corrections: a new classifier version, unless nothing changed."""
    version = topic_retrain()
    return f"topic model v{version.version}" if version else "unchanged"
