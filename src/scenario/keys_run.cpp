// The key tables of the scenario's top level and of its run-wide sections: outputs, control_plane,
// actions and image_updates. Docs are the schema's descriptions, word for word (a test checks it).
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

namespace {

// The top level's keys of the customers' side (issue 13): orders, the customer API, prices.
KeyTable customer_keys() {
  return {
      {"provisioning", object(), optional, "{}",
       "How orders are processed: review time (in working hours, if given), rejection probability, credit check "
       "time and failure probability."},
      {"orders", array(), optional, "[]",
       "VSFs ordered during the run: reviewed, credit-checked and, if approved, built from the idle pool."},
      {"order_arrivals", array(), optional, "[]",
       "Orders generated at load: a Poisson process or a CSV of order times, each order drawn from weighted "
       "templates; appended to orders."},
      {"api_calls", array(), optional, "[]",
       "Customers' calls to the control plane API asking for more (or fewer) CPUs of a VSF's tier at given times; "
       "each goes through the VSF's farm manager like a policy decision (plan and tier limits, then the master)."},
      {"energy_price_per_kwh", number(non_negative), optional, "0",
       "What the grid's operator pays per kWh of energy (grid CPUs and control-plane hosts), in currency: "
       "summary.json's "
       "billing.grid sets the VSFs' bills beside this energy cost. A number >= 0."},
      {"currency", string(), optional, "USD",
       "Label of every price (plans' fees and rates, energy_price_per_kwh) and amount; no conversion."},
  };
}

// The top level's other keys: the run, the grid and VSFs, the control plane, faults.
KeyTable run_keys() {
  return {
      {"$schema", string(), optional, none,
       "Ignored by vsfsim; \"schema.json\" (or the path to it) lets editors validate and complete the file."},
      {"name", string(), required, none, "The experiment's name (results echo it). Required."},
      {"description", text(), optional, "", "Free text about the experiment."},
      {"seed", custom(), optional, "1",
       "Seed of every random stream (0 to 2^64-1): the same scenario with the same seed gives identical results; "
       "--seed replaces it."},
      {"duration", duration(positive), required, none,
       "Simulated time of the run: a duration > 0 such as \"1h\". Required."},
      {"traffic_scale", number(0, 1e9), optional, "1",
       "Factor on the traffic of every VSF (times the VSF's own traffic_scale): a number >= 0; 0 offers no requests. "
       "The scaled peak rate of a VSF must stay within 1e9 requests/s."},
      {"fidelity", choice(), optional, "request",
       "How the VSFs' requests are simulated, unless a VSF names its own fidelity: \"request\" (each request through "
       "SimGrid, exact) or \"flow\" (each tier's load from queueing formulas between events, for data-centre-sized "
       "runs)."},
      {"flow", object(), optional, "{\"resolution\": \"60s\"}",
       "Settings of flow fidelity: the step at which continuous traffic shapes are taken piecewise constant."},
      {"models", array(), optional, none,
       "Model files (hardware profiles, roles, switch profiles, service plans), in order, relative to the scenario's "
       "folder, such as "
       "[\"../models/hardware.json\", \"../models/roles.json\", \"../models/switches.json\"]; an entry may also be a "
       "model file's contents inline (an object, as run.json records them). Non-empty. Absent: the shipped model files "
       "(VSFSIM_MODELS, else the installed or the source tree's models/)."},
      {"grid", object(), optional, none,
       "The physical grid: CPUs, VLAN and SAN switches, storage arrays, Internet uplink, control-plane hosts. "
       "Required, unless sites gives each site its own grid."},
      {"vsfs", array(), optional, "[]",
       "The Virtual Server Farms: each a load balancer in front of 1 to 3 tiers, with its scaling policy and traffic. "
       "May be empty (or absent) when orders or order_arrivals build the VSFs."},
      {"actions", array(), optional, "[]",
       "Scheduled administrative CPU moves (add CPUs to, or remove them from, a VSF's tier), in time order."},
      {"outputs", object(), optional,
       "{\"interval\": \"60s\", \"events\": true, \"timeseries\": true, \"billing\": true}",
       "What to record: the timeseries.csv row interval, events.jsonl, timeseries.csv and billing.csv."},
      {"control_plane", object(), optional, "{}",
       "Timing and failover policies of the segment managers, farm managers and registry; every key has a default (the "
       "hosts they run on are grid.control_plane)."},
      {"image_updates", array(), optional, "[]",
       "Boot-image versions published during the run; each rolls the CPUs of every tier of its role onto the new "
       "version."},
      {"faults", object(), optional, "{}",
       "Failures to inject: scheduled events, random renewal processes and correlated groups; absent (or {}) means "
       "nothing fails."},
  };
}

}  // namespace

// The top level of a scenario.
const KeyTable& top() {
  static const KeyTable table = [] {
    KeyTable t = run_keys();
    const KeyTable c = customer_keys();
    t.insert(t.end(), c.begin(), c.end());
    const KeyTable sites = site_top_keys();
    t.insert(t.end(), sites.begin(), sites.end());
    return t;
  }();
  return table;
}

// "outputs": what a run records.
const KeyTable& outputs() {
  static const KeyTable table = {
      {"interval", duration(positive), optional, "60s",
       "Row interval of timeseries.csv, and of the SLA and p95 accounting: a duration > 0."},
      {"events", boolean(), optional, "true",
       "Write events.jsonl (every lifecycle, scaling and reconfiguration event)."},
      {"timeseries", boolean(), optional, "true", "Write timeseries.csv."},
      {"billing", boolean(), optional, "true", "Write billing.csv (only written when a VSF has a plan)."},
  };
  return table;
}

// "flow": flow fidelity's settings.
const KeyTable& flow() {
  static const KeyTable table = {
      {"resolution", duration(positive), optional, "60s",
       "In flow fidelity, continuous traffic shapes (diurnal, flash_crowd, trace) are taken piecewise constant over "
       "steps of this length, each at its mean rate over the step: a duration > 0, at most 1e7 steps over the run."},
  };
  return table;
}

// "control_plane": timing and policies of the managers and the registry. "quorum" is "majority" or a count.
const KeyTable& control_plane() {
  static const KeyTable table = {
      {"slaves", integer(0, 10000), optional, "0",
       "Slave segment managers at the start; 0 = one per control-plane host."},
      {"vsfs_per_farm_manager", integer(1, kMaxCount), optional, "1", "VSFs one farm manager runs."},
      {"max_vsfs_per_slave", integer(1, kMaxCount), optional, "16",
       "VSFs one slave manages (>= vsfs_per_farm_manager); beyond it the master moves farm managers to the least "
       "loaded slave with room, or allocates another slave."},
      {"health_check_interval", duration(positive), optional, "10s",
       "Period of the master's status request to every slave: a duration > 0."},
      {"health_check_timeout", duration(positive), optional, "2s",
       "No status reply by then: the slave failed this check and the master sends it a restart. A duration > 0, < "
       "health_check_interval."},
      {"restart_timeout", duration(positive), optional, "15s",
       "No restart confirmation by then: the master reassigns the slave's farm managers and VSFs. A duration > 0."},
      {"manager_restart", duration(non_negative), optional, "3s",
       "Time to (re)start a manager process on a running host: a duration >= 0."},
      {"ping_interval", duration(positive), optional, "5s",
       "Period of each slave's ping to the master (and of its check of its farm managers and its registry timestamp "
       "refresh): a duration > 0."},
      {"ping_timeout", duration(positive), optional, "2s",
       "No ping reply by then: the slave suspects the master. A duration > 0, < ping_interval."},
      {"freshness", duration(positive), optional, "15s",
       "A slave whose registry timestamp is older is not active: its observations do not count as votes. A duration >= "
       "ping_interval."},
      {"quorum", custom(), optional, "majority", "\"majority\" (of the registered slaves) or a number of votes."},
      {"lease", duration(positive), optional, "15s",
       "Master lease: a master without replies from a quorum for this long steps down, and a slave votes the master "
       "dead only after this long without contact. A duration > ping_timeout."},
      {"reassign", choice(), optional, "auto",
       "Where a failed slave's VSFs go: the least loaded existing slave, a newly instantiated slave, or whichever of "
       "the two the master expects to be faster (auto)."},
      {"takeover", duration(non_negative), optional, "2s",
       "Time for an existing slave to start a farm manager for a reassigned VSF: a duration >= 0."},
      {"host_boot", duration(non_negative), optional, "90s",
       "Time for a powered-off control-plane host to get running (POST, then the OS): a duration >= 0."},
      {"registry_read", duration(non_negative), optional, "2ms", "Time of one registry read: a duration >= 0."},
      {"registry_write", duration(non_negative), optional, "10ms",
       "Time of one registry write, committed to the SAN volume: a duration >= 0."},
      {"message_size", size(non_negative), optional, "1KiB",
       "Size of one control message (status request or reply, ping, restart) on the control-plane LAN: a size >= 0."},
      {"power_off_idle_hosts", boolean(), optional, "true",
       "The master powers off control-plane hosts that run no manager, and on again (host_boot) when it needs one."},
      {"registry_host", string(), optional, "cp0", "A control-plane host: \"cp0\" ... \"cp<hosts-1>\"."},
  };
  return table;
}

// One of "actions": an administrator's scheduled CPU move.
const KeyTable& action() {
  static const KeyTable table = {
      {"at", duration(non_negative), required, none,
       "When: a duration >= 0, in time order, at or after the VSF's start and before the end of the run. Required."},
      {"op", choice(), required, none, "\"add\" CPUs to the tier, or \"remove\" them from it. Required."},
      {"vsf", string(), required, none, "The VSF, by name. Required."},
      {"tier", string(), optional, none,
       "The tier, by role; default: the VSF's only tier (required when the VSF has several)."},
      {"cpu", string(), optional, none,
       "Which CPU, by name (add: it must be idle then; remove: it must be in the tier; otherwise the action is "
       "rejected); absent: any CPUs, per count."},
      {"count", integer(1, kMaxCount), optional, "1", "How many CPUs to move (must be 1 when cpu is given)."},
  };
  return table;
}

// One of "image_updates". "max_unavailable" is a fraction in (0, 1], read with its own message.
const KeyTable& image_update() {
  static const KeyTable table = {
      {"at", duration(non_negative), required, none,
       "When the version is published: a duration >= 0, before the end of the run. Required."},
      {"role", string(), required, none,
       "The role updated (models roles.NAME); every VSF tier of that role is rolled, and at least one must exist. "
       "Required."},
      {"version", string(), required, none, "The new version's name (reported in events and results). Required."},
      {"max_unavailable", custom(), optional, "0.25",
       "Most CPUs of a tier not serving at once during the rollout, as a fraction in (0, 1] of its serving CPUs when "
       "the rollout starts: max(1, floor(max_unavailable * N))."},
  };
  return table;
}

}  // namespace vsf::scenario_keys
