// The key tables of the "faults" section (see util/key_table.hpp); scenario/key_tables.cpp lists them
// with the scenario's others. Docs are the schema's descriptions, word for word (a test checks it).
#include "faults/fault_keys.hpp"

namespace vsf::faults::fault_keys {

using namespace vsf::keys;

// "faults".
const KeyTable& section() {
  static const KeyTable table = {
      {"seed", custom(), optional, none,
       "Seed of the fault schedule only (0 to 2^64-1), so a study can vary the faults while the traffic stays the "
       "same; default: the scenario's seed."},
      {"groups", array(), optional, "[]", "Correlated groups: every member fails when the group does."},
      {"events", array(), optional, "[]", "Scheduled failures."},
      {"processes", array(), optional, "[]",
       "Random renewal processes: per target, up for a draw of ttf, down for a draw of ttr, again and again."},
  };
  return table;
}

// One of "groups". "members" is an array of CPUs or an object (members()).
const KeyTable& group() {
  static const KeyTable table = {
      {"name", string(), required, none,
       "Unique name of the group, which events (group) and processes (groups) name. Required."},
      {"members", custom(), required, none,
       "The members: an array of CPUs (names or indices), or an object of member lists by kind; at least one member. "
       "Required."},
      {"note", text(), optional, none, "Free text for the reader; ignored."},
  };
  return table;
}

// A group's "members" as an object: "cpu_range" and the member lists of each kind.
const KeyTable& members() {
  static const KeyTable table = {
      {"cpu_range", custom(), optional, none, "[first, last]: CPU indices, inclusive."},
      {"cpus", array(), optional, "[]", "CPUs, by name or index."},
      {"control_hosts", array(), optional, "[]", "Control-plane hosts (\"cp0\", ... or indices)."},
      {"vlan_switches", array(), optional, "[]", "VLAN switches (\"vsw0\", ... or indices)."},
      {"vlan_ports", array(), optional, "[]",
       "VLAN switch ports (\"<cpu>/front\", \"<cpu>/back\", \"uplink\" (with sites \"uplink:<site>\"), or indices)."},
      {"san_switches", array(), optional, "[]", "SAN switches (\"ssw0\", ... or indices)."},
      {"san_ports", array(), optional, "[]",
       "SAN switch ports (\"<cpu>/hba\", \"cp<i>/hba\", \"<array>/port<k>\", or indices)."},
      {"storage", array(), optional, "[]", "Storage arrays, by name or index."},
  };
  return table;
}

// One of "events": every key any event may hold. Which of them an event accepts depends on its "kind"
// (or "group"); the parser picks them from this table.
const KeyTable& event() {
  static const KeyTable table = {
      {"at", custom(), required, none, "When the failure happens: a duration >= 0. Required."},
      {"group", string(), optional, none, "A group's name: the whole group fails (instead of kind and target)."},
      {"target", custom(), optional, none,
       "What fails: a name or an index into the kind's list; required for every kind except registry, cp_partition, "
       "global_manager and manager master. Refused for cp_partition and global_manager; optional for registry and "
       "master (absent: every site's; with sites \"registry:<site>\", \"master:<site>\")."},
      {"repair", custom(), optional, none,
       "Time to repair: a duration or a distribution; absent: never repaired (down until the end of the run)."},
      {"kind", choice(), optional, none, "What kind of component fails (required unless group is given; not both)."},
      {"manager", choice(), optional, none,
       "Kind manager only, required: which manager; master needs no target (absent: every site's master; with sites "
       "\"master:<site>\" names one), slave targets a slave slot (\"slave0\" or 0; with sites \"<site>/slave0\"), "
       "farm_manager the farm manager of a VSF (its name or index)."},
      {"mode", choice(), optional, "crash",
       "Kind manager only: a crash kills the manager; a stall leaves it alive but unresponsive."},
      {"sides", custom(), optional, none,
       "Kind cp_partition only, required: two non-empty, disjoint lists of control-plane hosts (names or indices) that "
       "cannot reach each other; with a global_manager a side may name its host, \"global-manager\"."},
      {"note", text(), optional, none, "Free text for the reader; ignored."},
  };
  return table;
}

// One of "processes", as events: every key any process may hold.
const KeyTable& process() {
  static const KeyTable table = {
      {"groups", custom(), optional, none,
       "\"all\" or an array of group names: one renewal process per group, each failure failing all the group's "
       "members (instead of kind and targets)."},
      {"targets", custom(), optional, "all",
       "\"all\" or a non-empty array of names/indices: one independent renewal process per target. Not for "
       "cp_partition and global_manager."},
      {"ttf", custom(), required, none,
       "Time to failure, counted from start and from each repair: a duration or a distribution with a positive mean. "
       "Required."},
      {"ttr", custom(), required, none, "Time to repair: a duration or a distribution. Required."},
      {"start", custom(), optional, "0s", "No failure before this time: a duration >= 0."},
      {"end", custom(), optional, none,
       "No new failure from this time on (a failure in progress still heals): a duration > start; default: the end of "
       "the run."},
      {"kind", choice(), optional, none, "What kind of component fails (required unless groups is given; not both)."},
      {"manager", choice(), optional, none,
       "Kind manager only, required: which manager (master, slave slots, or VSFs' farm managers), as for events."},
      {"mode", choice(), optional, "crash",
       "Kind manager only: a crash kills the manager; a stall leaves it alive but unresponsive."},
      {"sides", custom(), optional, none,
       "Kind cp_partition only, required: the two non-empty, disjoint lists of control-plane hosts that the process "
       "partitions (\"global-manager\" as for events)."},
      {"note", text(), optional, none, "Free text for the reader; ignored."},
  };
  return table;
}

// Distributions, one table per "dist" (read first, to choose the table).
const KeyTable& exponential() {
  static const KeyTable table = {
      {"dist", choice(), required, none, "\"exponential\": draws -mean * ln(1 - u). Required."},
      {"mean", duration(positive), required, none, "Mean of the exponential distribution: a duration > 0. Required."},
  };
  return table;
}

const KeyTable& weibull() {
  static const KeyTable table = {
      {"dist", choice(), required, none,
       "\"weibull\": draws scale * (-ln(1 - u))^(1/shape), mean scale * Gamma(1 + 1/shape). Required."},
      {"shape", number(positive), required, none,
       "Weibull shape, a number > 0 (below 1: failures concentrate early, infant mortality). Required."},
      {"scale", duration(positive), required, none, "Weibull scale: a duration > 0. Required."},
  };
  return table;
}

const KeyTable& constant() {
  static const KeyTable table = {
      {"dist", choice(), required, none, "\"constant\": always value. Required."},
      {"value", custom(), required, none, "The constant time: a duration >= 0. Required."},
  };
  return table;
}

const KeyTable& csv() {
  static const KeyTable table = {
      {"dist", choice(), required, none, "\"csv\": one of a CSV file's samples, each with probability 1/n. Required."},
      {"file", custom(), required, none,
       "CSV file of times (durations with a unit, or plain seconds, >= 0), relative to the scenario's folder. "
       "Required."},
      {"column", custom(), optional, none,
       "Header of the column to read (the first row is then a header); absent: the first column, whose first row is a "
       "header only if its cell is not a time."},
      {"values", choice(), optional, "durations",
       "\"durations\": each cell is one sample; \"instants\": each cell is a failure time, in non-decreasing order, "
       "and the samples are the gaps between them."},
  };
  return table;
}

}  // namespace vsf::faults::fault_keys
