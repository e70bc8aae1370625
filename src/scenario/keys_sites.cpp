// The key tables of a multi-site scenario (issue 14): "sites", "wan" and "global_manager". Docs are the
// schema's descriptions, word for word (a test checks it).
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

// The top level's keys of several data centres: each one's grid, the WAN between them, the global manager.
KeyTable site_top_keys() {
  return {
      {"sites", array(), optional, none,
       "Several data centres (issue 14), each with its own grid and control plane; replaces grid. At least one site."},
      {"wan", array(), optional, "[]",
       "WAN links between sites (only with sites): each joins two sites' first VLAN switches, and their first SAN "
       "switches when global_manager.lent_boot is bridged_san."},
      {"global_manager", object(), optional, none,
       "The global grid manager (only with sites): collects each site's figures and lends idle CPUs of one site to "
       "VSFs of another. Absent: no lending."},
  };
}

// vsfs[].site (also in orders' and order templates' VSFs, which are read alike).
KeyTable::value_type vsf_site_key() {
  return {"site", string(), optional, none,
          "The VSF's home site (only with sites): its initial CPUs, idle pool and Internet uplink are that site's. "
          "Default: the first site."};
}

// One element of "sites".
const KeyTable& site() {
  static const KeyTable table = {
      {"name", string(), required, none,
       "Unique name of the site: 1 to 32 lower-case letters, digits, '_' or '-'. Required."},
      {"grid", object(), required, none, "The site's grid, with the keys of the top-level grid. Required."},
      {"cpu_hour_cost", number(non_negative), optional, "0",
       "What one CPU-hour of this site costs the operator, in currency (lending by_cost): a number >= 0."},
  };
  return table;
}

// One element of "wan".
const KeyTable& wan_link() {
  static const KeyTable table = {
      {"between", custom(), required, none,
       "The two sites the link joins: two different site names. The link is named \"<a>-<b>\", a before b in sites' "
       "order (the name wan faults give). Required."},
      {"bandwidth", bandwidth(positive), optional, "10Gbps",
       "Bandwidth of the link, shared by everything that crosses it: a bandwidth > 0."},
      {"latency", duration(non_negative), optional, "30ms", "One-way latency of the link: a duration >= 0."},
      {"cost_per_gb", number(non_negative), optional, "0",
       "Price of one GB crossing the link, in currency (lending by_cost): a number >= 0."},
  };
  return table;
}

// "global_manager".
const KeyTable& global_manager() {
  static const KeyTable table = {
      {"site", string(), optional, none, "The site whose own host runs the global grid manager; default the first."},
      {"interval", duration(positive), optional, "60s",
       "How often it collects each site's loading, capacity, fault and billing figures: a duration > 0."},
      {"lending", choice(), optional, "when_empty",
       "When a site short of idle CPUs borrows another's: \"never\", \"when_empty\" (only what the local idle pool "
       "cannot give) or \"by_cost\" (wherever a CPU-hour plus the WAN's price is cheapest)."},
      {"lent_boot", choice(), optional, "mirror",
       "Where a lent CPU boots from: \"mirror\" (a mirrored image at its own site) or \"bridged_san\" (the VSF's "
       "array over the SAN bridged across the WAN)."},
      {"profile", string(), optional, none,
       "Hardware profile of the global manager's host (models hardware.NAME), for its power; absent: a passive host."},
  };
  return table;
}

}  // namespace vsf::scenario_keys
