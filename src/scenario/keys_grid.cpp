// The key tables of "grid" and its parts. Docs are the schema's descriptions, word for word (a test checks it).
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

// "grid". "cpus" is a count or an array of CPU groups.
const KeyTable& grid() {
  static const KeyTable table = {
      {"cpus", custom(), required, none, "A number of CPUs of grid.cpu_profile, or CPU groups."},
      {"cpu_profile", string(), optional, "standard", "Default hardware profile. Default \"standard\"."},
      {"vlan_switches", object(), optional, "{}", "The VLAN switches."},
      {"san_switches", object(), optional, "{}", "The SAN (Fibre Channel) switches."},
      {"storage", array(), required, none,
       "Storage arrays on the SAN, holding the boot images and the VSFs' data. Required, at least one."},
      {"uplink", object(), optional, "{\"bandwidth\": \"1Gbps\", \"latency\": \"10ms\"}",
       "The Internet uplink, cabled to the first VLAN switch."},
      {"control_plane", object(), optional, "{\"hosts\": 1}",
       "The control-plane hosts (\"cp0\" ... \"cp<hosts-1>\"), which run the segment managers, farm managers and "
       "registry; they never join a VSF."},
  };
  return table;
}

// One CPU group of grid.cpus: "count" or "names" (or both) is required.
const KeyTable& cpu_group() {
  static const KeyTable table = {
      {"profile", string(), optional, none, "Hardware profile (models hardware.NAME); default grid.cpu_profile."},
      {"count", integer(1, kMaxCount), optional, none,
       "Number of CPUs in the group (may be omitted when names are given)."},
      {"names", array(), optional, none, "One name per CPU."},
  };
  return table;
}

namespace {

// A switch set: a switch profile and per-scenario overrides of its values; `latency` is the key of its
// reconfiguration time (VLAN membership change, or SAN zoning commit), in the fourth place.
KeyTable switch_set(KeySpec latency) {
  return {
      {"profile", string(), optional, none,
       "Switch profile (models switches.NAME); default: the only profile of this kind."},
      {"count", integer(1, 100), optional, "1", "Number of switches; several form a mesh. Default 1."},
      {"ports", integer(1, kMaxCount), optional, none, "Ports per switch (overrides the profile)."},
      {"port_bandwidth", bandwidth(positive), optional, none,
       "Bandwidth of each port: a bandwidth > 0; default: the switch profile's."},
      {"port_latency", duration(non_negative), optional, none,
       "Latency through a port: a duration >= 0; default: the switch profile's."},
      latency,
      {"backplane", bandwidth(non_negative), optional, none,
       "Shared switching capacity of each switch: a bandwidth >= 0, \"0\" = non-blocking; default: the switch "
       "profile's (non-blocking when it has none)."},
  };
}

}  // namespace

const KeyTable& vlan_switches() {
  static const KeyTable table = switch_set(
      {"reconfig_latency", duration(non_negative), optional, none,
       "Time to change a port's VLAN membership: a duration >= 0; default: the switch profile's reconfig_latency."});
  return table;
}

const KeyTable& san_switches() {
  static const KeyTable table = switch_set(
      {"zoning_latency", duration(non_negative), optional, none,
       "Time to commit a SAN zoning change: a duration >= 0; default: the switch profile's reconfig_latency."});
  return table;
}

// One storage array of grid.storage.
const KeyTable& storage_array() {
  static const KeyTable table = {
      {"name", string(), optional, none, "Unique name of the array; default \"array<index>\" (array0, array1, ...)."},
      {"read_bandwidth", bandwidth(positive), optional, "400MBps",
       "Read throughput, shared by every reader (boot images, database I/O): a bandwidth > 0."},
      {"write_bandwidth", bandwidth(positive), optional, "300MBps", "Write throughput: a bandwidth > 0."},
      {"ports", integer(1, 1024), optional, "1", "SAN switch ports of the array (1 to 1024)."},
  };
  return table;
}

// grid.uplink.
const KeyTable& uplink() {
  static const KeyTable table = {
      {"bandwidth", bandwidth(positive), optional, "1Gbps", "Bandwidth of the uplink: a bandwidth > 0."},
      {"latency", duration(non_negative), optional, "10ms", "Latency of the uplink: a duration >= 0."},
  };
  return table;
}

// grid.control_plane: the hosts of the control plane.
const KeyTable& grid_control_plane() {
  static const KeyTable table = {
      {"hosts", integer(1, 1000), optional, "1",
       "Number of control-plane hosts (1 to 1000), named \"cp0\" ... \"cp<hosts-1>\"."},
      {"profile", string(), optional, none,
       "Hardware profile of the control-plane hosts (models hardware.NAME); default grid.cpu_profile."},
  };
  return table;
}

}  // namespace vsf::scenario_keys
