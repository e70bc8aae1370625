// Checks that need several sections at once: CPU names (unique, and every name referred to exists),
// CPUs pinned in at most one place, enough CPUs for every VSF's initial servers and load balancer,
// enough switch ports for the cabling, and VSFs created before the run ends.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "scenario/sections.hpp"
#include "util/json_util.hpp"
#include "util/list_cut.hpp"
#include "util/numbers.hpp"
#include "util/suggest.hpp"

namespace vsf::scenario_detail {

namespace {

// The JSON pointer of VSF v: its entry's in "vsfs" (a group's copies share it), or /vsfs/v for a
// Scenario built in code.
std::string vsf_pointer(const Scenario& s, size_t v) {
  return s.vsfs[v].pointer.empty() ? fmt::format("/vsfs/{}", v) : s.vsfs[v].pointer;
}

// A copy of the group before it: what is not varied per copy is checked once per group.
bool same_entry_as_previous(const Scenario& s, size_t v) {
  return v > 0 && !s.vsfs[v].pointer.empty() && s.vsfs[v].pointer == s.vsfs[v - 1].pointer;
}

// The grid's CPU names. Unnamed CPUs are "cpu-<index over the whole grid>". Explicit names, and the
// generated names that an explicit name also claims, are kept with the pointer that defines them; other
// generated names cannot clash and are not materialized: a map of a 1,000,000-CPU grid's names took
// seconds to build and free (tests/fuzz/regressions/loader/million-cpus).
class CpuNames {
 public:
  CpuNames(const Source& src, const Grid& grid, bool& ok) : grid_(grid) {
    std::set<long long> claimed;  // indices of unnamed CPUs whose name an explicit name takes too
    for (const auto& group : grid.cpus)
      for (const auto& name : group.names)
        if (auto i = generated_index(name); i && unnamed(*i)) claimed.insert(*i);
    long long index = 0;
    for (size_t g = 0; g < grid.cpus.size(); ++g) {
      const CpuGroup& group = grid.cpus[g];
      for (int k = 0; k < group.count; ++k, ++index) {
        const bool named = k < static_cast<int>(group.names.size());
        if (!named && !claimed.count(index)) continue;
        std::string name = named ? group.names[k] : fmt::format("cpu-{}", index);
        const std::string gptr = cpu_group_pointer(grid, g);
        std::string ptr = named ? fmt::format("{}/names/{}", gptr, k) : gptr;
        auto [it, inserted] = kept_.emplace(name, ptr);
        if (!inserted) {
          src.error(ptr, fmt::format("CPU name \"{}\" is used twice (also at {}){}", name, it->second,
                                     named ? "" : "; unnamed CPUs are called cpu-<index>"));
          ok = false;
        }
      }
    }
  }

  bool contains(const std::string& name) const {
    if (kept_.count(name)) return true;
    auto i = generated_index(name);
    return i && unnamed(*i);
  }

  // Every name, sorted; empty when there are more than `max`.
  std::vector<std::string> all(long long max) const {
    std::vector<std::string> out;
    if (grid_.total_cpus() > max) return out;
    long long index = 0;
    for (const auto& group : grid_.cpus)
      for (int k = 0; k < group.count; ++k, ++index)
        out.push_back(k < static_cast<int>(group.names.size()) ? group.names[k] : fmt::format("cpu-{}", index));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

 private:
  // i when `name` is exactly "cpu-<i>" as generated (no sign, no leading zero).
  static std::optional<long long> generated_index(const std::string& name) {
    if (name.rfind("cpu-", 0) != 0 || name.size() > 14) return std::nullopt;
    auto i = parse_unsigned(std::string_view(name).substr(4));
    if (!i || fmt::format("cpu-{}", *i) != name) return std::nullopt;
    return static_cast<long long>(*i);
  }

  // The CPU at `index` exists and has no explicit name.
  bool unnamed(long long index) const {
    for (const auto& group : grid_.cpus) {
      if (index < group.count) return index >= static_cast<long long>(group.names.size());
      index -= group.count;
    }
    return false;
  }

  const Grid& grid_;
  std::map<std::string, std::string> kept_;  // name -> pointer where it is defined
};

void check_cpu_references(const Source& src, const Scenario& s, const CpuNames& names, bool names_ok) {
  const std::vector<std::string> known = names.all(10000);
  auto exists = [&](const std::string& name, const std::string& ptr) {
    if (names.contains(name)) return true;
    if (names_ok) src.error(ptr, fmt::format("unknown CPU \"{}\"{}", name, suggestion_suffix(name, known)));
    return false;
  };
  std::map<std::string, std::string> pinned;  // CPU -> where it was first pinned
  auto pin = [&](const std::string& name, const std::string& ptr) {
    if (!exists(name, ptr)) return;
    auto [it, inserted] = pinned.emplace(name, ptr);
    if (!inserted)
      src.error(ptr,
                fmt::format("CPU \"{}\" is already given to {}; a CPU starts in at most one place", name, it->second));
  };
  for (size_t v = 0; v < s.vsfs.size(); ++v) {
    const VsfSpec& vsf = s.vsfs[v];
    if (vsf.lb.enabled && !vsf.lb.cpu.empty()) pin(vsf.lb.cpu, vsf_pointer(s, v) + "/lb/cpu");
    for (size_t t = 0; t < vsf.tiers.size(); ++t)
      for (size_t c = 0; c < vsf.tiers[t].cpus.size(); ++c)
        pin(vsf.tiers[t].cpus[c], fmt::format("{}/tiers/{}/cpus/{}", vsf_pointer(s, v), t, c));
  }
  for (size_t a = 0; a < s.actions.size(); ++a)
    if (!s.actions[a].cpu.empty()) exists(s.actions[a].cpu, fmt::format("/actions/{}/cpu", a));
}

void check_capacity(const Source& src, const Scenario& s) {
  // Conservative: as if every VSF existed at once, whatever its start time.
  long long need = 0;
  std::vector<std::string> each;  // "shop-1 3": cut to the first few, a grid may hold thousands of VSFs
  for (const auto& vsf : s.vsfs) {
    if (vsf.order >= 0) continue;  // an ordered VSF waits for, or is refused, CPUs the pool lacks (when_pool_short)
    long long n = vsf.lb.enabled ? 1 : 0;
    for (const auto& t : vsf.tiers) n += t.initial;
    need += n;
    each.push_back(fmt::format("{} {}", vsf.name.empty() ? "(unnamed)" : vsf.name, n));
  }
  const std::string detail = cut_list(each);
  const int have = s.grid.total_cpus();
  if (need > have)
    src.error("/grid/cpus", fmt::format("the grid has {} CPUs but the VSFs need {} at creation (initial servers "
                                        "plus one per load balancer: {})",
                                        have, need, detail));
}

// The ports the trunks between n switches of a kind take (GridModel): a chain of VLAN switches, two per
// link; a full mesh of SAN switches, n - 1 at each.
long long trunk_ports(bool san, long long n) { return san ? n * (n - 1) : 2 * (n - 1); }

// The fix to suggest: the fewest switches (up to 100) of this many ports that carry `base` ports plus their
// trunks', or the ports each of today's switches would need.
void check_ports(const Source& src, const SwitchSet& set, bool san, long long base, const std::string& ptr,
                 const std::string& detail) {
  auto need_at = [&](long long n) { return base + trunk_ports(san, n); };
  const long long need = need_at(set.count);
  const long long have = static_cast<long long>(set.spec.ports) * set.count;
  if (need <= have) return;
  std::string fix = fmt::format("set {}/ports to {}", ptr, (need + set.count - 1) / set.count);
  for (long long n = 1; n <= 100; ++n)
    if (need_at(n) <= n * set.spec.ports) {
      fix = fmt::format("set {}/count to {}, or {}/ports to {}", ptr, n, ptr, (need + set.count - 1) / set.count);
      break;
    }
  src.error(ptr, fmt::format("{} ports are needed ({}), but {} switch{} x {} ports = {}; {}", need, detail, set.count,
                             set.count == 1 ? "" : "es", set.spec.ports, have, fix));
}

// The part of the grid one set of switches serves: the whole grid, or one site (each site's switches cable
// only its own CPUs, arrays and control-plane hosts).
struct GridPart {
  long long cpus = 0;
  SwitchSet vlan, san;
  long long storage_ports = 0;
  int control_hosts = 0;
  std::string pointer;  // "/grid" or "/sites/<k>/grid"
};

GridPart whole_grid(const Grid& grid) {
  GridPart p{grid.total_cpus(), grid.vlan_switches, grid.san_switches, 0, grid.control_plane.hosts, "/grid"};
  for (const auto& a : grid.storage) p.storage_ports += a.ports;
  return p;
}

GridPart site_part(const Grid& grid, const SiteSpec& site) {
  GridPart p{site.cpus.count,          grid.vlan_switches,    grid.san_switches, 0,
             site.control_hosts.count, site.pointer + "/grid"};
  p.vlan.count = site.vlan_switches.count;
  p.vlan.spec = site.vlan;
  p.san.count = site.san_switches.count;
  p.san.spec = site.san;
  for (int a = site.arrays.first; a < site.arrays.first + site.arrays.count; ++a)
    p.storage_ports += grid.storage[a].ports;
  return p;
}

void check_grid_ports(const Source& src, const GridPart& g, const Parsed& parsed) {
  const long long cpus = g.cpus;
  auto links = [](bool san, int n) {
    return n > 1 ? fmt::format(", {} for the links between {} switches", trunk_ports(san, n), n) : std::string();
  };
  if (parsed.cpus && parsed.vlan)
    check_ports(src, g.vlan, false, 2 * cpus + 1, g.pointer + "/vlan_switches",
                fmt::format("2 per CPU for {} CPUs, 1 uplink{}", cpus, links(false, g.vlan.count)));
  if (parsed.cpus && parsed.san && parsed.storage && parsed.control_plane)
    check_ports(src, g.san, true, cpus + g.storage_ports + g.control_hosts, g.pointer + "/san_switches",
                fmt::format("1 per CPU for {} CPUs, {} for storage, {} for the control plane{}", cpus, g.storage_ports,
                            g.control_hosts, links(true, g.san.count)));
}

// A recurring activity whose period is tiny against the run would run away (an output interval of
// nanoseconds over an hour is 3.6e12 rows): at most kMaxTicks periods per run.
constexpr double kMaxTicks = 1e7;
void check_ticks(const Source& src, double duration_s, double period_s, const std::string& ptr, const char* what) {
  if (!(period_s > 0) || duration_s / period_s <= kMaxTicks) return;
  src.error(ptr,
            fmt::format("{} of {:g} s makes {:.3g} {} over the run's {:g} s; at most {:g}: use at least {:g} s", what,
                        period_s, duration_s / period_s, "periods", duration_s, kMaxTicks, duration_s / kMaxTicks));
}

void check_periods(const Source& src, const Scenario& s) {
  check_ticks(src, s.duration_s, s.outputs.interval_s, "/outputs/interval", "an output interval");
  check_ticks(src, s.duration_s, s.control.health_check_interval_s, "/control_plane/health_check_interval",
              "a health-check interval");
  check_ticks(src, s.duration_s, s.control.ping_interval_s, "/control_plane/ping_interval", "a ping interval");
  for (size_t v = 0; v < s.vsfs.size(); ++v) {
    if (same_entry_as_previous(s, v)) continue;
    check_ticks(src, s.duration_s, s.vsfs[v].policy.interval_s, vsf_pointer(s, v) + "/policy/interval",
                "a policy interval");
    for (const ApiRule& r : s.vsfs[v].api_rules)
      check_ticks(src, s.duration_s, r.interval_s, r.pointer + "/interval", "an API rule's interval");
  }
  // The resolution only paces the VSFs in flow fidelity: a request-only run never steps through it.
  const bool flow =
      std::any_of(s.vsfs.begin(), s.vsfs.end(), [](const VsfSpec& v) { return v.fidelity == Fidelity::Flow; });
  if (flow) check_ticks(src, s.duration_s, s.flow.resolution_s, "/flow/resolution", "a flow resolution");
}

}  // namespace

void check_scenario(const Source& src, const Scenario& s, const Parsed& parsed) {
  bool names_ok = parsed.cpus;
  std::optional<CpuNames> names;
  if (parsed.cpus) names.emplace(src, s.grid, names_ok);
  if (parsed.cpus && parsed.vsfs) {
    check_cpu_references(src, s, *names, names_ok);
    if (s.grid.sites.empty()) {
      check_capacity(src, s);
    } else {
      check_site_capacity(src, s);
      if (names_ok) check_pinned_sites(src, s);
    }
  }
  if (s.grid.sites.empty()) {
    check_grid_ports(src, whole_grid(s.grid), parsed);
  } else {
    for (const SiteSpec& site : s.grid.sites) check_grid_ports(src, site_part(s.grid, site), parsed);
  }
  check_periods(src, s);
  if (parsed.vsfs) check_plans(src, s);
  for (size_t v = 0; v < s.vsfs.size(); ++v)
    if (s.vsfs[v].start_s >= s.duration_s && s.duration_s > 0 && !same_entry_as_previous(s, v))
      src.error(vsf_pointer(s, v) + "/start",
                fmt::format("VSF \"{}\" would be created at {} s, not before the end of the run ({} s)", s.vsfs[v].name,
                            s.vsfs[v].start_s, s.duration_s));
}

}  // namespace vsf::scenario_detail
