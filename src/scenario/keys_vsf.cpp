// The key tables of a VSF and its parts: load balancer, tiers, scaling policy, traffic components. Docs are the
// schema's descriptions, word for word (a test checks it).
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

// One VSF of "vsfs". "lb" is a boolean or an object; "traffic" one component or an array of them.
const KeyTable& vsf() {
  static const KeyTable table = {
      {"name", string(), required, none,
       "The VSF's unique name: 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit. Required."},
      {"description", text(), optional, "", "Free text about the VSF."},
      {"start", duration(non_negative), optional, "0s",
       "When the control plane creates the VSF (simulated time from t = 0, before duration); it receives traffic from "
       "then on. A duration >= 0."},
      {"warm", boolean(), optional, "true",
       "true: the initial CPUs serve at start (steady state); false: they first go through the whole lifecycle (VLAN "
       "and SAN-zone configuration, power on, POST, boot image read, OS start)."},
      {"lb", custom(), optional, "{\"role\": \"lb\"}",
       "The load balancer/firewall in front of the first tier: an object, true (the default LB) or false (no LB CPU: "
       "requests go straight to the first tier)."},
      {"tiers", array(), required, none,
       "The tiers in call order (e.g. web, app, db): 1 to 3, roles unique within the VSF. Required."},
      {"sla", duration(positive), optional, "500ms",
       "Response-time target: an output interval whose p95 response time exceeds it counts as SLA violation time. A "
       "duration > 0."},
      {"timeout", duration(positive), optional, "30s",
       "A request not answered by then is abandoned and counted as timed out: a duration > 0."},
      {"policy", object(), optional, "{\"type\": \"none\"}", "The scaling policy of the VSF's farm manager."},
      {"cpu_demand", object(), optional, none,
       "A policy-free demand for CPUs of the VSF's first tier, on top of any policy: requests for one CPU arrive as a "
       "Poisson process and go to the master like scale-outs; a granted CPU joins, serves for an exponential hold and "
       "is released; a request the idle pool cannot serve (or that finds the tier at its max) is lost. Absent: none."},
      {"traffic_scale", number(0, 1e9), optional, "1",
       "Factor on this VSF's traffic, every component and type alike (times the scenario's traffic_scale): a number "
       ">= 0; 0 offers no requests. The scaled peak rate must stay within 1e9 requests/s."},
      {"traffic_shift", duration(non_negative), optional, "0s",
       "Shifts this VSF's whole traffic later in time: its rate at t is the rate written for t - traffic_shift "
       "(diurnal phase and weeks, steps, flash_crowd start, trace start; a constant rate is unchanged). A "
       "duration >= 0; a group's copies add their drawn vary.phase to it."},
      {"traffic", custom(), required, none,
       "The offered load: one traffic component, or an array of components whose rates add up. Required."},
      {"fidelity", choice(), optional, none,
       "How this VSF's requests are simulated: \"request\" or \"flow\"; default: the scenario's fidelity (a "
       "group's copies all have the group's)."},
      {"count", integer(1, 100000), optional, none,
       "Makes this entry a group: count VSFs (1 to 100000) named NAME-1 ... NAME-count, copies of this definition "
       "with their own draws of vary. Absent: one VSF named NAME."},
      {"vary", object(), optional, none,
       "A group's per-copy draws (only with count): traffic phase and scale, tier sizes, from seeded distributions."},
  };
  return table;
}

// A group's "vary": each key a distribution drawn once per copy.
const KeyTable& vary() {
  static const KeyTable table = {
      {"phase", custom(), optional, none,
       "A distribution of durations by which each copy's traffic is shifted later in time: every component (diurnal "
       "phase and weeks, steps, flash_crowd start, trace start)."},
      {"traffic_scale", custom(), optional, none,
       "A distribution of factors (>= 0) multiplying the definition's traffic_scale for the copy."},
      {"tiers", array(), optional, none,
       "Per tier, in the order of tiers (at most as many): {\"initial\", \"min\", \"max\"}, each a distribution of "
       "whole numbers drawn for the copy; the drawn sizes must keep 1 <= max and min <= initial <= max."},
  };
  return table;
}

// One entry of vary.tiers.
const KeyTable& vary_tier() {
  static const KeyTable table = {
      {"initial", custom(), optional, none, "A distribution of the tier's initial size (whole numbers >= 0)."},
      {"min", custom(), optional, none, "A distribution of the tier's min (whole numbers >= 0)."},
      {"max", custom(), optional, none, "A distribution of the tier's max (whole numbers >= 1)."},
  };
  return table;
}

// The distributions of vary, one table per "dist"; min, max and median have the unit of what they draw.
const KeyTable& vary_uniform() {
  static const KeyTable table = {
      {"dist", choice(), required, none,
       "\"uniform\": every value of [min, max] alike (for whole numbers, each of min, min + 1, ..., max). Required."},
      {"min", custom(), required, none, "Smallest value, in the unit of the key (a duration for phase). Required."},
      {"max", custom(), required, none, "Largest value, >= min, in the unit of the key. Required."},
  };
  return table;
}

//
const KeyTable& vary_lognormal() {
  static const KeyTable table = {
      {"dist", choice(), required, none,
       "\"lognormal\": median * exp(sigma * z), z standard normal (whole numbers: rounded). Required."},
      {"median", custom(), required, none, "The median, > 0, in the unit of the key (a duration for phase). Required."},
      {"sigma", number(0, 10), required, none,
       "Standard deviation of the logarithm, 0 to 10 (0.25: most draws within a factor 1.6 of the median). Required."},
  };
  return table;
}

// A VSF's "lb" when it is an object.
const KeyTable& lb() {
  static const KeyTable table = {
      {"role", string(), optional, "lb",
       "Role blueprint of the LB CPU (models roles.NAME): its boot image and per-request work."},
      {"cpu", string(), optional, none, "The LB's CPU, by name; default: any idle CPU."},
      {"reconfig_latency", duration(non_negative), optional, "1s",
       "Time to add a server to, or remove one from, the LB's set: a duration >= 0."},
  };
  return table;
}

// One tier of a VSF; the defaults of initial, min and max depend on each other (see read_tier).
const KeyTable& tier() {
  static const KeyTable table = {
      {"role", string(), required, none, "Role blueprint (models roles.NAME)."},
      {"initial", integer(0, kMaxCount), optional, none,
       "Servers at the VSF's creation (0 to 1000000); default: min if given, else 1."},
      {"min", integer(0, kMaxCount), optional, none,
       "Fewest servers the policy keeps (0 to 1000000); default: initial if given (at most max), else 1."},
      {"max", integer(0, kMaxCount), optional, none,
       "Most servers the policy allows (1 to 1000000; min <= initial <= max); default: the larger of initial and min, "
       "so a tier with only initial has a fixed size."},
      {"dispatch", choice(), optional, "round_robin",
       "How requests are spread over the tier's servers: in turn (round_robin), to the server with the fewest requests "
       "in progress (least_outstanding), or one FIFO queue every server takes from (shared_queue, M/M/c)."},
      {"cpus", array(), optional, "[]",
       "CPUs, by name, for the initial servers (at most initial of them); the rest come from the idle pool."},
      {"calls", integer(1, 1000), optional, "1",
       "Requests into this tier per request into the previous tier (1 to 1000); ignored for the first tier (one per "
       "arriving request)."},
  };
  return table;
}

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

// Traffic components, one table per "type" (read before the table is chosen).
const KeyTable& traffic_constant() {
  static const KeyTable table = {
      {"type", choice(), required, none, "\"constant\": a constant rate. Required."},
      {"rate", rate(non_negative), required, none,
       "The rate: requests/s as a number, or \"120/s\", \"7200/min\", \"100000/h\". Required."},
  };
  return table;
}

//
const KeyTable& traffic_steps() {
  static const KeyTable table = {
      {"type", choice(), required, none, "\"steps\": piecewise-constant rates. Required."},
      {"steps", array(), required, none,
       "The steps {\"at\", \"rate\"}, at strictly increasing: each rate holds from its at to the next, 0 before the "
       "first. Required, non-empty."},
  };
  return table;
}

//
const KeyTable& traffic_step() {
  static const KeyTable table = {
      {"at", duration(non_negative), required, none,
       "When this step's rate starts: a duration >= 0 (simulated time from t = 0). Required."},
      {"rate", rate(non_negative), required, none,
       "The rate from at on: requests/s as a number, or \"120/s\", \"7200/min\", \"100000/h\". Required."},
  };
  return table;
}

//
const KeyTable& traffic_diurnal() {
  static const KeyTable table = {
      {"type", choice(), required, none,
       "\"diurnal\": mean + amplitude * cos(2 pi (t - phase) / period), between peak and trough. Required."},
      {"peak", rate(non_negative), required, none,
       "Rate at t = phase and every period after: requests/s as a number, or \"120/s\", \"7200/min\", \"100000/h\". "
       "Required, >= trough."},
      {"trough", rate(non_negative), required, none,
       "Rate half a period after each peak: requests/s as a number, or \"120/s\", \"7200/min\", \"100000/h\". "
       "Required, <= peak."},
      {"period", duration(positive), optional, "1d", "Length of one cycle: a duration > 0."},
      {"phase", duration(non_negative), optional, "0s", "Time of the first peak: a duration >= 0."},
      {"weekend_scale", number(0, 10), optional, "1",
       "Factor on the rate on days 6 and 7 of each week (days of 24 h from t = 0, whatever the period): 0 to 10; 0.6: "
       "weekends at 60 %."},
      {"week_start_day", integer(1, 7), optional, "1",
       "Day of the week of the day that starts at t = 0: 1 (the first weekday, such as Monday) to 7; days 6 and 7 are "
       "the weekend."},
  };
  return table;
}

//
const KeyTable& traffic_flash_crowd() {
  static const KeyTable table = {
      {"type", choice(), required, none,
       "\"flash_crowd\": 0 before start, a linear ramp to peak, then exponential decay. Required."},
      {"start", duration(non_negative), required, none,
       "When the crowd arrives (simulated time from t = 0): a duration >= 0. Required."},
      {"ramp", duration(non_negative), optional, "0s", "Duration of the linear rise from 0 to peak: a duration >= 0."},
      {"peak", rate(non_negative), required, none,
       "Rate at the end of the ramp: requests/s as a number, or \"120/s\", \"7200/min\", \"100000/h\". Required."},
      {"decay", duration(positive), required, none,
       "Time constant of the exponential decay after the peak: a duration > 0. Required."},
  };
  return table;
}

// "time_scale" must also be > 0, with its own message.
const KeyTable& traffic_trace() {
  static const KeyTable table = {
      {"type", choice(), required, none,
       "\"trace\": replay of a CSV trace, piecewise constant (each row's rate holds until the next row's time). "
       "Required."},
      {"file", string(), required, none, "CSV file with a header row, relative to the scenario's folder. Required."},
      {"time_column", string(), required, none, "Header of the time column. Required."},
      {"time_format", choice(), optional, "seconds",
       "Times are numbers of seconds, or ISO 8601 date-times (no offset means UTC); the trace's first row is its time "
       "0."},
      {"value_column", string(), required, none, "Header of the value column. Required."},
      {"value", choice(), optional, "rate", "Each value is a rate (requests/s), or a count of requests per bucket."},
      {"bucket", duration(positive), optional, "1min", "Bucket length of counts (value \"count\"): a duration > 0."},
      {"time_scale", number(0, 1e9), optional, "1",
       "Simulated seconds per trace second, a number > 0 (0.5 replays twice as fast)."},
      {"rate_scale", number(0, 1e12), optional, "1", "Factor on the trace's rate, a number >= 0."},
      {"loop", boolean(), optional, "false", "Repeat the trace when it ends; otherwise its rate is 0 after the end."},
  };
  return table;
}

// A VSF's "cpu_demand": the Erlang-loss traffic model of the idle pool.
const KeyTable& cpu_demand() {
  static const KeyTable table = {
      {"rate", rate(positive), required, none,
       "Requests for one CPU: per second as a number, or \"2/min\", \"30/h\"; > 0. Required."},
      {"hold", duration(positive), required, none,
       "Mean time a granted CPU serves before it is released (exponential): a duration > 0. Required."},
  };
  return table;
}

}  // namespace vsf::scenario_keys
