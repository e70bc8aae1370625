// Target lists of a grid and the check of a FaultSpec against them.
#include "faults/fault_targets.hpp"

#include <fmt/format.h>

#include <set>

#include "util/suggest.hpp"

namespace vsf::faults {

FaultTargets FaultTargets::standard(std::vector<std::string> cpus, int control_hosts, int vlan_switches,
                                    int san_switches, std::vector<std::string> storage, std::vector<int> storage_ports,
                                    int slaves, std::vector<std::string> vsfs) {
  FaultTargets t;
  t.cpus = std::move(cpus);
  for (int i = 0; i < control_hosts; ++i) t.control_hosts.push_back("cp" + std::to_string(i));
  for (int i = 0; i < vlan_switches; ++i) t.vlan_switches.push_back("vsw" + std::to_string(i));
  for (int i = 0; i < san_switches; ++i) t.san_switches.push_back("ssw" + std::to_string(i));
  t.storage = std::move(storage);
  t.storage_ports = std::move(storage_ports);
  t.slaves = slaves;
  t.vsfs = std::move(vsfs);
  return t;
}

std::vector<std::string> FaultTargets::per_site(const std::string& what) const {
  std::vector<std::string> out;
  for (size_t k = 0; k < sites.size(); ++k) {
    if (what != "slave") {
      out.push_back(what + ":" + sites[k]);
      continue;
    }
    const int n = k < site_slaves.size() ? site_slaves[k] : 0;
    for (int i = 0; i < n; ++i) out.push_back(sites[k] + "/slave" + std::to_string(i));
  }
  return out;
}

std::vector<std::string> FaultTargets::names(FaultKind kind, ManagerRole role) const {
  std::vector<std::string> out;
  switch (kind) {
    case FaultKind::Cpu:
      return cpus;
    case FaultKind::ControlHost:
      return control_hosts;
    case FaultKind::VlanSwitch:
      return vlan_switches;
    case FaultKind::SanSwitch:
      return san_switches;
    case FaultKind::Storage:
      return storage;
    case FaultKind::VlanPort:
      for (const auto& c : cpus) {
        out.push_back(c + "/front");
        out.push_back(c + "/back");
      }
      // One Internet uplink per site (each site's clients come in through their own), "uplink" without sites.
      if (sites.empty()) out.push_back("uplink");
      for (const auto& site : sites) out.push_back("uplink:" + site);
      return out;
    case FaultKind::SanPort:
      for (const auto& c : cpus) out.push_back(c + "/hba");
      for (const auto& h : control_hosts) out.push_back(h + "/hba");
      for (size_t a = 0; a < storage.size(); ++a) {
        const int ports = a < storage_ports.size() ? std::max(1, storage_ports[a]) : 1;
        for (int p = 0; p < ports; ++p) out.push_back(storage[a] + "/port" + std::to_string(p));
      }
      return out;
    case FaultKind::Manager:
      if (role == ManagerRole::FarmManager) return vsfs;
      if (!sites.empty()) return per_site(role == ManagerRole::Master ? "master" : "slave");
      if (role == ManagerRole::Master) return {"master"};
      for (int i = 0; i < slaves; ++i) out.push_back("slave" + std::to_string(i));
      return out;
    case FaultKind::Registry:
      if (!sites.empty()) return per_site("registry");
      return {"registry"};
    case FaultKind::CpPartition:  // what its sides may name: the hosts, then the global manager's host
      out = control_hosts;
      if (global_manager) out.push_back(kGlobalManagerHost);
      return out;
    case FaultKind::Wan:
      return wan;
    case FaultKind::GlobalManager:
      if (global_manager) out.push_back("global_manager");
      return out;
  }
  return out;
}

std::string target_noun(FaultKind kind, ManagerRole role, bool plural) {
  std::string noun;
  switch (kind) {
    case FaultKind::Cpu:
      noun = "CPU";
      break;
    case FaultKind::ControlHost:
    case FaultKind::CpPartition:
      noun = "control-plane host";
      break;
    case FaultKind::VlanSwitch:
      noun = "VLAN switch";
      break;
    case FaultKind::VlanPort:
      noun = "VLAN port";
      break;
    case FaultKind::SanSwitch:
      noun = "SAN switch";
      break;
    case FaultKind::SanPort:
      noun = "SAN port";
      break;
    case FaultKind::Storage:
      noun = "storage array";
      break;
    case FaultKind::Registry:
      noun = "registry";
      break;
    case FaultKind::Wan:
      noun = "WAN link";
      break;
    case FaultKind::GlobalManager:
      noun = "global grid manager";
      break;
    case FaultKind::Manager:
      noun = role == ManagerRole::Slave ? "slave segment manager" : role == ManagerRole::Master ? "master" : "VSF";
      break;
  }
  if (plural) noun += (noun.back() == 'h' || noun.back() == 's') ? "es" : "s";
  return noun;
}

TargetIndex::TargetIndex(const FaultTargets& targets) : targets_(targets) {}

const TargetIndex::List& TargetIndex::list(FaultKind kind, ManagerRole role) const {
  const int r = kind == FaultKind::Manager ? static_cast<int>(role) : 0;
  auto [it, inserted] = lists_.try_emplace({static_cast<int>(kind), r});
  if (inserted) {
    List& l = it->second;
    l.names = targets_.names(kind, static_cast<ManagerRole>(r));
    l.index.reserve(l.names.size());
    for (size_t i = 0; i < l.names.size(); ++i) l.index.emplace(l.names[i], static_cast<int>(i));
  }
  return it->second;
}

const std::vector<std::string>& TargetIndex::names(FaultKind kind, ManagerRole role) const {
  return list(kind, role).names;
}

std::optional<int> TargetIndex::find(FaultKind kind, ManagerRole role, const TargetRef& ref, std::string* why) const {
  const List& l = list(kind, role);
  if (ref.by_name()) {
    if (auto it = l.index.find(ref.name); it != l.index.end()) return it->second;
    if (why) {
      *why = l.names.empty() ? fmt::format("no {} named \"{}\": the grid has no {}", target_noun(kind, role, false),
                                           ref.name, target_noun(kind, role, true))
                             : fmt::format("no {} named \"{}\"{}", target_noun(kind, role, false), ref.name,
                                           suggestion_suffix(ref.name, l.names));
    }
    return std::nullopt;
  }
  if (ref.index >= 0 && ref.index < static_cast<long long>(l.names.size())) return static_cast<int>(ref.index);
  if (why) {
    *why = l.names.empty()
               ? fmt::format("{} index {}: the grid has no {}", target_noun(kind, role, false), ref.index,
                             target_noun(kind, role, true))
               : fmt::format("{} index {} is out of range: there are {} {} (0 to {})", target_noun(kind, role, false),
                             ref.index, l.names.size(), target_noun(kind, role, true), l.names.size() - 1);
  }
  return std::nullopt;
}

namespace {

void check_refs(const FaultSpec& spec, const TargetIndex& index, FaultKind kind, ManagerRole role,
                const std::vector<TargetRef>& refs, Diagnostics& diags, std::set<int>* seen = nullptr) {
  for (const auto& ref : refs) {
    std::string why;
    auto i = index.find(kind, role, ref, &why);
    if (!i) {
      diags.add(spec.file, ref.pointer, why);
    } else if (seen && !seen->insert(*i).second) {
      // Written once by name and once by index, say: the same component twice.
      diags.add(
          spec.file, ref.pointer,
          fmt::format("{} \"{}\" is already listed", target_noun(kind, role, false), index.names(kind, role)[*i]));
    }
  }
}

void check_subject(const FaultSpec& spec, const TargetIndex& index, const FaultSubject& s, bool global_manager,
                   Diagnostics& diags) {
  if (!s.kind) return;  // groups were checked as groups
  if (*s.kind == FaultKind::CpPartition) {
    std::set<int> seen;
    for (const auto& side : s.sides) {
      std::vector<TargetRef> hosts;
      for (const auto& ref : side) {
        if (global_manager || !ref.by_name() || ref.name != kGlobalManagerHost)
          hosts.push_back(ref);
        else
          diags.add(spec.file, ref.pointer,
                    fmt::format("\"{}\" in a partition's sides is the global grid manager's host: the scenario has no "
                                "\"global_manager\"",
                                kGlobalManagerHost));
      }
      check_refs(spec, index, FaultKind::CpPartition, s.manager, hosts, diags, &seen);
    }
    return;
  }
  std::set<int> seen;
  check_refs(spec, index, *s.kind, s.manager, s.targets, diags, &seen);
}

}  // namespace

void check_fault_targets(const FaultSpec& spec, const FaultTargets& targets, Diagnostics& diags) {
  const TargetIndex index(targets);
  for (const auto& g : spec.groups) {
    std::map<int, std::set<int>> seen;  // by kind
    for (const auto& m : g.members) {
      check_refs(spec, index, m.kind, ManagerRole::Master, {m.ref}, diags, &seen[static_cast<int>(m.kind)]);
    }
  }
  for (const auto& e : spec.events) check_subject(spec, index, e.subject, targets.global_manager, diags);
  for (const auto& p : spec.processes) check_subject(spec, index, p.subject, targets.global_manager, diags);
}

}  // namespace vsf::faults
