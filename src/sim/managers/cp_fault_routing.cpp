// Control-plane faults routed to their grid segment (see cp_fault_routing.hpp).
#include "sim/managers/cp_fault_routing.hpp"

#include <algorithm>

namespace vsf::sim {

using faults::FaultKind;
using faults::ManagerRole;

int initial_slaves(const World& w, int site) {
  const int hosts = w.has_sites() ? w.scenario.grid.sites[static_cast<size_t>(site)].control_hosts.count
                                  : static_cast<int>(w.platform.control.size());
  return w.scenario.control.slaves > 0 ? w.scenario.control.slaves : hosts;
}

namespace {

// The site whose control-plane hosts include global host index h, or -1.
int site_of_host(const World& w, int h) {
  const auto& sites = w.scenario.grid.sites;
  for (size_t k = 0; k < sites.size(); ++k)
    if (sites[k].control_hosts.contains(h)) return static_cast<int>(k);
  return -1;
}

// A partition's sides restricted to site k's hosts, as local indices.
std::array<std::vector<int>, 2> local_sides(const World& w, int k, const std::array<std::vector<int>, 2>& sides) {
  const IndexRange r = w.scenario.grid.sites[static_cast<size_t>(k)].control_hosts;
  std::array<std::vector<int>, 2> out;
  for (size_t s = 0; s < 2; ++s)
    for (int h : sides[s])
      if (r.contains(h)) out[s].push_back(h - r.first);
  return out;
}

// The site of a manager fault's target, and the target made local.
int route_manager(const World& w, faults::FaultEvent& e) {
  switch (e.manager) {
    case ManagerRole::Master:
      return e.target;  // "master:<site>"
    case ManagerRole::FarmManager:
      return e.target >= 0 && e.target < static_cast<int>(w.scenario.vsfs.size())
                 ? w.scenario.vsfs[static_cast<size_t>(e.target)].site
                 : -1;
    case ManagerRole::Slave:
      for (int k = 0, first = 0; k < w.scenario.grid.site_count(); ++k) {
        const int n = initial_slaves(w, k);
        if (e.target < first + n) {
          e.target -= first;
          return k;
        }
        first += n;
      }
      return -1;
  }
  return -1;
}

}  // namespace

std::vector<RoutedFault> route_cp_fault(const World& w, const faults::FaultEvent& e) {
  if (!w.has_sites()) return {RoutedFault{0, e}};
  const int sites = w.scenario.grid.site_count();
  RoutedFault r{-1, e};
  switch (e.kind) {
    case FaultKind::ControlHost:
      r.site = site_of_host(w, e.target);
      if (r.site >= 0) r.event.target -= w.scenario.grid.sites[static_cast<size_t>(r.site)].control_hosts.first;
      break;
    case FaultKind::Manager:
      r.site = route_manager(w, r.event);
      break;
    case FaultKind::Registry:
      r.site = e.target;  // "registry:<site>"
      break;
    case FaultKind::CpPartition: {
      std::vector<RoutedFault> out;
      for (int k = 0; k < sites; ++k) {
        RoutedFault p{k, e};
        p.event.sides = local_sides(w, k, e.sides);
        if (!p.event.sides[0].empty() && !p.event.sides[1].empty()) out.push_back(std::move(p));
      }
      return out;
    }
    default:
      break;
  }
  if (r.site < 0 || r.site >= sites) return {};
  return {std::move(r)};
}

}  // namespace vsf::sim
