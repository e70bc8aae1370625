// A VSF's "policy". Its "type" is read first and chooses the key table (as traffic components do), so a
// target_tracking key in a step policy is an unknown key with a suggestion, not a silently ignored one.
// Cross-key rules the tables cannot say are checked here: a utilization target or threshold above 1, step
// adjustments that overlap, leave a gap or point the wrong way, a scale-in alarm above the scale-out one.
#include <fmt/format.h>

#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "util/json_util.hpp"

namespace vsf::scenario_detail {

namespace {

const KeyTable& keys_of(PolicyType t) {
  switch (t) {
    case PolicyType::None:
    case PolicyType::Threshold:
      return scenario_keys::policy();
    case PolicyType::TargetTracking:
      return scenario_keys::policy_target_tracking();
    case PolicyType::Step:
      return scenario_keys::policy_step();
    case PolicyType::Scheduled:
      return scenario_keys::policy_scheduled();
    case PolicyType::Predictive:
      return scenario_keys::policy_predictive();
  }
  return scenario_keys::policy();
}

// A utilization is a fraction: a target or threshold above 1 could never be reached (or always breached).
void check_utilization(const Source& src, const Fields& f, PolicyMetric metric, const std::string& key, double v) {
  if (metric == PolicyMetric::Utilization && v > 1)
    src.error(f.at(key), fmt::format("a utilization {} must be at most 1 (a fraction of the serving CPUs' capacity), "
                                     "found {}",
                                     key, v));
}

void read_rate_limits(const Source& src, const json& v, const std::string& ptr, std::vector<RateLimit>& out) {
  const json* arr = read_array(src, v, ptr, /*non_empty=*/true);
  if (!arr) return;
  out.clear();
  for (size_t i = 0; i < arr->size(); ++i) {
    Fields f(src, (*arr)[i], pointer_join(ptr, i), scenario_keys::tt_rate_limit(), "a rate limit");
    if (!f.ok()) continue;
    RateLimit r;
    f.read("type", r.type, kRateLimitTypes);
    f.read("value", r.value);
    f.read("period", r.period_s);
    out.push_back(r);
  }
}

void read_rules(const Source& src, const json* v, const std::string& ptr, const KeyTable& table, ScalingRules& r) {
  if (!v) return;
  Fields f(src, *v, ptr, table, "HPA scaling rules");
  if (!f.ok()) return;
  f.read("stabilization_window", r.stabilization_s);
  f.read("select_policy", r.select, kSelectPolicies);
  if (const json* p = f.value("policies")) read_rate_limits(src, *p, f.at("policies"), r.policies);
}

void read_target_tracking(const Source& src, const Fields& f, TargetTrackingSpec& t) {
  f.read("metric", t.metric, kPolicyMetrics);
  if (f.read("target", t.target)) check_utilization(src, f, t.metric, "target", t.target);
  f.read("tolerance", t.tolerance);
  if (const json* b = f.value("behavior")) {
    Fields bf(src, *b, f.at("behavior"), scenario_keys::tt_behavior(), "a target_tracking behavior");
    if (!bf.ok()) return;
    read_rules(src, bf.value("scale_up"), bf.at("scale_up"), scenario_keys::tt_scale_up(), t.scale_up);
    read_rules(src, bf.value("scale_down"), bf.at("scale_down"), scenario_keys::tt_scale_down(), t.scale_down);
  }
}

std::string bound_text(const std::optional<double>& b, bool lower) {
  return b ? fmt::format("{}", *b) : (lower ? "null (minus infinity)" : "null (plus infinity)");
}

// Checked only once every band read well, so a bad band is not reported again as a gap or an overlap.
void check_coverage(const Source& src, const std::string& ptr, bool scale_out, const std::vector<StepBand>& out) {
  const StepBand& first = out.front();
  const StepBand& last = out.back();
  if (scale_out && !(first.lower && *first.lower == 0))
    src.error(pointer_join(pointer_join(ptr, 0), "lower"),
              fmt::format("the first scale-out step must start at the threshold: expected lower 0, found {}",
                          bound_text(first.lower, true)));
  if (!scale_out && first.lower)
    src.error(pointer_join(pointer_join(ptr, 0), "lower"),
              fmt::format("the first scale-in step must be open below: expected lower null or absent, found {}",
                          *first.lower));
  for (size_t i = 0; i + 1 < out.size(); ++i)
    if (!out[i].upper || !out[i + 1].lower || *out[i].upper != *out[i + 1].lower)
      src.error(pointer_join(pointer_join(ptr, i + 1), "lower"),
                fmt::format("steps must be contiguous, in increasing order: expected lower = the previous step's upper "
                            "({}), found {}",
                            bound_text(out[i].upper, false), bound_text(out[i + 1].lower, true)));
  const std::string last_upper = pointer_join(pointer_join(ptr, out.size() - 1), "upper");
  if (scale_out && last.upper)
    src.error(last_upper, fmt::format("the last scale-out step must be open above: expected upper null or absent, "
                                      "found {}",
                                      *last.upper));
  if (!scale_out && !(last.upper && *last.upper == 0))
    src.error(last_upper, fmt::format("the last scale-in step must end at the threshold: expected upper 0, found {}",
                                      bound_text(last.upper, false)));
}

// AWS's rules for one policy's step adjustments: no overlap and no gap, at most one open bound each way;
// here also in order, and covering every breach of the alarm: [0, +inf) above a scale-out threshold,
// (-inf, 0] below a scale-in one, so every alarm has a step to take.
void read_steps(const Source& src, const json& v, const std::string& ptr, bool scale_out, std::vector<StepBand>& out) {
  const json* arr = read_array(src, v, ptr, /*non_empty=*/true);
  if (!arr) return;
  bool ok = true;
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string at = pointer_join(ptr, i);
    Fields f(src, (*arr)[i], at, scenario_keys::step_adjustment(), "a step adjustment");
    if (!f.ok()) {
      ok = false;
      continue;
    }
    StepBand b;
    for (const char* key : {"lower", "upper"}) {
      const json* x = f.value(key);
      if (!x || x->is_null()) continue;
      auto n = read_number(src, *x, f.at(key), -1e9, 1e9);
      if (!n) {
        ok = false;
        continue;
      }
      (std::string(key) == "lower" ? b.lower : b.upper) = *n;
    }
    if (f.read("adjustment", b.adjustment)) {
      if (scale_out && b.adjustment <= 0)
        src.error(f.at("adjustment"),
                  fmt::format("a scale-out step adds CPUs: expected an adjustment > 0, found {}", b.adjustment));
      if (!scale_out && b.adjustment >= 0)
        src.error(f.at("adjustment"),
                  fmt::format("a scale-in step removes CPUs: expected an adjustment < 0, found {}", b.adjustment));
    } else {
      ok = false;
    }
    if (b.lower && b.upper && !(*b.lower < *b.upper)) {
      src.error(at, fmt::format("lower ({}) must be less than upper ({})", *b.lower, *b.upper));
      ok = false;
    }
    out.push_back(b);
  }
  if (ok && !out.empty()) check_coverage(src, ptr, scale_out, out);
}

// The keys an alarm shares between the policy (scale-out) and its scale_in object.
void read_alarm(const Source& src, const Fields& f, PolicyMetric metric, bool scale_out, StepAlarm& a) {
  if (f.read("threshold", a.threshold)) check_utilization(src, f, metric, "threshold", a.threshold);
  f.read("evaluation_periods", a.evaluation_periods);
  f.read("adjustment_type", a.adjustment_type, kAdjustmentTypes);
  f.read("min_adjustment_magnitude", a.min_adjustment_magnitude);
  if (const json* s = f.value("steps")) read_steps(src, *s, f.at("steps"), scale_out, a.steps);
}

void read_step(const Source& src, const Fields& f, StepScalingSpec& s, double cooldown_s) {
  f.read("metric", s.metric, kPolicyMetrics);
  read_alarm(src, f, s.metric, true, s.scale_out);
  s.scale_out.cooldown_s = cooldown_s;
  if (const json* in = f.value("scale_in")) {
    Fields g(src, *in, f.at("scale_in"), scenario_keys::step_scale_in(), "a scale-in alarm");
    if (!g.ok()) return;
    StepAlarm a;
    a.cooldown_s = cooldown_s;
    read_alarm(src, g, s.metric, false, a);
    if (g.has("threshold") && f.has("threshold") && a.threshold > s.scale_out.threshold)
      src.error(g.at("threshold"), fmt::format("the scale-in threshold ({}) must be <= the scale-out threshold ({}): "
                                               "else both alarms can fire at once",
                                               a.threshold, s.scale_out.threshold));
    s.scale_in = std::move(a);
  }
}

}  // namespace

void read_policy(const Source& src, const json& v, const std::string& ptr, PolicySpec& p) {
  if (!v.is_object()) {
    src.error(ptr, fmt::format("expected a scaling policy (a JSON object with \"type\"), found {}", json_found(v)));
    return;
  }
  const auto type_it = v.find("type");
  if (type_it == v.end()) {
    std::string list;
    for (const std::string& name : enum_names(kPolicyTypes)) list += (list.empty() ? "\"" : ", \"") + name + "\"";
    src.error(ptr, fmt::format("missing required key \"type\" (one of {})", list));
    return;
  }
  const auto type = read_enum_choice(src, *type_it, pointer_join(ptr, "type"), kPolicyTypes);
  if (!type) return;
  p.type = *type;
  Fields f(src, v, ptr, keys_of(p.type), fmt::format("a \"{}\" scaling policy", to_string(p.type)));
  const bool interval_ok = f.read("interval", p.interval_s) || !f.has("interval");
  switch (p.type) {
    case PolicyType::None:  // the threshold keys are accepted with "none" too, so a sweep can switch a policy on
    case PolicyType::Threshold: {
      const bool high = f.read("high", p.high);
      const bool low = f.read("low", p.low);
      if ((high || low) && !(p.high > p.low))
        src.error(f.at(high ? "high" : "low"), fmt::format("high ({}) must be greater than low ({})", p.high, p.low));
      f.read("window", p.window_s);
      f.read("step", p.step);
      f.read("cooldown", p.cooldown_s);
      break;
    }
    case PolicyType::TargetTracking:
      read_target_tracking(src, f, p.target_tracking);
      break;
    case PolicyType::Step:
      f.read("cooldown", p.cooldown_s);
      read_step(src, f, p.step_scaling, p.cooldown_s);
      break;
    case PolicyType::Scheduled:  // the schedule alone
      break;
    case PolicyType::Predictive:
      read_predictive(src, f, p.interval_s, interval_ok, p.predictive);
      break;
  }
  read_schedule(src, f, p.type == PolicyType::Scheduled, p.schedule);
}

}  // namespace vsf::scenario_detail
