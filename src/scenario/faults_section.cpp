// The `faults` section: parsed by the fault model (src/faults/), then its target names and indices are
// checked against the grid's real names, and its schedule is built once so that a fault process that
// would flood the run is refused before anything runs. The format is in scenarios/README.md.
#include <fmt/format.h>

#include "faults/fault_parse.hpp"
#include "faults/schedule.hpp"
#include "scenario/fault_targets_of.hpp"
#include "scenario/sections.hpp"

namespace vsf {

faults::FaultTargets fault_targets_of(const Scenario& s) {
  std::vector<std::string> cpus;
  int id = 0;
  for (const CpuGroup& g : s.grid.cpus)
    for (int k = 0; k < g.count; ++k, ++id)
      cpus.push_back(static_cast<int>(g.names.size()) == g.count ? g.names[k] : fmt::format("cpu-{}", id));
  std::vector<std::string> arrays;
  std::vector<int> ports;
  for (const StorageArray& a : s.grid.storage) {
    arrays.push_back(a.name);
    ports.push_back(a.ports);
  }
  std::vector<std::string> vsfs;
  for (const VsfSpec& v : s.vsfs) vsfs.push_back(v.name);
  const int hosts = s.grid.control_plane.hosts;
  const int slaves = s.control.slaves > 0 ? s.control.slaves : hosts;
  faults::FaultTargets t =
      faults::FaultTargets::standard(std::move(cpus), hosts, s.grid.vlan_switches.count, s.grid.san_switches.count,
                                     std::move(arrays), std::move(ports), slaves, std::move(vsfs));
  for (const WanLink& w : s.grid.wan) t.wan.push_back(w.name);
  t.global_manager = s.global_manager.present;
  return t;
}

namespace scenario_detail {

void read_faults(const Source& src, const json& value, const std::string& pointer, Scenario& scenario) {
  scenario.faults = faults::parse_faults(value, src.file, pointer, *src.diags);
}

// The global manager takes no target (there is one), so no target list can report its absence.
void check_global_manager_faults(const Source& src, const Scenario& s) {
  if (s.global_manager.present) return;
  auto check = [&](const faults::FaultSubject& subject, const std::string& ptr) {
    if (subject.kind == faults::FaultKind::GlobalManager)
      src.error(ptr + "/kind",
                "a global_manager fault needs a global grid manager: the scenario has no "
                "\"global_manager\"");
  };
  for (const auto& e : s.faults.events) check(e.subject, e.pointer);
  for (const auto& p : s.faults.processes) check(p.subject, p.pointer);
}

void check_faults(const Source& src, const Scenario& s, const Parsed& parsed) {
  const faults::FaultSpec& spec = s.faults;
  if (spec.groups.empty() && spec.events.empty() && spec.processes.empty()) return;
  check_global_manager_faults(src, s);
  // Target lists come from every part of the grid and from the VSF names: when one of them is broken,
  // its own error is the one to fix, and checking names against a partial list would only add noise.
  if (!(parsed.cpus && parsed.vlan && parsed.san && parsed.storage && parsed.control_plane && parsed.slaves &&
        parsed.vsfs))
    return;
  const faults::FaultTargets targets = fault_targets_of(s);
  faults::check_fault_targets(spec, targets, *src.diags);
  // The schedule can only be built from an input without any error (every name resolved, a finite
  // duration); its one input error is a process that would make more failures than a run can hold.
  if (!src.diags->empty() || spec.empty()) return;
  try {
    (void)faults::make_schedule(spec, targets, s.duration_s, s.seed);
  } catch (const InputError& e) {
    src.diags->append(e.diagnostics());
  }
}

}  // namespace scenario_detail

}  // namespace vsf
