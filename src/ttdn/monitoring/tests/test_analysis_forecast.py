"""The volume projection: weekly-seasonal smoothing, empirical intervals, rolling-origin backtest."""

import numpy as np
import pytest

from ttdn.monitoring.analysis.forecast import MIN_HISTORY, NotEnoughData, backtest, fit_forecast


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
    assert 0.74 <= inside80 / days <= 0.86
    assert 0.91 <= inside95 / days <= 0.985


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
    assert not result.empirical  # 17 days: too few past errors for empirical quantiles
    assert min(result.point) >= 0 and min(result.intervals[0.95][0]) >= 0
    assert max(result.intervals[0.95][1]) > max(result.point)


def test_not_enough_history():
    with pytest.raises(NotEnoughData):
        fit_forecast([5] * (MIN_HISTORY - 1))
    assert backtest([5] * (MIN_HISTORY + 6)) is None  # not one full week to hold out
    short = backtest([5] * (MIN_HISTORY + 15), weeks=8)
    assert short is not None and short.weeks == 2 and short.mae == 0 and short.coverage[0.8] == 1
