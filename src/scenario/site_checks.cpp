// Checks of a grid with sites (issue 14): a VSF is created from its home site's idle pool (loans only
// serve later scale-outs), so each site must hold the initial CPUs of the VSFs at home there, and the CPUs
// a VSF pins, or an action adds to it, must be at its home site.
#include <fmt/format.h>

#include <unordered_map>

#include "scenario/sections.hpp"
#include "util/list_cut.hpp"
#include "util/numbers.hpp"

namespace vsf::scenario_detail {

namespace {

std::string vsf_pointer(const Scenario& s, size_t v) {
  return s.vsfs[v].pointer.empty() ? fmt::format("/vsfs/{}", v) : s.vsfs[v].pointer;
}

// The site of each CPU by name: explicit names from their group, "cpu-<id>" from its global id.
class CpuSites {
 public:
  explicit CpuSites(const Grid& grid) : grid_(grid) {
    for (const CpuGroup& g : grid.cpus)
      for (const std::string& name : g.names) by_name_.emplace(name, g.site);
  }

  std::optional<int> site_of(const std::string& name) const {
    if (auto it = by_name_.find(name); it != by_name_.end()) return it->second;
    if (name.rfind("cpu-", 0) != 0) return std::nullopt;
    auto id = parse_unsigned(std::string_view(name).substr(4));
    if (!id || *id >= static_cast<uint64_t>(grid_.total_cpus()) || fmt::format("cpu-{}", *id) != name)
      return std::nullopt;
    for (size_t k = 0; k < grid_.sites.size(); ++k)
      if (grid_.sites[k].cpus.contains(static_cast<int>(*id))) return static_cast<int>(k);
    return std::nullopt;
  }

 private:
  const Grid& grid_;
  std::unordered_map<std::string, int> by_name_;
};

}  // namespace

void check_site_capacity(const Source& src, const Scenario& s) {
  const size_t n = s.grid.sites.size();
  std::vector<long long> need(n, 0);
  std::vector<std::vector<std::string>> each(n);  // "shop-1 3", cut to the first few
  for (const VsfSpec& vsf : s.vsfs) {
    if (vsf.order >= 0 || vsf.site < 0 || static_cast<size_t>(vsf.site) >= n) continue;
    long long k = vsf.lb.enabled ? 1 : 0;
    for (const Tier& t : vsf.tiers) k += t.initial;
    need[vsf.site] += k;
    each[vsf.site].push_back(fmt::format("{} {}", vsf.name.empty() ? "(unnamed)" : vsf.name, k));
  }
  for (size_t k = 0; k < n; ++k) {
    const SiteSpec& site = s.grid.sites[k];
    if (need[k] > site.cpus.count)
      src.error(site.pointer + "/grid/cpus",
                fmt::format("site \"{}\" has {} CPUs but the VSFs at home there need {} at creation (initial servers "
                            "plus one per load balancer: {}); a VSF starts on its own site's CPUs",
                            site.name, site.cpus.count, need[k], cut_list(each[k])));
  }
}

void check_pinned_sites(const Source& src, const Scenario& s) {
  const CpuSites sites(s.grid);
  auto at_home = [&](const std::string& cpu, int home, const std::string& ptr) {
    auto k = sites.site_of(cpu);
    if (!k || *k == home) return;  // an unknown CPU is reported by the CPU reference check
    src.error(ptr, fmt::format("CPU \"{}\" is at site \"{}\", not at the VSF's home site \"{}\"", cpu,
                               s.grid.sites[*k].name, s.grid.sites[home].name));
  };
  for (size_t v = 0; v < s.vsfs.size(); ++v) {
    const VsfSpec& vsf = s.vsfs[v];
    if (vsf.site < 0 || static_cast<size_t>(vsf.site) >= s.grid.sites.size()) continue;
    if (vsf.lb.enabled && !vsf.lb.cpu.empty()) at_home(vsf.lb.cpu, vsf.site, vsf_pointer(s, v) + "/lb/cpu");
    for (size_t t = 0; t < vsf.tiers.size(); ++t)
      for (size_t c = 0; c < vsf.tiers[t].cpus.size(); ++c)
        at_home(vsf.tiers[t].cpus[c], vsf.site, fmt::format("{}/tiers/{}/cpus/{}", vsf_pointer(s, v), t, c));
  }
  // An administrator's move of a named CPU stays within a site: only the global manager lends across.
  for (size_t a = 0; a < s.actions.size(); ++a) {
    const AdminAction& act = s.actions[a];
    if (act.cpu.empty() || act.op != AdminOp::Add) continue;
    for (const VsfSpec& vsf : s.vsfs)
      if (vsf.name == act.vsf && vsf.site >= 0 && static_cast<size_t>(vsf.site) < s.grid.sites.size())
        at_home(act.cpu, vsf.site, fmt::format("/actions/{}/cpu", a));
  }
}

}  // namespace vsf::scenario_detail
