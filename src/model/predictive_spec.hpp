// A "predictive" policy: forecasts each tier's offered rate one lead time (the expected time to serve) ahead
// and provisions for the forecast against a target utilization, falling back to reactive scaling when the
// forecast's error is large.
#pragma once

namespace vsf {

// Filled in by the predictive-policy work (issue 12).
struct PredictiveSpec {};

}  // namespace vsf
