"""The volume projection: weekly-seasonal smoothing, empirical intervals, rolling-origin backtest."""

import numpy as np
import pytest

from ttdn.monitoring.analysis.forecast import MIN_HISTORY, NotEnoughData, _conformal, backtest, fit_forecast


def _weekly(days: int, base: float, seed: int) -> list[int]:
    """Poisson counts with a strong weekday rhythm (busy Tuesday, quiet Sunday) and a slow drift."""
    t = np.arange(days)
    rate = base * (1 + 0.6 * np.sin(2 * np.pi * t / 7)) + 0.01 * t
    return [int(v) for v in np.random.default_rng(seed).poisson(rate)]


def test_intervals_cover_held_out_days_near_their_nominal_level():
    # 40 held-out weeks per series after a year of history each: coverage on days the model never saw.
    inside80, inside95, days = 0.0, 0.0, 0
    for seed, base in ((1, 20.0), (2, 50.0)):
        result = backtest(_weekly(400, base, seed), weeks=40)
        assert result is not None and result.weeks == 40 and result.days == 280
        inside80 += result.coverage[0.8] * result.days
        inside95 += result.coverage[0.95] * result.days
        days += result.days
        # The seasonal model beats "same weekday last week" on noisy counts.
        assert result.mae < result.baseline_mae and result.smape < result.baseline_smape
    assert 0.76 <= inside80 / days <= 0.86
    assert 0.92 <= inside95 / days <= 0.985


_PRESS_WEEK = np.array([1.1, 1.25, 1.2, 1.2, 1.15, 0.7, 0.4])  # Monday first: busy weekdays, quiet Sunday


def _overdispersed(days: int, base: float, rng) -> np.ndarray:
    """Negative-binomial counts (a Poisson rate that itself varies day to day) on a press week."""
    mean = base * _PRESS_WEEK[np.arange(days) % 7]
    return rng.poisson(rng.gamma(6.0, mean / 6.0))


def _level_shift(days: int, base: float, rng) -> np.ndarray:
    """Poisson counts whose level rises by 60 % on a random day: errors measured before it are smaller."""
    t = np.arange(days)
    mean = base * _PRESS_WEEK[t % 7] * np.where(t > rng.integers(days // 3, days - 20), 1.6, 1.0)
    return rng.poisson(mean)


@pytest.mark.parametrize("generator", [_overdispersed, _level_shift])
def test_intervals_cover_the_week_after_sixteen_weeks_on_other_shapes(generator):
    # What the page does: 16 weeks of history, the next 7 days. 60 independent series, 420 held-out days.
    inside = {0.8: 0, 0.95: 0}
    for seed in range(60):
        counts = generator(16 * 7 + 7, 12.0, np.random.default_rng(seed))
        result = fit_forecast([int(c) for c in counts[:-7]])
        assert result.empirical
        for level in inside:
            lower, upper = result.intervals[level]
            inside[level] += sum(lo <= c <= hi for c, lo, hi in zip(counts[-7:], lower, upper, strict=True))
    assert 0.75 <= inside[0.8] / 420 <= 0.88
    assert 0.92 <= inside[0.95] / 420 <= 0.99


def test_conformal_ranks_include_the_finite_sample_correction():
    errors = [float(v) for v in range(1, 100)]  # 99 errors: ranks from n + 1 = 100
    assert _conformal(errors, 0.8) == (10.0, 90.0)  # not the plain 10th/90th percentiles 10.8 / 89.2
    assert _conformal(errors, 0.95) == (2.0, 98.0)
    assert _conformal(errors[:39], 0.95) == (1.0, 39.0)  # the fewest errors a 95 % band can be built from
    with pytest.raises(ValueError):
        _conformal(errors[:38], 0.95)


def test_point_forecast_follows_the_weekly_shape():
    counts = [10, 30, 30, 30, 30, 30, 5] * 8  # Monday quiet-ish, Sunday quietest, no noise
    result = fit_forecast(counts)
    assert [round(p) for p in result.point] == [10, 30, 30, 30, 30, 30, 5]
    for level in (0.8, 0.95):
        lower, upper = result.intervals[level]
        assert all(lo <= p <= hi for lo, p, hi in zip(lower, result.point, upper, strict=True))
    wide, narrow = result.intervals[0.95], result.intervals[0.8]
    assert all(w <= n for w, n in zip(wide[0], narrow[0], strict=True))
    assert all(w >= n for w, n in zip(wide[1], narrow[1], strict=True))


def test_counts_never_go_negative_and_short_histories_use_the_normal_approximation():
    counts = [0, 0, 1, 0, 3, 0, 0] * 2 + [0, 4, 0]
    result = fit_forecast(counts)
    assert not result.empirical  # 17 days: too few past errors for the conformal ranks
    assert min(result.point) >= 0 and min(result.intervals[0.95][0]) >= 0
    assert max(result.intervals[0.95][1]) > max(result.point)


def test_not_enough_history():
    with pytest.raises(NotEnoughData):
        fit_forecast([5] * (MIN_HISTORY - 1))
    assert backtest([5] * (MIN_HISTORY + 6)) is None  # not one full week to hold out
    short = backtest([5] * (MIN_HISTORY + 15), weeks=8)
    assert short is not None and short.weeks == 2 and short.mae == 0 and short.coverage[0.8] == 1
