// Scaling policies: what a farm manager asks each control interval. A policy sees observations of a
// VSF's tiers and answers with CPU deltas; it never touches SimGrid, CPUs or the idle pool (the farm
// manager applies decisions, and the control plane may deny them). threshold, target_tracking, step and
// predictive implement it; a schedule (any type; "scheduled" alone) wraps one.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/vsf_spec.hpp"

namespace vsf {

struct TierObservation {
  int tier = 0;      // index in VsfSpec::tiers
  int serving = 0;   // CPUs serving
  int pending = 0;   // CPUs configuring or booting (already asked for)
  int draining = 0;  // CPUs leaving
  int min = 0, max = 0;
  double utilization = 0;       // busy / capacity of serving CPUs over the last control interval, 0..1
  std::optional<double> p95_s;  // 95th percentile response time over the last interval (whole VSF);
                                // none when no request was answered in it
  double offered_rps = 0;
  // From the models, for policies that provision ahead (predictive): the expected time from a scale-out
  // ask to a serving CPU without contention (image read, boot, OS init, LB reconfiguration), and the
  // CPU-seconds this tier spends per request offered to the VSF (visits x mean service time).
  double time_to_serve_s = 0;
  double cpu_s_per_request = 0;
};

struct ScalingDecision {
  int tier = 0;
  int delta = 0;       // > 0 scale out, < 0 scale in; 0: the tier's bound cut all of `wanted`
  int wanted = 0;      // the policy's step before the tier's min or max cut it (signed as delta; 0: = delta)
  std::string reason;  // human-readable, logged in events.jsonl
  // The numbers the policy decided on (metric, target, ratio, desired, ...), by name: logged as the
  // scale_decision event's `inputs` object, so analyses need not parse `reason`.
  // Empty for threshold, whose inputs are the event's own fields.
  std::vector<std::pair<std::string, double>> inputs;
};

// One tier's forecast at a predictive policy's last decide(): the farm manager logs it (`forecast` event) and
// the recorder summarises it. Optionals are null in the event: no forecast yet, or none made for this interval.
struct ForecastNote {
  int tier = 0;
  std::string method;                      // "seasonal_naive" or "holt_winters"
  std::optional<double> for_s;             // the time the provisioning forecast is for
  std::optional<double> forecast_rps;      // that forecast
  double observed_rps = 0;                 // offered over the interval just ended
  std::optional<double> forecast_now_rps;  // the forecast made earlier for the interval just ended
  std::optional<double> error;             // (forecast_now_rps - observed_rps) / observed_rps; none if observed 0
  std::optional<double> running_error;     // WAPE over the last error_window forecasts
  bool reactive = false;                   // provisioned reactively at this tick
};

class ScalingPolicy {
 public:
  virtual ~ScalingPolicy() = default;
  // Called at each control interval with the time and one observation per tier.
  virtual std::vector<ScalingDecision> decide(double now, const std::vector<TierObservation>& tiers) = 0;
  // Before decide(): narrows each tier's min and max for this interval (a schedule does). The farm manager
  // passes the narrowed bounds to decide() and applies decisions within them.
  virtual void bound(double /*now*/, std::vector<TierObservation>& /*tiers*/) const {}
  // After decide(): whether the tier still presses for more CPUs, acting now or not (e.g. waiting out a
  // cooldown under the same load). A refused scale-out's need stays open while this holds.
  virtual bool wants_more(int tier) const = 0;
  // After decide(): what a forecasting policy forecast, per tier (none for the others).
  virtual std::vector<ForecastNote> forecasts() const { return {}; }
};

// The step toward `size` a tier of `current` CPUs may take within its observed min and max: the part of
// wanted = size - current that the bounds leave, with wanted's sign (0 when they cut it all). Policies that
// compute a desired size (target_tracking, predictive) report wanted and this delta.
int delta_within_bounds(const TierObservation& o, int size, int current);

// Builds the policy a VSF asks for (PolicyType::None never scales).
std::unique_ptr<ScalingPolicy> make_policy(const PolicySpec& spec);

}  // namespace vsf
