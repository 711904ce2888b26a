import datetime

from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from .models import Campaign, Message
from .services.dispatch import dispatch_campaign, messages_owing_receipts, receipts_collect, supports_defer

SWEEP_INTERVAL = datetime.timedelta(minutes=1)


@task()
def dispatch_campaign_task(campaign_id: int) -> dict:
    return vars(dispatch_campaign(campaign_id=campaign_id))


@task()
def receipts_collect_task() -> int:
    return receipts_collect()


@task()
def sweep_campaigns_and_reschedule() -> int:
    """Restart dispatch for sending campaigns with due messages and no live dispatcher (a worker died, a
    window opened, a cap reset). The lease makes a duplicate start harmless. The next sweep is queued first,
    so a worker killed during this one does not end the chain."""
    now = timezone.now()
    if supports_defer():
        sweep_campaigns_and_reschedule.using(run_after=now + SWEEP_INTERVAL).enqueue()
    due = (
        Campaign.objects.filter(status=Campaign.Status.SENDING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .filter(
            Q(messages__status=Message.Status.SUBMITTING)
            | Q(messages__status=Message.Status.QUEUED, messages__not_before__lte=now)
            | Q(messages__status=Message.Status.QUEUED, messages__not_before__isnull=True)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    ids = list(due)
    for campaign_id in ids:
        dispatch_campaign_task.enqueue(campaign_id)
    # Receipts the SMSC still holds for finished campaigns (no dispatcher is bound to receive them).
    if not ids and messages_owing_receipts(now).exists():
        receipts_collect_task.enqueue()
    return len(ids)
