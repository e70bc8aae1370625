// The key tables of a content distribution VSF (vsfs[].cdn, issue 14 §3). Docs are the schema's
// descriptions, word for word (a test checks it).
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

// vsfs[].cdn.
KeyTable::value_type vsf_cdn_key() {
  return {"cdn", object(), optional, none,
          "Makes the VSF a content distribution network (only with sites): tier 0 is the caching "
          "tier, run at every site its regions name, tier 1 the origin tier at the VSF's site; no traffic of its "
          "own."};
}

const KeyTable& cdn() {
  static const KeyTable table = {
      {"regions", array(), required, none,
       "The client regions, each with its nearest site and its traffic: at least one; names unique. Required."},
      {"hit_ratio", custom(), required, none,
       "The share of an edge's requests its caches serve: a number in [0, 1], or {\"max\", \"cpus_for_half\"} for "
       "h(n) = max * n / (n + cpus_for_half) with n the edge's serving cache CPUs. Required."},
  };
  return table;
}

const KeyTable& cdn_region() {
  static const KeyTable table = {
      {"name", string(), required, none, "The region's name, unique within the CDN. Required."},
      {"site", string(), required, none,
       "The region's nearest site: its requests are served by the CDN's caches there. Required."},
      {"traffic", custom(), required, none,
       "The region's offered load, as a VSF's traffic: one component or an array of them. Required."},
  };
  return table;
}

const KeyTable& cdn_hit_curve() {
  static const KeyTable table = {
      {"max", number(0, 1), required, none, "The hit ratio of an unbounded cache: a number in [0, 1]. Required."},
      {"cpus_for_half", number(non_negative), required, none,
       "The serving cache CPUs at which the hit ratio is half of max: a number >= 0 (0: always max). Required."},
  };
  return table;
}

}  // namespace vsf::scenario_keys
