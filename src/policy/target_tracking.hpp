// The target_tracking policy: the Kubernetes HorizontalPodAutoscaler algorithm (kubernetes.io, "Horizontal Pod
// Autoscaling"), with a tier's CPUs as the pods. Per tier and control interval:
//   1. "Algorithm details": desired = ceil(ready * metric / target) over the serving CPUs, no change while
//      |metric / target - 1| <= tolerance; booting CPUs (pending) are the not-yet-ready pods: set aside on
//      scale-in, counted at 0 % of the target on scale-out, and no scaling when that flips the direction.
//   2. "Stabilization window": scale out to at most the lowest, scale in to at least the highest
//      recommendation of the scale_up / scale_down window.
//   3. "Scaling policies": the behavior's rate limits (Pods or Percent per period, selectPolicy Max, Min or
//      Disabled) against the changes this policy made within each period.
//   4. The tier's min and max (the HPA's minReplicas and maxReplicas): `wanted` keeps what steps 1-3 asked.
// The current size is serving + pending (the HPA's spec.replicas); draining CPUs are gone (terminating pods).
// A tier with no serving CPU has no metric, and the HPA does not scale from zero: no decision.
#pragma once

#include <deque>
#include <map>
#include <string>

#include "policy/policy.hpp"

namespace vsf {

class TargetTrackingPolicy : public ScalingPolicy {
 public:
  explicit TargetTrackingPolicy(const TargetTrackingSpec& spec);
  std::vector<ScalingDecision> decide(double now, const std::vector<TierObservation>& tiers) override;
  // The tier's last recommendation was above its size then.
  bool wants_more(int tier) const override;

 private:
  struct Recommendation {
    double at;
    int replicas;
  };
  struct TierState {
    std::deque<Recommendation> recommendations;  // raw, within the longer stabilization window
    std::deque<std::pair<double, int>> changes;  // (time, signed delta) asked, within the longest limit period
    bool wants_more = false;
    // The tier's recommendations are being cut to nothing by a bound, and that was reported: a tier resting at
    // its bound reports it once per run of such ticks (as threshold does), not at every tick.
    bool cut_reported = false;
  };
  // A size one step of the algorithm arrives at, and its part of the decision's reason.
  struct Proposal {
    int replicas;
    std::string text;
  };
  ScalingDecision decide_tier(double now, const TierObservation& o, TierState& st);
  Proposal desired_size(double ratio, int ready, int unready, int current) const;
  Proposal stabilize(double now, int desired, int current, TierState& st) const;
  Proposal rate_limit(double now, int stabilized, int current, const TierState& st) const;
  void record_change(double now, int delta, TierState& st) const;

  TargetTrackingSpec spec_;
  std::map<int, TierState> tiers_;  // by tier index
};

}  // namespace vsf
