"""A statistical projection of daily article volume for the next seven days, with prediction intervals and
a backtest. Pure: a list of daily counts in, numbers out (no Django, no dates).

Model: additive exponential smoothing with a level and a weekly season, no trend (ETS(A,N,A), m = 7). Press
volume has a strong weekday pattern and drifts slowly; a trend term on short count series mostly extrapolates
last week's noise. The two smoothing weights (level ``alpha``, season ``gamma``) are chosen from a small grid
by the one-step-ahead squared error on the history itself.

Intervals are split-conformal on a variance-stabilised scale. The model is run through the history once, and
from every day after the warm-up its forecasts 1…7 days ahead are compared with what then happened. Each
error is divided by the square root of its forecast (counts: the spread grows with the level, so errors
measured when the volume was lower would make today's bands too narrow, those of quiet Sundays too wide for
busy Tuesdays). Per horizon, of n such errors, the ⌊(n+1)·β⌋-th smallest and the ⌈(n+1)·(1−β)⌉-th smallest
(β = 10 % for the 80 % band, 2.5 % for the 95 %) are scaled back by the square root of the forecast and added
to it. The (n+1) ranks are the finite-sample correction: plain percentiles of past errors cover a little less
than nominal on new days. No normality assumption, but the assumption that the coming week behaves like the
past ones: a sudden event (a spike alert) is outside what it can foresee. Until every horizon has the 39
errors the 95 % rank needs (about eight and a half weeks of history), the normal approximation of
ETS(A,N,A) is used instead: σ²·(1 + (h−1)·α²), σ² at least the forecast (Poisson-like counts).

Backtest: rolling origin. For each of the last N weeks the model is fitted on the days before the week and
forecasts the week; the errors (MAE, sMAPE) and the share of days falling inside each interval are reported
beside the seasonal-naive baseline (each day = the same weekday a week earlier).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

SEASON = 7
HORIZON = 7
MIN_HISTORY = 14  # two weeks: one to start the season, one to correct it
_ALPHAS = (0.05, 0.1, 0.2, 0.3, 0.5)
_GAMMAS = (0.05, 0.1, 0.2, 0.3)
LEVELS = (0.8, 0.95)
# The ⌈(n+1)·(1−β)⌉-th of n errors exists only from n = ⌈1/β⌉ − 1: 39 for the 95 % band (β = 2.5 %).
_MIN_ERRORS = math.ceil(2 / (1 - max(LEVELS))) - 1
_Z = {0.8: 1.2816, 0.95: 1.9600}


class NotEnoughData(ValueError):
    pass


@dataclass(frozen=True)
class Forecast:
    point: list[float]
    # level → (lower bounds, upper bounds), one per day ahead
    intervals: dict[float, tuple[list[float], list[float]]]
    alpha: float
    gamma: float
    empirical: bool  # intervals from past errors (True) or the normal approximation (False)


@dataclass(frozen=True)
class Backtest:
    weeks: int
    mae: float
    smape: float  # 0..200 (%), a day with 0 forecast and 0 actual counts as 0
    coverage: dict[float, float]  # level → share of held-out days inside the interval
    baseline_mae: float
    baseline_smape: float
    days: int = field(default=0)

    @property
    def coverage_80(self) -> float:
        return 100 * self.coverage[0.8]

    @property
    def coverage_95(self) -> float:
        return 100 * self.coverage[0.95]


def _start(y: np.ndarray) -> tuple[float, np.ndarray]:
    level = float(y[:MIN_HISTORY].mean())
    season = np.array([y[d:MIN_HISTORY:SEASON].mean() - level for d in range(SEASON)])
    return level, season


def _scale(predicted: float) -> float:
    """Square-root scale of a count forecast (at least 1, so near-zero forecasts do not blow errors up)."""
    return math.sqrt(max(predicted, 1.0))


def _run(y: np.ndarray, alpha: float, gamma: float, *, keep_paths: bool = False):
    """Filter through the series. Returns the final state, the one-step squared error, and (optionally)
    the 1…7-day-ahead errors from every origin after the warm-up, by horizon, each divided by ``_scale`` of
    its forecast."""
    level, season = _start(y)
    level = float(level)
    sse = 0.0
    n = len(y)
    errors: list[list[float]] = [[] for _ in range(HORIZON)]
    for t in range(MIN_HISTORY, n):
        if keep_paths:
            for h in range(1, HORIZON + 1):
                if t + h - 1 < n:
                    predicted = level + season[(t + h - 1) % SEASON]
                    errors[h - 1].append(float(y[t + h - 1] - predicted) / _scale(predicted))
        s = season[t % SEASON]
        error = y[t] - (level + s)
        sse += error * error
        new_level = float(level + alpha * error)
        season[t % SEASON] = s + gamma * (1 - alpha) * error
        level = new_level
    return level, season, sse / max(1, n - MIN_HISTORY), errors


def fit_forecast(counts: list[int] | list[float], *, horizon: int = HORIZON) -> Forecast:
    """Forecast the ``horizon`` days after the last count (the last count is the most recent full day)."""
    y = np.asarray(counts, dtype=float)
    if len(y) < MIN_HISTORY:
        raise NotEnoughData(f"need {MIN_HISTORY} days, got {len(y)}")
    if len(y) == MIN_HISTORY:
        alpha, gamma = 0.2, 0.1  # nothing left to choose them on
    else:
        alpha, gamma = min(((a, g) for a in _ALPHAS for g in _GAMMAS), key=lambda p: _run(y, p[0], p[1])[2])
    level, season, mse, errors = _run(y, alpha, gamma, keep_paths=True)
    n = len(y)
    point = [max(0.0, float(level + season[(n + h) % SEASON])) for h in range(horizon)]
    empirical = all(len(errors[min(h, HORIZON - 1)]) >= _MIN_ERRORS for h in range(horizon))
    intervals: dict[float, tuple[list[float], list[float]]] = {}
    for level_ in LEVELS:
        lower, upper = [], []
        for h in range(horizon):
            raw = float(level + season[(n + h) % SEASON])
            if empirical:
                low_z, high_z = _conformal(errors[min(h, HORIZON - 1)], level_)
                low_q, high_q = low_z * _scale(raw), high_z * _scale(raw)
            else:
                sigma = math.sqrt(max(mse, raw if raw > 0 else 1.0) * (1 + h * alpha * alpha))
                low_q, high_q = -_Z[level_] * sigma, _Z[level_] * sigma
            lower.append(max(0.0, raw + float(low_q)))
            upper.append(max(0.0, raw + float(high_q)))
        intervals[level_] = (lower, upper)
    return Forecast(point=point, intervals=intervals, alpha=alpha, gamma=gamma, empirical=empirical)


def _conformal(scores: list[float], level: float) -> tuple[float, float]:
    """The split-conformal bounds of a two-sided band from n past scaled errors: the ⌊(n+1)·β⌋-th smallest
    and the ⌈(n+1)·(1−β)⌉-th smallest, β = (1 − level)/2. Needs n ≥ ``_MIN_ERRORS``."""
    ordered = sorted(scores)
    n = len(ordered)
    beta = (1 - level) / 2
    # Rounded first: in floating point 100 × 0.9 is 90.00000000000001, whose ceiling would be 91.
    low_rank = math.floor(round((n + 1) * beta, 9))
    high_rank = math.ceil(round((n + 1) * (1 - beta), 9))
    if low_rank < 1 or high_rank > n:
        raise ValueError(f"{n} errors are too few for a {level:.0%} band")
    return ordered[low_rank - 1], ordered[high_rank - 1]


def _smape(actual: list[float], predicted: list[float]) -> float:
    terms = [
        0.0 if a == p == 0 else 200.0 * abs(a - p) / (abs(a) + abs(p))
        for a, p in zip(actual, predicted, strict=True)
    ]
    return sum(terms) / len(terms)


def backtest(counts: list[int] | list[float], *, weeks: int = 8) -> Backtest | None:
    """Rolling origin over the last ``weeks`` weeks (fewer when the history is short); None when not even
    one week can be held out after the minimum history."""
    y = [float(c) for c in counts]
    weeks = min(weeks, (len(y) - MIN_HISTORY) // HORIZON)
    if weeks < 1:
        return None
    actual: list[float] = []
    predicted: list[float] = []
    baseline: list[float] = []
    inside = {level: 0 for level in LEVELS}
    for k in range(weeks, 0, -1):
        origin = len(y) - k * HORIZON
        result = fit_forecast(y[:origin])
        held_out = y[origin : origin + HORIZON]
        actual += held_out
        predicted += result.point
        baseline += y[origin - SEASON : origin - SEASON + HORIZON]
        for level in LEVELS:
            lower, upper = result.intervals[level]
            inside[level] += sum(lo <= a <= hi for a, lo, hi in zip(held_out, lower, upper, strict=True))
    n = len(actual)
    return Backtest(
        weeks=weeks,
        mae=float(sum(abs(a - p) for a, p in zip(actual, predicted, strict=True)) / n),
        smape=float(_smape(actual, predicted)),
        coverage={level: inside[level] / n for level in LEVELS},
        baseline_mae=sum(abs(a - b) for a, b in zip(actual, baseline, strict=True)) / n,
        baseline_smape=_smape(actual, baseline),
        days=n,
    )
