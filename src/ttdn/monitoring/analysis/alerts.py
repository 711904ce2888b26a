"""When the press suddenly writes a lot more about a topic, or a source goes quiet. Pure functions.

A spike compares the last day with the 14 days before it (the window Meltwater uses for news): the day's
count must reach the baseline mean plus three standard deviations, and at least ``min_count`` articles,
so that a topic going from 0 to 1 is not an alert.
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Spike:
    key: str
    today: int
    baseline_mean: float
    threshold: float


def spike(
    key: str, today: int, previous_days: list[int], *, min_count: int = 3, sigmas: float = 3.0
) -> Spike | None:
    if not previous_days:
        return None
    mean = sum(previous_days) / len(previous_days)
    variance = sum((n - mean) ** 2 for n in previous_days) / len(previous_days)
    # Counts are Poisson-like: never let the spread fall below sqrt(mean), or a flat baseline alerts on +1.
    spread = max(math.sqrt(variance), math.sqrt(mean), 0.5)
    threshold = max(float(min_count), mean + sigmas * spread)
    return Spike(key, today, round(mean, 2), round(threshold, 2)) if today >= threshold else None


def silent(recent: int, baseline_per_day: float, *, min_baseline: float = 1.0) -> bool:
    """A source that usually brings at least one item a day and brought none in the recent window."""
    return recent == 0 and baseline_per_day >= min_baseline
