"""Spike and silent-source alerts for the focal department, sent as ttdn notifications (in-app and e-mail),
once per topic or source per day."""

import datetime
from collections import defaultdict

from django.contrib.auth.models import Permission
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core.models import User
from ttdn.plans.services import notify

from .analysis.alerts import silent, spike
from .analysis.topics import TOPIC_NAMES
from .models import Article, Source

BASELINE_DAYS = 14
SILENT_WINDOW = datetime.timedelta(hours=48)
SILENT_BASELINE_DAYS = 28


def _watchers() -> list[User]:
    """Whoever manages press sources: the focal department's monitoring staff."""
    permission = Permission.objects.get(content_type__app_label="monitoring", codename="add_source")
    return list(
        User.objects.filter(Q(user_permissions=permission) | Q(is_superuser=True), is_active=True).distinct()
    )


def topic_spikes(*, now: datetime.datetime) -> list:
    """Relevant articles per topic in the last 24 hours against each of the 14 days before."""
    since = now - datetime.timedelta(days=BASELINE_DAYS + 1)
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * (BASELINE_DAYS + 1))
    for published, topics in Article.objects.filter(
        relevant=True, rejected_reason="", published_at__gte=since, published_at__lt=now
    ).values_list("published_at", "topics"):
        day = min(int((now - published).total_seconds() // 86400), BASELINE_DAYS)
        for code in topics or []:
            counts[code][day] += 1
    found = []
    for code, days in counts.items():
        result = spike(code, days[0], days[1:])
        if result is not None:
            found.append(result)
    return found


def silent_sources(*, now: datetime.datetime) -> list[Source]:
    window_start = now - SILENT_WINDOW
    baseline_start = window_start - datetime.timedelta(days=SILENT_BASELINE_DAYS)
    sources = Source.objects.filter(enabled=True).annotate(
        recent=Count("articles", filter=Q(articles__fetched_at__gte=window_start)),
        baseline=Count(
            "articles",
            filter=Q(articles__fetched_at__gte=baseline_start, articles__fetched_at__lt=window_start),
        ),
    )
    return [s for s in sources if silent(s.recent, s.baseline / SILENT_BASELINE_DAYS)]


def send_alerts(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    today = timezone.localtime(now).date().isoformat()
    watchers = _watchers()
    sent = 0
    stream = reverse("monitoring:stream")
    for found in topic_spikes(now=now):
        name = TOPIC_NAMES.get(found.key, found.key)
        message = _(
            "Spike in articles on “%(topic)s”: %(count)s in 24 hours (on average %(mean)s a day over the "
            "%(days)s days before)."
        ) % {"topic": name, "count": found.today, "mean": found.baseline_mean, "days": BASELINE_DAYS}
        for user in watchers:
            key = f"press-spike:{found.key}:{today}:{user.pk}"
            sent += (
                notify(
                    user=user,
                    event_key=key,
                    kind="press_spike",
                    message=message,
                    link=f"{stream}?topic={found.key}",
                )
                is not None
            )
    for source in silent_sources(now=now):
        message = _(
            "Source “%(name)s” brought nothing new in 48 hours, though it usually has news every day."
        ) % {"name": source.name}
        for user in watchers:
            key = f"press-silent:{source.pk}:{today}:{user.pk}"
            sent += (
                notify(
                    user=user,
                    event_key=key,
                    kind="press_silent",
                    message=message,
                    link=reverse("monitoring:sources"),
                )
                is not None
            )
    return sent
