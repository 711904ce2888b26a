"""Reads: audiences and their counts, cost estimates, campaign reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from ttdn.core.classification import record_access, visible_levels
from ttdn.core.models import User

from .encoding import EmptyMessage, encode
from .models import Campaign, Language, Message, Operator, Subscriber


def audience(
    *,
    communes: Iterable = (),
    operators: Iterable = (),
    languages: Iterable[str] = (),
    border_only: bool = False,
) -> QuerySet[Subscriber]:
    """Reachable subscribers (never an opted-out one) matching every filter given."""
    qs = Subscriber.objects.reachable()
    commune_ids = [getattr(c, "pk", c) for c in communes]
    operator_ids = [getattr(o, "pk", o) for o in operators]
    languages = list(languages)
    if commune_ids:
        qs = qs.filter(commune_id__in=commune_ids)
    if border_only:
        qs = qs.filter(commune__border=True)
    if operator_ids:
        qs = qs.filter(operator_id__in=operator_ids)
    if languages:
        qs = qs.filter(language__in=languages)
    return qs


def audience_for(campaign: Campaign) -> QuerySet[Subscriber]:
    return audience(
        communes=campaign.communes.values_list("pk", flat=True),
        operators=campaign.operators.values_list("pk", flat=True),
        languages=campaign.languages,
        border_only=campaign.border_only,
    )


@dataclass
class AudienceCounts:
    total: int
    by_commune: list[tuple[str, bool, int]]  # name, border, count
    by_operator: list[tuple[str, int]]
    by_language: list[tuple[str, int]]
    by_language_operator: dict[tuple[str, int | None], int]


def audience_counts(qs: QuerySet[Subscriber]) -> AudienceCounts:
    """Three grouped queries plus one, whatever the audience size."""
    communes = list(
        qs.values("commune__name", "commune__border").annotate(n=Count("pk")).order_by("-n", "commune__name")
    )
    operators = list(qs.values("operator__name").annotate(n=Count("pk")).order_by("-n"))
    pairs = list(qs.values("language", "operator_id").annotate(n=Count("pk")))
    labels = dict(Language.choices)
    by_language: dict[str, int] = {}
    for row in pairs:
        by_language[row["language"]] = by_language.get(row["language"], 0) + row["n"]
    return AudienceCounts(
        total=sum(by_language.values()),
        by_commune=[(r["commune__name"] or "—", bool(r["commune__border"]), r["n"]) for r in communes],
        by_operator=[(r["operator__name"] or "—", r["n"]) for r in operators],
        by_language=[(str(labels.get(k, k)), v) for k, v in sorted(by_language.items())],
        by_language_operator={(r["language"], r["operator_id"]): r["n"] for r in pairs},
    )


def cost_estimate(*, texts: dict[str, str], counts: AudienceCounts) -> tuple[int, Decimal]:
    """(segments, cost in VND) for sending ``texts`` to the audience, priced per operator and segment."""
    from .services.campaigns import text_for

    prices = dict(Operator.objects.values_list("pk", "price_per_segment"))
    segments = 0
    cost = Decimal(0)
    for (language, operator_id), n in counts.by_language_operator.items():
        try:
            per_message = encode(text_for(texts, language)).segments
        except EmptyMessage:
            continue
        segments += per_message * n
        cost += per_message * n * prices.get(operator_id or 0, Decimal(0))
    return segments, cost


@dataclass
class CampaignReport:
    totals: dict[str, int]
    segments: int
    cost: Decimal
    by_commune: list[dict]
    by_operator: list[dict]
    by_language: list[dict]


_S = Message.Status
_SENT = [_S.SUBMITTED, _S.DELIVERED, _S.FAILED, _S.EXPIRED, _S.UNKNOWN]


def _grouped(qs: QuerySet[Message], field: str) -> list[dict]:
    return list(
        qs.values(field)
        .annotate(
            total=Count("pk"),
            sent=Count("pk", filter=Q(status__in=[_S.SUBMITTED, _S.DELIVERED, _S.FAILED, _S.EXPIRED])),
            delivered=Count("pk", filter=Q(status=_S.DELIVERED)),
            failed=Count("pk", filter=Q(status__in=[_S.FAILED, _S.EXPIRED])),
            unknown=Count("pk", filter=Q(status=_S.UNKNOWN)),
        )
        .order_by(field)
    )


def campaign_report(campaign: Campaign) -> CampaignReport:
    qs = Message.objects.filter(campaign=campaign)
    totals = {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("pk")).order_by()}
    sent_qs = qs.filter(status__in=_SENT)
    agg = sent_qs.aggregate(segments=Sum("segments"), cost=Sum("cost"))
    labels = dict(Language.choices)
    by_language = _grouped(qs, "language")
    for row in by_language:
        row["label"] = labels.get(row["language"], row["language"])
    return CampaignReport(
        totals=totals,
        segments=agg["segments"] or 0,
        cost=agg["cost"] or Decimal(0),
        by_commune=_grouped(qs, "commune__name"),
        by_operator=_grouped(qs, "operator__name"),
        by_language=by_language,
    )


def campaigns_visible(user: User) -> QuerySet[Campaign]:
    """Anyone who may compose, approve or send sees every campaign; others none."""
    if any(user.has_perm(f"outreach.{p}") for p in ("compose_campaign", "approve_campaign", "send_campaign")):
        campaigns = Campaign.objects.select_related("created_by", "approved_by", "task")
        return campaigns.filter(classification__in=visible_levels(user))
    return Campaign.objects.none()


def access_campaign(user: User, pk: int) -> Campaign | None:
    campaign = campaigns_visible(user).filter(pk=pk).first()
    if campaign is not None:
        record_access(user=user, obj=campaign)
    return campaign


def sees_phone_numbers(user: User) -> bool:
    return bool(user.is_staff and user.has_perm("outreach.view_phone_numbers"))
