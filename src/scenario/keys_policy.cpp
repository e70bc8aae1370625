// The key tables of a VSF's scaling policy, one per "type", and of its parts (target_tracking's behavior, step's
// alarms and adjustments). Docs are the schema's descriptions, word for word (a test checks it).
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

// A VSF's scaling policy of type "none" or "threshold"; the threshold keys are accepted with "none" too, so a sweep
// can switch a policy on with one --set.
const KeyTable& policy() {
  static const KeyTable table = {
      {"type", choice(), required, none,
       "\"none\" never scales (only actions move CPUs); \"threshold\" scales each tier on its utilization. Required."},
      {"interval", duration(positive), optional, "30s",
       "Control interval: the farm manager observes and decides every interval, from the VSF's start. A duration > 0."},
      {"high", number(0, 1), optional, "0.75",
       "Scale out when a tier's utilization (a fraction 0 to 1, > low) stays above it for window."},
      {"low", number(0, 1), optional, "0.3",
       "Scale in when a tier's utilization (a fraction 0 to 1) stays below it for window."},
      {"window", duration(non_negative), optional, "60s",
       "How long a threshold condition must hold before the policy acts: a duration >= 0."},
      {"step", integer(1, kMaxCount), optional, "1",
       "CPUs added or removed per decision, within the tier's min and max."},
      {"cooldown", duration(non_negative), optional, "2min",
       "Quiet time of a tier after one of its scaling actions: a duration >= 0."},
      {"schedule", array(), optional, none,
       "Entries {\"tier\", \"at\" | \"daily\" | \"weekly\", \"min\", \"max\"} setting a tier's min and max over time; "
       "the bounds in force bound the policy's decisions. At most 200."},
      {"week_start_day", integer(1, 7), optional, "1",
       "Day of the week of the day that starts at t = 0, for weekly schedule entries: 1 (Monday) to 7."},
  };
  return table;
}

// Type "target_tracking": the Kubernetes HorizontalPodAutoscaler algorithm.
const KeyTable& policy_target_tracking() {
  static const KeyTable table = {
      {"type", choice(), required, none,
       "\"target_tracking\": the Kubernetes HorizontalPodAutoscaler algorithm, desired = ceil(current * metric / "
       "target) per tier. Required."},
      {"interval", duration(positive), optional, "30s",
       "Control interval: the farm manager observes and decides every interval, from the VSF's start (the HPA's sync "
       "period is 15s). A duration > 0."},
      {"metric", choice(), optional, "utilization",
       "What is tracked per tier: \"utilization\" (busy fraction of the serving CPUs) or \"requests_per_cpu\" (the "
       "VSF's offered requests/s per serving CPU of the tier)."},
      {"target", number(positive), required, none,
       "The metric's target: a utilization in (0, 1], or requests/s per serving CPU (> 0). Required."},
      {"tolerance", number(0, 10), optional, "0.1",
       "No scaling while |metric / target - 1| <= tolerance: a number 0 to 10."},
      {"behavior", object(), optional, none,
       "Rate limits and stabilization: {\"scale_up\", \"scale_down\"}, each defaulting to the HPA's default behavior."},
      {"schedule", array(), optional, none,
       "Entries {\"tier\", \"at\" | \"daily\" | \"weekly\", \"min\", \"max\"} setting a tier's min and max over time; "
       "the bounds in force bound the policy's decisions. At most 200."},
      {"week_start_day", integer(1, 7), optional, "1",
       "Day of the week of the day that starts at t = 0, for weekly schedule entries: 1 (Monday) to 7."},
  };
  return table;
}

// target_tracking's "behavior".
const KeyTable& tt_behavior() {
  static const KeyTable table = {
      {"scale_up", object(), optional, none,
       "Scaling rules of scale-outs; default: no stabilization, the larger of +100 % and +4 CPUs per 15s."},
      {"scale_down", object(), optional, none,
       "Scaling rules of scale-ins; default: a 300s stabilization window, at most -100 % per 15s."},
  };
  return table;
}

// behavior.scale_up and behavior.scale_down: the same keys, the HPA's defaults differ.
const KeyTable& tt_scale_up() {
  static const KeyTable table = {
      {"stabilization_window", duration(non_negative), optional, "0s",
       "Scale out only to the lowest recommendation of this window (the newest included): a duration >= 0."},
      {"select_policy", choice(), optional, "max",
       "Which policy limits: \"max\" (the one allowing the largest change), \"min\" (the smallest) or "
       "\"disabled\" (never scale out)."},
      {"policies", array(), optional,
       "[{\"type\": \"percent\", \"value\": 100, \"period\": \"15s\"}, {\"type\": "
       "\"pods\", \"value\": 4, \"period\": \"15s\"}]",
       "Rate limits {\"type\", \"value\", \"period\"}: at least one."},
  };
  return table;
}

//
const KeyTable& tt_scale_down() {
  static const KeyTable table = {
      {"stabilization_window", duration(non_negative), optional, "300s",
       "Scale in only to the highest recommendation of this window (the newest included): a duration >= 0."},
      {"select_policy", choice(), optional, "max",
       "Which policy limits: \"max\" (the one allowing the largest change), \"min\" (the smallest) or "
       "\"disabled\" (never scale in)."},
      {"policies", array(), optional, "[{\"type\": \"percent\", \"value\": 100, \"period\": \"15s\"}]",
       "Rate limits {\"type\", \"value\", \"period\"}: at least one."},
  };
  return table;
}

// One rate limit of behavior.*.policies.
const KeyTable& tt_rate_limit() {
  static const KeyTable table = {
      {"type", choice(), required, none,
       "\"pods\": value CPUs; \"percent\": value percent of the tier's size at the start of the period. Required."},
      {"value", integer(1, kMaxCount), required, none, "The limit: an integer 1 to 1000000. Required."},
      {"period", duration(positive), required, none,
       "The changes of the last period count against the limit: a duration > 0. Required."},
  };
  return table;
}

// Type "step": AWS step scaling, a scale-out alarm and optionally a scale-in alarm.
const KeyTable& policy_step() {
  static const KeyTable table = {
      {"type", choice(), required, none,
       "\"step\": AWS step scaling, an alarm on the metric and step adjustments by how far it is breached. Required."},
      {"interval", duration(positive), optional, "30s",
       "Control interval and alarm period: the farm manager observes and decides every interval, from the VSF's "
       "start. A duration > 0."},
      {"metric", choice(), optional, "utilization",
       "What the alarms watch per tier: \"utilization\" or \"requests_per_cpu\" (as in target_tracking)."},
      {"threshold", number(0, 1e9), required, none,
       "Scale-out alarm: in alarm while the metric is >= threshold (a number >= 0; <= 1 for utilization). Required."},
      {"evaluation_periods", integer(1, 1000), optional, "1",
       "Consecutive intervals the alarm condition must hold before the policy acts: 1 to 1000."},
      {"adjustment_type", choice(), optional, "change_in_capacity",
       "Adjustments are CPUs (\"change_in_capacity\") or percent of the current size "
       "(\"percent_change_in_capacity\": truncated toward zero, then at least min_adjustment_magnitude)."},
      {"min_adjustment_magnitude", integer(1, kMaxCount), optional, "1",
       "Least CPUs a percent adjustment changes: 1 to 1000000."},
      {"steps", array(), required, none,
       "Step adjustments {\"lower\", \"upper\", \"adjustment\"} by metric - threshold, contiguous from 0 up to an "
       "open upper bound. Required."},
      {"cooldown", duration(non_negative), optional, "2min",
       "Quiet time of a tier after one of its scaling actions, for both alarms: a duration >= 0."},
      {"scale_in", object(), optional, none, "The scale-in alarm and its steps; absent: the policy never scales in."},
      {"schedule", array(), optional, none,
       "Entries {\"tier\", \"at\" | \"daily\" | \"weekly\", \"min\", \"max\"} setting a tier's min and max over time; "
       "the bounds in force bound the policy's decisions. At most 200."},
      {"week_start_day", integer(1, 7), optional, "1",
       "Day of the week of the day that starts at t = 0, for weekly schedule entries: 1 (Monday) to 7."},
  };
  return table;
}

// step's "scale_in".
const KeyTable& step_scale_in() {
  static const KeyTable table = {
      {"threshold", number(0, 1e9), required, none,
       "Scale-in alarm: in alarm while the metric is < threshold (<= the scale-out threshold). Required."},
      {"evaluation_periods", integer(1, 1000), optional, "1",
       "Consecutive intervals the alarm condition must hold before the policy acts: 1 to 1000."},
      {"adjustment_type", choice(), optional, "change_in_capacity",
       "\"change_in_capacity\" or \"percent_change_in_capacity\", as for scale-out."},
      {"min_adjustment_magnitude", integer(1, kMaxCount), optional, "1",
       "Least CPUs a percent adjustment removes: 1 to 1000000."},
      {"steps", array(), required, none,
       "Step adjustments {\"lower\", \"upper\", \"adjustment\"} by metric - threshold (<= 0), contiguous from an "
       "open lower bound up to 0, adjustments < 0. Required."},
  };
  return table;
}

// One step adjustment of step.steps or step.scale_in.steps.
const KeyTable& step_adjustment() {
  static const KeyTable table = {
      {"lower", custom(), optional, none,
       "Lower bound of metric - threshold: a number, or null or absent for minus infinity."},
      {"upper", custom(), optional, none,
       "Upper bound of metric - threshold: a number, or null or absent for plus infinity."},
      {"adjustment", integer(-kMaxCount, kMaxCount), required, none,
       "CPUs (or percent) to add (> 0, scale-out) or remove (< 0, scale-in). Required."},
  };
  return table;
}

// Type "scheduled": the schedule alone, no load rule.
const KeyTable& policy_scheduled() {
  static const KeyTable table = {
      {"type", choice(), required, none,
       "\"scheduled\": the schedule alone; each tier is kept within the min and max in force. Required."},
      {"interval", duration(positive), optional, "30s",
       "Control interval: the farm manager observes and applies the schedule every interval, from the VSF's start. "
       "A duration > 0."},
      {"schedule", array(), required, none,
       "Entries {\"tier\", \"at\" | \"daily\" | \"weekly\", \"min\", \"max\"} setting a tier's min and max over "
       "time: 1 to 200. Required."},
      {"week_start_day", integer(1, 7), optional, "1",
       "Day of the week of the day that starts at t = 0, for weekly schedule entries: 1 (Monday) to 7."},
  };
  return table;
}

// One entry of a policy's "schedule": when (exactly one of at, daily, weekly), which tier, which bounds.
const KeyTable& schedule_entry() {
  static const KeyTable table = {
      {"tier", string(), optional, none,
       "Role of the tier whose bounds the entry sets; may be omitted when the VSF has one tier."},
      {"at", duration(non_negative), optional, none, "Once, at this time from the start of the run: a duration >= 0."},
      {"daily", custom(), optional, none, "Every day at this time: \"HH:MM\" or \"HH:MM:SS\" (00:00 to 23:59:59)."},
      {"weekly", custom(), optional, none,
       "Every week on this day at this time: \"mon\" to \"sun\", a space, then \"HH:MM\" or \"HH:MM:SS\"."},
      {"min", integer(0, kMaxCount), optional, none, "The tier's min from this time on: an integer 0 to 1000000."},
      {"max", integer(1, kMaxCount), optional, none, "The tier's max from this time on: an integer 1 to 1000000."},
  };
  return table;
}

}  // namespace vsf::scenario_keys
