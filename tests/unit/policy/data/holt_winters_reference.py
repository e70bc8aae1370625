#!/usr/bin/env python3
"""Reference forecasts for tests/unit/policy/forecast_test.cpp, computed by statsmodels (Debian's
python3-statsmodels 0.13.5), not by vsfsim's code: ExponentialSmoothing(trend="add", seasonal="add",
initialization_method="known") with fixed smoothing parameters.

vsfsim initialises Holt-Winters from the first two seasons (src/policy/forecast.hpp); this script computes
that initial state from the same formula and gives it to statsmodels as the "known" initial values, with
the samples after the first two seasons as the series. The test checks every one-step forecast
(statsmodels' fittedvalues) and the forecasts 1..m+2 samples after the last one.

Those forecasts are Hyndman's equation y(T+h) = l(T) + h b(T) + s(T+h-m(k+1)) on statsmodels' final state
(fit.level, fit.trend, fit.season), not fit.forecast(): statsmodels up to 0.14 overwrites the last seasonal
term before forecasting, so its forecast at h = m, 2m, ... uses s(T-m) instead of s(T) (statsmodels issue
#9538, fixed by pull request #10230). The script checks that fit.forecast() agrees at every other horizon.

Run: /usr/bin/python3 tests/unit/policy/data/holt_winters_reference.py > tests/unit/policy/data/holt_winters_reference.json
"""
import json
import math

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing


def series(m, seasons, seed):
    rng = np.random.RandomState(seed)
    t = np.arange(m * seasons)
    return (40 + 0.8 * t + 12 * np.sin(2 * math.pi * t / m) + rng.normal(0, 3, size=t.size)).tolist()


def initial_state(y, m):
    s1, s2 = np.mean(y[:m]), np.mean(y[m:2 * m])
    trend = (s2 - s1) / m
    level = s2 + trend * (m - 1) / 2
    season = [y[m + i] - (level - trend * (m - 1 - i)) for i in range(m)]
    return level, trend, season


def case(m, seasons, seed, alpha, beta, gamma):
    y = series(m, seasons, seed)
    level, trend, season = initial_state(y, m)
    model = ExponentialSmoothing(np.array(y[2 * m:]), trend="add", seasonal="add", seasonal_periods=m,
                                 initialization_method="known", initial_level=level, initial_trend=trend,
                                 initial_seasonal=season)
    fit = model.fit(smoothing_level=alpha, smoothing_trend=beta, smoothing_seasonal=gamma, optimized=False)
    level, trend, season = fit.level[-1], fit.trend[-1], fit.season[-m:]
    ahead = [level + h * trend + season[(h - 1) % m] for h in range(1, m + 3)]
    theirs = fit.forecast(m + 2)
    for h in range(1, m + 3):
        if h % m != 0:
            assert abs(theirs[h - 1] - ahead[h - 1]) < 1e-9 * max(1.0, abs(ahead[h - 1])), (h, theirs, ahead)
    return {"m": m, "alpha": alpha, "beta": beta, "gamma": gamma, "series": y,
            "one_step": fit.fittedvalues.tolist(), "forecast": [float(x) for x in ahead]}


if __name__ == "__main__":
    cases = [case(6, 6, 1, 0.3, 0.05, 0.3), case(12, 5, 2, 0.5, 0.2, 0.1), case(4, 8, 3, 0.9, 0.5, 0.7)]
    print(json.dumps({"generator": "statsmodels ExponentialSmoothing, see holt_winters_reference.py",
                      "cases": cases}, indent=1))
