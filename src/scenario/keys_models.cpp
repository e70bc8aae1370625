// The key tables of model files and of their entries. Model files have no JSON Schema; their docs are
// the "meaning" column of scenarios/README.md, "Model files" (a test checks every key is named there).
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

const KeyTable& model_file() {
  static const KeyTable table = {
      {"$schema", string(), optional, none, "ignored by vsfsim"},
      {"description", string(), optional, none, "optional text"},
      {"sources", array(), required, none, "where the file's numbers come from: a non-empty array of citations"},
      {"hardware", object(), optional, none, "hardware profiles by name"},
      {"roles", object(), optional, none, "role blueprints by name"},
      {"switches", object(), optional, none, "switch profiles by name"},
      {"plans", object(), optional, none, "service plans (prices) by name"},
  };
  return table;
}

const KeyTable& hardware() {
  static const KeyTable table = {
      {"description", string(), optional, none, "free text"},
      {"speed", speed(positive), optional, "1Gf/s", "per core"},
      {"cores", integer(1, 4096), optional, "1", "cores per CPU"},
      {"post", duration(non_negative), optional, "60s", "power-on self test, from power on to the boot loader"},
      {"shutdown", duration(non_negative), optional, "10s", "orderly OS shutdown before power off"},
      {"idle_power", power(non_negative), optional, "95W", "powered on and idle"},
      {"peak_power", power(non_negative), optional, "200W",
       "all cores busy (power is linear in utilization between the two)"},
      {"off_power", power(non_negative), optional, "5W", "powered off (management controller)"},
  };
  return table;
}

const KeyTable& role() {
  static const KeyTable table = {
      {"description", string(), optional, none, "free text"},
      {"boot_image", size(non_negative), optional, "0",
       "image read over the SAN at boot; CPUs booting at once share the array's bandwidth"},
      {"os_init", duration(non_negative), optional, "0s", "kernel and service start after the image is read"},
      {"work", work(non_negative), optional, "0", "mean CPU work per request (divide by `speed` for the service time)"},
      {"work_distribution", choice(), optional, "exponential", "distribution of the per-request work"},
      {"san_io", size(non_negative), optional, "0",
       "SAN reads per request (from the VSF's data volume), e.g. database pages"},
      {"request_size", size(non_negative), optional, "2KiB", "bytes sent to a server of this role per request"},
      {"response_size", size(non_negative), optional, "16KiB", "bytes it sends back"},
      {"queue_limit", integer(0, 10 * kMaxCount), optional, "1000",
       "requests waiting per server beyond its busy cores; more are dropped"},
  };
  return table;
}

const KeyTable& switch_profile() {
  static const KeyTable table = {
      {"description", string(), optional, none, "free text"},
      {"kind", choice(), required, none, "what the switch is"},
      {"ports", integer(1, kMaxCount), optional, "48", "ports per switch"},
      {"port_bandwidth", bandwidth(positive), optional, "1Gbps", "per port"},
      {"port_latency", duration(non_negative), optional, "50us", "per port"},
      {"reconfig_latency", duration(non_negative), optional, "5s", "VLAN port membership change, or SAN zoning commit"},
      {"backplane", bandwidth(non_negative), optional, none, "shared switching capacity; `\"0\"` = non-blocking"},
  };
  return table;
}

// A service plan: its prices (issue 13; the patent's "Billing models for a VSF").
const KeyTable& plan() {
  static const KeyTable table = {
      {"description", string(), optional, none, "free text"},
      {"flat_fee", number(non_negative), optional, "0",
       "charged at the start of every billing period the VSF begins (no proration); covers included_cpus"},
      {"included_cpus", integer(0, kMaxCount), optional, "0", "CPUs held that the flat fee covers"},
      {"rate", number(non_negative), optional, "0", "price per `unit` of the CPUs held beyond included_cpus"},
      {"unit", choice(), optional, "cpu_hour",
       "what `rate` is per: `\"cpu_hour\"`, `\"mips_hour\"` (a CPU's MIPS = its profile's speed x cores / 1e6) or "
       "`\"kilo_cpu_second\"`"},
      {"billing_period", duration(positive), optional, none,
       "length of a billing period, counted from the VSF's creation; absent: the run's duration (one period)"},
      {"sizing", choice(), optional, "auto",
       "`\"auto\"`: the VSF grows and shrinks on load (its policy) between min_cpus and max_cpus; `\"fixed\"`: it "
       "keeps its initial size (policy `\"none\"`, no cpu_demand, no control values), lost CPUs replaced"},
      {"min_cpus", integer(0, kMaxCount), optional, none,
       "fewest CPUs the VSF's tiers hold together (LB not counted): scale-ins below it are cut; absent: no limit"},
      {"max_cpus", integer(1, kMaxCount), optional, none,
       "most CPUs the VSF's tiers hold together (LB not counted), serving or pending: scale-outs of every reason "
       "beyond it are cut; absent: no limit"},
      {"guaranteed", array(), optional, none,
       "guaranteed minimum capacity: periods {from, to, weekdays_only, cpus, tier} during which a tier holds at "
       "least cpus"},
      {"storage_price_per_gb_month", number(non_negative), optional, "0",
       "price of a GB (1e9 bytes) of storage held for a month (30 days): each held CPU's boot image plus the VSF's "
       "`storage`"},
  };
  return table;
}

// One guaranteed period of a plan: time 0 of a run is a Monday 00:00.
const KeyTable& plan_guarantee() {
  static const KeyTable table = {
      {"from", string(), required, none, "start of the period each day, `\"HH:MM\"`"},
      {"to", string(), required, none, "end of the period each day, `\"HH:MM\"` after from (at most `\"24:00\"`)"},
      {"weekdays_only", boolean(), optional, "false", "true: Monday to Friday only"},
      {"cpus", integer(1, kMaxCount), required, none,
       "the tier's guaranteed CPUs while the period lasts (clipped to the tier's max)"},
      {"tier", string(), optional, none, "role of the tier; absent: the VSF's first tier"},
  };
  return table;
}

}  // namespace vsf::scenario_keys
