import datetime

from django.tasks import task
from django.utils import timezone

from .alerts import send_alerts
from .models import Source
from .services import (
    poll_due_sources,
    poll_sources,
    prune_bands,
    send_due_digests,
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
def poll_due_sources_and_reschedule() -> int:
    """Poll what is due, and look again in five minutes. A duplicate sweep polls nothing twice: a polled
    source's next_poll_at moves into the future and seen URLs are never fetched again. The next sweep is
    queued first: a worker killed in the middle of this one does not end the chain, and the next sweep
    finishes the interrupted source (its next_poll_at only moves when its poll completes)."""
    poll_due_sources_and_reschedule.using(run_after=timezone.now() + SWEEP_INTERVAL).enqueue()
    polled = len(poll_due_sources())
    prune_bands()
    send_alerts()
    send_due_digests()
    return polled


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
