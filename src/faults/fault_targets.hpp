// What can fail in one grid: the target list of each fault kind, in the order the simulation numbers
// them, and the check of a FaultSpec's names and indices against it. The loader fills FaultTargets from
// the scenario (faults cannot depend on the loader, so it takes plain names and counts) and calls
// check_fault_targets; make_schedule resolves through the same lists.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/faults_spec.hpp"
#include "util/errors.hpp"

namespace vsf::faults {

// A cp_partition side may name the global grid manager's host (only with a global_manager).
inline constexpr const char* kGlobalManagerHost = "global-manager";

struct FaultTargets {
  std::vector<std::string> cpus;           // grid order (GridModel CpuId)
  std::vector<std::string> control_hosts;  // "cp0", "cp1", ... (GridModel::control_hosts())
  std::vector<std::string> vlan_switches;  // "vsw0", ...
  std::vector<std::string> san_switches;   // "ssw0", ...
  std::vector<std::string> storage;        // array names
  std::vector<int> storage_ports;          // SAN ports of each array (same order as storage)
  int slaves = 0;                          // slave segment manager slots: "slave0", ...
  std::vector<std::string> vsfs;           // a farm-manager fault names the VSF whose farm manager fails
  std::vector<std::string> wan;            // WAN link names "<site a>-<site b>" (multi-site scenarios)
  bool global_manager = false;             // the scenario has a global grid manager: target "global_manager"
  // Multi-site scenarios: each site is a grid segment with its own control plane, so its own master,
  // registry and slaves: "master:<site>", "registry:<site>", "<site>/slave<k>" (site after site, each
  // site's initial slave slots, site_slaves[k]). Empty without sites: "master", "registry", "slave<k>".
  std::vector<std::string> sites;
  std::vector<int> site_slaves;

  // The grid's standard names for switches and control-plane hosts (those GridModel gives them).
  static FaultTargets standard(std::vector<std::string> cpus, int control_hosts, int vlan_switches, int san_switches,
                               std::vector<std::string> storage, std::vector<int> storage_ports, int slaves,
                               std::vector<std::string> vsfs);

  // The target list of a kind (of a role, for managers); a target's index is its position. Ports:
  // VLAN "<cpu>/front", "<cpu>/back" for every CPU, then "uplink" (with sites "uplink:<site>", one per
  // site, in site order); SAN "<cpu>/hba" for every CPU,
  // "<host>/hba" for every control-plane host, "<array>/port<k>" for every array port. Singletons:
  // "master", "registry" (one per site with sites). cp_partition: what a side may name, the control-plane
  // hosts then, with a global grid manager, its host "global-manager" (index: the number of hosts).
  std::vector<std::string> names(FaultKind kind, ManagerRole role = ManagerRole::Master) const;

 private:
  std::vector<std::string> per_site(const std::string& what) const;  // "master:<site>", "<site>/slave<k>", ...
};

// Name -> index lookups over FaultTargets, built once.
class TargetIndex {
 public:
  explicit TargetIndex(const FaultTargets& targets);
  const std::vector<std::string>& names(FaultKind kind, ManagerRole role) const;
  // The index, or nullopt with a message saying why (unknown name with a suggestion, or out of range).
  std::optional<int> find(FaultKind kind, ManagerRole role, const TargetRef& ref, std::string* why = nullptr) const;

 private:
  struct List {
    std::vector<std::string> names;
    std::unordered_map<std::string, int> index;
  };
  const List& list(FaultKind kind, ManagerRole role) const;
  // Built on first use: a 1,000,000-CPU grid has 3,000,000 ports, whose names only port faults need.
  const FaultTargets& targets_;
  mutable std::map<std::pair<int, int>, List> lists_;
};

// "CPU", "control-plane host", ... for messages; plural adds an "s" where English does.
std::string target_noun(FaultKind kind, ManagerRole role, bool plural);

// Every name and index of the spec against the grid: group members, event targets, process targets,
// partition sides (which must be disjoint once names and indices are resolved). Diagnostics name the
// scenario file (spec.file) and the pointer where the name was written.
void check_fault_targets(const FaultSpec& spec, const FaultTargets& targets, Diagnostics& diags);

}  // namespace vsf::faults
