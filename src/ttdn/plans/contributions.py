"""How other apps feed figures and report sections into a plan without `plans` importing them.

The capability apps (activities, outreach, monitoring, portal) carry out the plan's tasks. What they record
(a training course held, 12 000 SMS delivered, an article published) must show up in the consolidated report
the focal department sends to the People's Committee. Each app registers a :class:`Contributor` in its
``AppConfig.ready``; the report asks every contributor for its figures and its section for the period.

Figures recorded by the system are kept apart from the figures units type into their progress reports, so
the report never adds the same training twice: the indicator table shows both columns.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from ttdn.core.documents import Block


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator a contributor produces; created in `plans.Indicator` when missing."""

    code: str
    name: str
    unit_label: str = ""


@dataclass(frozen=True)
class Figure:
    """One recorded figure: ``value`` of indicator ``indicator`` for plan task ``task_id``."""

    task_id: int
    indicator: str
    value: Decimal
    source: str = ""


@dataclass(frozen=True)
class Period:
    """The stretch of days a report covers (both ends included)."""

    start: datetime.date
    end: datetime.date


class Contributor(Protocol):
    """What an app registers. ``key`` is unique; ``label`` is the Vietnamese name of the section."""

    key: str
    label: str
    indicators: Sequence[IndicatorSpec]

    def figures(self, *, plan_id: int, period: Period) -> Iterable[Figure]: ...

    def report_blocks(self, *, plan_id: int, period: Period) -> list[Block]: ...


@dataclass
class _Registry:
    contributors: dict[str, Contributor] = field(default_factory=dict)


_registry = _Registry()


def register(contributor: Contributor) -> None:
    """Register (or replace, for reloads and tests) the contributor with this key."""
    _registry.contributors[contributor.key] = contributor


def unregister(key: str) -> None:
    _registry.contributors.pop(key, None)


def contributors() -> list[Contributor]:
    return sorted(_registry.contributors.values(), key=lambda c: c.key)


def indicator_specs() -> list[IndicatorSpec]:
    seen: dict[str, IndicatorSpec] = {}
    for contributor in contributors():
        for spec in contributor.indicators:
            seen.setdefault(spec.code, spec)
    return list(seen.values())


def recorded_totals(*, plan_id: int, period: Period) -> dict[str, Decimal]:
    """Sum of every contributor's figures per indicator code, for one plan and period."""
    totals: dict[str, Decimal] = {}
    for contributor in contributors():
        for figure in contributor.figures(plan_id=plan_id, period=period):
            totals[figure.indicator] = totals.get(figure.indicator, Decimal(0)) + Decimal(figure.value)
    return totals


def recorded_by_task(*, plan_id: int, period: Period) -> dict[tuple[int, str], Decimal]:
    totals: dict[tuple[int, str], Decimal] = {}
    for contributor in contributors():
        for figure in contributor.figures(plan_id=plan_id, period=period):
            key = (figure.task_id, figure.indicator)
            totals[key] = totals.get(key, Decimal(0)) + Decimal(figure.value)
    return totals


def report_sections(*, plan_id: int, period: Period) -> list[tuple[str, list[Block]]]:
    """(label, blocks) per contributor that has something to say for the period."""
    out = []
    for contributor in contributors():
        blocks = contributor.report_blocks(plan_id=plan_id, period=period)
        if blocks:
            out.append((contributor.label, blocks))
    return out
