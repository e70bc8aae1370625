// Virtual Server Farms: each one's load balancer, tiers, scaling policy and offered traffic. SI units.
#pragma once

#include <array>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "model/cdn_spec.hpp"
#include "model/customer_api_spec.hpp"
#include "model/predictive_spec.hpp"
#include "model/schedule_spec.hpp"
#include "model/traffic_spec.hpp"

namespace vsf {

enum class PolicyType { None, Threshold, TargetTracking, Step, Scheduled, Predictive };
// Every value, in the order messages and the documentation list them.
inline constexpr std::array kPolicyTypes{PolicyType::None, PolicyType::Threshold, PolicyType::TargetTracking,
                                         PolicyType::Step, PolicyType::Scheduled, PolicyType::Predictive};
// The JSON spelling: "none", "threshold", "target_tracking", "step", "scheduled", "predictive".
const char* to_string(PolicyType t);

// What target_tracking and step measure of a tier: its utilization (0..1), or the VSF's offered requests/s per
// serving CPU of the tier (AWS's ALBRequestCountPerTarget).
enum class PolicyMetric { Utilization, RequestsPerCpu };
inline constexpr std::array kPolicyMetrics{PolicyMetric::Utilization, PolicyMetric::RequestsPerCpu};
const char* to_string(PolicyMetric m);  // "utilization", "requests_per_cpu"

// Kubernetes HPA `behavior`: a scaling rule's policy type and how its policies combine.
enum class RateLimitType { Pods, Percent };
inline constexpr std::array kRateLimitTypes{RateLimitType::Pods, RateLimitType::Percent};
const char* to_string(RateLimitType t);  // "pods", "percent"
enum class SelectPolicy { Max, Min, Disabled };
inline constexpr std::array kSelectPolicies{SelectPolicy::Max, SelectPolicy::Min, SelectPolicy::Disabled};
const char* to_string(SelectPolicy s);  // "max", "min", "disabled"

// One HPA scaling policy: at most `value` CPUs (Pods) or percent of the size at the period's start (Percent)
// changed within any `period_s`.
struct RateLimit {
  RateLimitType type = RateLimitType::Percent;
  int value = 100;
  double period_s = 15;
};

// HPA behavior.scaleUp or .scaleDown; the defaults are the HPA's (kubernetes.io, "Default Behavior").
struct ScalingRules {
  double stabilization_s = 0;
  SelectPolicy select = SelectPolicy::Max;
  std::vector<RateLimit> policies;
};
inline ScalingRules default_scale_up() {
  return {0, SelectPolicy::Max, {{RateLimitType::Percent, 100, 15}, {RateLimitType::Pods, 4, 15}}};
}
inline ScalingRules default_scale_down() { return {300, SelectPolicy::Max, {{RateLimitType::Percent, 100, 15}}}; }

struct TargetTrackingSpec {
  PolicyMetric metric = PolicyMetric::Utilization;
  double target = 0.6;  // utilization 0..1, or requests/s per serving CPU
  double tolerance = 0.1;
  ScalingRules scale_up = default_scale_up();
  ScalingRules scale_down = default_scale_down();
};

// AWS step scaling: "adjustment_type".
enum class AdjustmentType { ChangeInCapacity, PercentChangeInCapacity };
inline constexpr std::array kAdjustmentTypes{AdjustmentType::ChangeInCapacity, AdjustmentType::PercentChangeInCapacity};
const char* to_string(AdjustmentType t);  // "change_in_capacity", "percent_change_in_capacity"

// One step adjustment; bounds are relative to the alarm's threshold, none = minus or plus infinity.
struct StepBand {
  std::optional<double> lower, upper;
  int adjustment = 0;  // CPUs, or percent of the current capacity
};

// One CloudWatch alarm (metric >= threshold for scale-out, < threshold for scale-in, for evaluation_periods
// consecutive intervals) and the step scaling policy it triggers.
struct StepAlarm {
  double threshold = 0;
  int evaluation_periods = 1;
  AdjustmentType adjustment_type = AdjustmentType::ChangeInCapacity;
  int min_adjustment_magnitude = 1;  // percent adjustments only
  std::vector<StepBand> steps;       // contiguous, by increasing bounds
  double cooldown_s = 120;
};

struct StepScalingSpec {
  PolicyMetric metric = PolicyMetric::Utilization;
  StepAlarm scale_out;
  std::optional<StepAlarm> scale_in;  // none: the policy never scales in
};

// How a tier's load balancer picks the server of a request (round robin, fewest outstanding requests, or
// one queue shared by the tier's cores).
enum class Dispatch { RoundRobin, LeastOutstanding, SharedQueue };
inline constexpr std::array kDispatches{Dispatch::RoundRobin, Dispatch::LeastOutstanding, Dispatch::SharedQueue};
const char* to_string(Dispatch d);  // "round_robin", "least_outstanding", "shared_queue"

// How a VSF's requests are simulated: one by one through SimGrid (exact, costly: one activity chain per
// request), or as a fluid whose tiers are queueing formulas between events (src/sim/dataplane/flow*.hpp).
enum class Fidelity { Request, Flow };
inline constexpr std::array kFidelities{Fidelity::Request, Fidelity::Flow};
const char* to_string(Fidelity f);  // "request", "flow"

struct PolicySpec {
  PolicyType type = PolicyType::None;
  double interval_s = 30;              // control interval of the farm manager
  double high = 0.75, low = 0.3;       // utilization thresholds
  double window_s = 60;                // how long the condition must hold
  int step = 1;                        // CPUs added or removed per decision
  double cooldown_s = 120;             // quiet time after a scaling action of the same tier
  TargetTrackingSpec target_tracking;  // type target_tracking only
  StepScalingSpec step_scaling;        // type step only
  PredictiveSpec predictive;           // type predictive only
  ScheduleSpec schedule;               // any type ("scheduled": the schedule alone): bounds per tier over time
};

// One of vsfs[].shadow_policies: evaluated beside the active policy on the same observations, logged and
// summarised, never applied.
struct ShadowPolicy {
  std::string name;  // unique within the VSF; default: the policy's type, then "-2", "-3", ... if repeated
  PolicySpec policy;
};

struct Tier {
  std::string role;  // key of Models::roles
  int initial = 1, min = 1, max = 1;
  std::vector<std::string> cpus;  // optional: initial CPUs by name
  Dispatch dispatch = Dispatch::RoundRobin;
  int calls = 1;  // requests into this tier per request into the previous one
};

struct LoadBalancer {
  bool enabled = true;
  std::string role = "lb";
  std::string cpu;        // optional: the LB's CPU by name
  double reconfig_s = 1;  // time to add or remove a server from the LB's set
};

// A policy-free demand for CPUs (vsfs[].cpu_demand): requests for one CPU of the VSF's first tier arrive
// as a Poisson process; each CPU granted joins, serves for an exponential hold, then is released. A request
// the idle pool cannot serve is lost, not retried: with no other scaling the idle pool is an Erlang loss
// system (README, Validation).
struct CpuDemand {
  double rate_per_s = 0;  // requests for one CPU per second
  double hold_s = 0;      // mean time a granted CPU serves before its release
};

struct VsfSpec {
  std::string name;
  // Where the loader read it ("/vsfs/3"), for messages; the copies of a group all have the group's pointer.
  std::string pointer;
  double start_s = 0;  // when the VSF is created; before that it does not exist
  bool warm = true;    // true: initial CPUs serve at start_s; false: they boot first
  LoadBalancer lb;
  std::vector<Tier> tiers;  // 1..3, in call order
  double sla_s = 0.5;       // response-time target (p95 over an output interval)
  double timeout_s = 30;    // a request not answered by then counts as timed out
  PolicySpec policy;
  double traffic_scale = 1;  // this VSF's factor on its traffic, as given; the rate is scaled by Scenario's too
  std::vector<TrafficComponent> traffic;
  Fidelity fidelity = Fidelity::Request;  // vsfs[].fidelity, else the scenario's `fidelity`
  std::optional<CpuDemand> cpu_demand;    // absent: no demand generator
  std::vector<ShadowPolicy> shadow_policies;
  std::string customer;  // who is billed; the loader sets it to `name` when not given
  std::string plan;      // key of Models::plans; empty: not billed
  int order = -1;        // index in Scenario::orders of the order that built it; -1: given in `vsfs`
  // When the VSF is decommissioned (its `end`, or the time a decommission order is carried out): its traffic
  // stops, its CPUs return to the idle pool, its farm manager lets it go (issue 13 §1). Infinity: never.
  double end_s = std::numeric_limits<double>::infinity();
  int decommission_order = -1;  // index in Scenario::orders of the order that ended it; -1: none
  // The customer's control values: min/max of a tier from a given time on (issue 13 §2), checked against the
  // plan's limits when they come into force.
  std::vector<ScheduleEntry> control_values;
  double storage_bytes = 0;        // vsfs[].storage: data beside the boot images, billed per GB-month (issue 13 §2)
  std::vector<ApiRule> api_rules;  // the application's own calls to the control plane API (issue 13 §3)
  int site = 0;                    // vsfs[].site: index into Grid::sites of its home site (0 without sites) (issue 14)
  // A CDN (model/cdn_spec.hpp): as read, until the loader expands it; the origin keeps it after.
  std::optional<CdnSpec> cdn;
  int cdn_origin = -1;         // an edge: index into Scenario::vsfs of its origin; -1: not an edge
  std::vector<int> cdn_edges;  // the origin: its edges' indices
  HitRatio hit_ratio;          // an edge: its cache's hit ratio by serving CPUs
};

}  // namespace vsf
