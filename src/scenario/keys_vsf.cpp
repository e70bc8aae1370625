// The key tables of a VSF and its parts: load balancer, tiers, traffic components, cpu_demand (the scaling
// policy's are in keys_policy.cpp). Docs are the schema's descriptions, word for word (a test checks it).
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

namespace {

// A VSF's keys of the customers' side (issue 13): who pays, on what plan, the customer's bounds, its data.
KeyTable vsf_customer_keys() {
  return {
      {"customer", string(), optional, none,
       "Who is billed for the VSF (billing groups its bills by customer); default: the VSF's name (a group copy's own "
       "name)."},
      {"plan", string(), optional, none,
       "The service plan the VSF is billed on: a name in the model files' plans. Absent: the VSF is not billed."},
      {"control_values", array(), optional, none,
       "The customer's control values: entries {\"at\", \"tier\", \"min\", \"max\"} replacing a tier's min and "
       "max from a time on, each accepted or refused against the plan when it comes (a control_value event)."},
      {"storage", size(non_negative), optional, "0",
       "Bytes of data the VSF stores beside its CPUs' boot images (e.g. \"500GB\"), billed at its plan's "
       "storage_price_per_gb_month."},
  };
}

// A VSF's keys of what scales it: its policy, a policy-free demand, shadows, the application's API rules.
KeyTable vsf_scaling_keys() {
  return {
      {"policy", object(), optional, "{\"type\": \"none\"}", "The scaling policy of the VSF's farm manager."},
      {"cpu_demand", object(), optional, none,
       "A policy-free demand for CPUs of the VSF's first tier, on top of any policy: requests for one CPU arrive as "
       "a "
       "Poisson process and go to the master like scale-outs; a granted CPU joins, serves for an exponential hold "
       "and "
       "is released; a request the idle pool cannot serve (or that finds the tier at its max) is lost. Absent: "
       "none."},
      {"shadow_policies", array(), optional, "[]",
       "Shadow mode: policies evaluated beside the active one at its interval, on the same observations, whose "
       "decisions are logged (shadow_decision events) and summarised but never applied."},
      {"api_rules", array(), optional, "[]",
       "Rules of the customer's application: each reads a tier's queue at its interval and calls the control plane "
       "API for more CPUs above a threshold (or fewer below one), at most once per cooldown."},
  };
}

}  // namespace

// One VSF of "vsfs". "lb" is a boolean or an object; "traffic" one component or an array of them.
const KeyTable& vsf() {
  static const KeyTable table = [] {
    KeyTable t = {
        {"name", string(), required, none,
         "The VSF's unique name: 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit. Required."},
        {"description", text(), optional, "", "Free text about the VSF."},
        {"start", duration(non_negative), optional, "0s",
         "When the control plane creates the VSF (simulated time from t = 0, before duration); it receives traffic "
         "from "
         "then on. A duration >= 0."},
        {"end", duration(positive), optional, none,
         "When the VSF is decommissioned: its traffic stops, its CPUs return to the idle pool, its bill and metrics "
         "stop. A duration after start; at or beyond the run's end: never. Absent: never."},
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
        {"traffic_scale", number(0, 1e9), optional, "1",
         "Factor on this VSF's traffic, every component and type alike (times the scenario's traffic_scale): a number "
         ">= 0; 0 offers no requests. The scaled peak rate must stay within 1e9 requests/s."},
        {"traffic_shift", duration(non_negative), optional, "0s",
         "Shifts this VSF's whole traffic later in time: its rate at t is the rate written for t - traffic_shift "
         "(diurnal phase and weeks, steps, flash_crowd start, trace start; a constant rate is unchanged). A "
         "duration >= 0; a group's copies add their drawn vary.phase to it."},
        {"traffic", custom(), optional, none,
         "The offered load: one traffic component, or an array of components whose rates add up. Required, except "
         "for a CDN (cdn), which has none: its regions give it."},
        {"fidelity", choice(), optional, none,
         "How this VSF's requests are simulated: \"request\" or \"flow\"; default: the scenario's fidelity (a "
         "group's copies all have the group's)."},
        {"count", integer(1, 100000), optional, none,
         "Makes this entry a group: count VSFs (1 to 100000) named NAME-1 ... NAME-count, copies of this definition "
         "with their own draws of vary. Absent: one VSF named NAME."},
        {"vary", object(), optional, none,
         "A group's per-copy draws (only with count): traffic phase and scale, tier sizes, from seeded distributions."},
    };
    const KeyTable scaling = vsf_scaling_keys();
    t.insert(t.begin() + 9, scaling.begin(), scaling.end());  // after "timeout", as the docs list them
    const KeyTable c = vsf_customer_keys();
    t.insert(t.end(), c.begin(), c.end());
    t.push_back(vsf_site_key());
    t.push_back(vsf_cdn_key());
    return t;
  }();
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
