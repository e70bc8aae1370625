// The typed `faults` section of a scenario (SI units): which components fail, when, and for how long.
// Three ways to say it: scheduled events ("cpu-12 crashes at 2h and is repaired 10min later"), random
// renewal processes per component class (time to failure and time to repair drawn from distributions),
// and correlated groups (a rack or PDU whose members fail together). Plain data and the distributions'
// arithmetic (faults_spec.cpp): src/faults/ parses it (fault_parse.hpp) and turns it into a time-sorted
// list of fail/heal transitions (schedule.hpp), and the simulation applies them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace vsf::faults {

// A time-to-failure or time-to-repair distribution, in seconds. Draws use our own inverse-CDF formulas
// on a seeded std::mt19937_64 (std:: distributions are implementation-defined), so the same seed gives
// the same schedule on every platform.
struct Distribution {
  enum class Type { Exponential, Weibull, Constant, Empirical };
  Type type = Type::Constant;
  double mean_s = 0;              // exponential
  double shape = 1;               // weibull k (plain number)
  double scale_s = 0;             // weibull lambda
  double value_s = 0;             // constant
  std::vector<double> samples_s;  // empirical (from a CSV file): sorted ascending, each >= 0
  std::string file;               // empirical: the CSV path, resolved against the scenario's folder

  // One draw: u uniform in [0,1) from the top 53 bits of one rng() call, then the inverse CDF.
  double draw(std::mt19937_64& rng) const;
  double mean() const;      // analytic (empirical: the sample mean)
  double variance() const;  // analytic (empirical: the population variance of the samples)

  static Distribution exponential(double mean_s);
  static Distribution weibull(double shape, double scale_s);
  static Distribution constant(double value_s);
  static Distribution empirical(std::vector<double> samples_s);  // sorts them
};

// Component classes. The order is the tie-break order of simultaneous transitions in a schedule.
enum class FaultKind {
  Cpu,          // a compute CPU crashes: its VSF loses the server
  ControlHost,  // a control-plane host crashes: every manager on it dies
  Manager,      // one manager crashes or stalls (see ManagerRole, ManagerMode)
  VlanSwitch,
  VlanPort,  // "<cpu>/front", "<cpu>/back", "uplink" (with sites "uplink:<site>", one per site)
  SanSwitch,
  SanPort,        // "<cpu>/hba", "<control host>/hba", "<array>/port<k>"
  Storage,        // a storage array: boots fail over to a replica
  CpPartition,    // the control-plane LAN splits between two sides of hosts
  Registry,       // the registry is unavailable (reads and writes fail)
  Wan,            // a WAN link between two sites (issue 14): "<site a>-<site b>"
  GlobalManager,  // the global grid manager's host: lending stops, the segments go on (issue 14)
};
constexpr int kFaultKindCount = 12;
// The kinds of a single-site grid: summaries list only these when the scenario has no `sites`.
constexpr int kSingleSiteFaultKinds = 10;
const char* kind_name(FaultKind k);  // "cpu", "control_host", ... (the JSON spelling)
std::optional<FaultKind> kind_from_name(const std::string& name);

enum class ManagerRole { Master, Slave, FarmManager };
enum class ManagerMode { Crash, Stall };
const char* role_name(ManagerRole r);
const char* mode_name(ManagerMode m);

// A component named in the JSON, before it can be checked against the grid: a name ("cpu-12") or an
// index into the kind's target list (FaultTargets::names).
struct TargetRef {
  std::string name;      // empty when given by index
  long long index = -1;  // -1 when given by name
  std::string pointer;   // where it was written, for diagnostics
  bool by_name() const { return index < 0; }
  std::string text() const { return by_name() ? "\"" + name + "\"" : std::to_string(index); }
};

// A correlated group: every member fails when the group does.
struct GroupMember {
  FaultKind kind = FaultKind::Cpu;
  TargetRef ref;
};
struct FaultGroup {
  std::string name;
  std::vector<GroupMember> members;
  std::string pointer;
};

// What one event or process acts on: a kind and its targets, or a correlated group.
struct FaultSubject {
  std::optional<FaultKind> kind;                // unset when `group` is set
  ManagerRole manager = ManagerRole::Master;    // kind manager only
  ManagerMode mode = ManagerMode::Crash;        // kind manager only
  std::string group;                            // a FaultGroup name (events), or "" for a kind
  bool all_targets = false;                     // processes: "targets": "all" (the default); groups: "groups": "all"
  std::vector<TargetRef> targets;               // events: at most one; processes: the list (or all_targets)
  std::vector<std::string> groups;              // processes over groups: their names (or all_targets)
  std::array<std::vector<TargetRef>, 2> sides;  // cp_partition: control-plane hosts on each side
};

struct ScheduledFault {
  double at_s = 0;
  FaultSubject subject;
  std::optional<Distribution> repair;  // unset: never repaired within the run
  std::string pointer;                 // "/faults/events/3"
};

// A renewal process per target: up for a ttf draw, down for a ttr draw, repeated. New failures start
// only in [start_s, end_s); a failure in progress at end_s still heals after its repair.
struct FaultProcess {
  FaultSubject subject;
  Distribution ttf;
  Distribution ttr;
  double start_s = 0;
  std::optional<double> end_s;  // unset: the end of the run
  std::string pointer;          // "/faults/processes/0"
};

struct FaultSpec {
  std::string file;              // the scenario file (diagnostics name it)
  std::optional<uint64_t> seed;  // overrides the scenario seed for the fault schedule only
  std::vector<FaultGroup> groups;
  std::vector<ScheduledFault> events;
  std::vector<FaultProcess> processes;
  bool empty() const { return events.empty() && processes.empty(); }
};

}  // namespace vsf::faults
