// "wan" and "global_manager" (issue 14): the links between sites, and the global grid manager that lends
// one site's idle CPUs to another's VSFs over them. Both only make sense with "sites", read before them.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "util/json_util.hpp"

namespace vsf::scenario_detail {

namespace {

// "between": two different sites, returned in the sites' order.
std::optional<std::pair<int, int>> read_between(const Source& src, const Fields& f, const Grid& grid,
                                                const Parsed& parsed) {
  const json* v = f.value("between");
  if (!v) return std::nullopt;
  const std::string ptr = f.at("between");
  if (!v->is_array() || v->size() != 2) {
    src.error(ptr, fmt::format("expected the two sites a WAN link joins, such as [\"sanjose\", \"newyork\"], found {}",
                               json_found(*v)));
    return std::nullopt;
  }
  auto a = read_site_reference(src, (*v)[0], pointer_join(ptr, 0), grid, parsed);
  auto b = read_site_reference(src, (*v)[1], pointer_join(ptr, 1), grid, parsed);
  if (!a || !b) return std::nullopt;
  if (*a == *b) {
    src.error(ptr, fmt::format("a WAN link joins two different sites; found \"{}\" twice", grid.sites[*a].name));
    return std::nullopt;
  }
  return std::make_pair(std::min(*a, *b), std::max(*a, *b));
}

}  // namespace

void read_wan(const Source& src, const json& value, const std::string& pointer, const Parsed& parsed, Grid& grid) {
  if (grid.sites.empty()) {
    if (!parsed.sites_given)
      src.error(pointer, "WAN links join sites: give \"sites\" (a scenario without sites is one data centre)");
    return;
  }
  const json* arr = read_array(src, value, pointer, false);
  if (!arr) return;
  std::map<std::string, std::string> names;  // link name -> pointer of the link that has it
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string lptr = pointer_join(pointer, i);
    Fields f(src, (*arr)[i], lptr, scenario_keys::wan_link(), "a WAN link");
    if (!f.ok()) continue;
    WanLink w;
    w.pointer = lptr;
    f.read("bandwidth", w.bandwidth_Bps);
    f.read("latency", w.latency_s);
    f.read("cost_per_gb", w.cost_per_gb);
    auto ends = read_between(src, f, grid, parsed);
    if (!ends) continue;
    w.a = ends->first;
    w.b = ends->second;
    w.name = grid.sites[w.a].name + "-" + grid.sites[w.b].name;
    if (auto [it, inserted] = names.emplace(w.name, lptr); !inserted) {
      // Site names may hold '-': "a-b" + "c" and "a" + "b-c" would give one name to two links.
      const bool same_pair =
          std::any_of(grid.wan.begin(), grid.wan.end(), [&](const WanLink& o) { return o.a == w.a && o.b == w.b; });
      src.error(f.at("between"), same_pair
                                     ? fmt::format("the WAN link between \"{}\" and \"{}\" is given twice (also at {})",
                                                   grid.sites[w.a].name, grid.sites[w.b].name, it->second)
                                     : fmt::format("this link would be named \"{}\" like the one at {}; rename a site",
                                                   w.name, it->second));
      continue;
    }
    grid.wan.push_back(std::move(w));
  }
}

void read_global_manager(const Source& src, const json& value, const std::string& pointer, const Scenario& scenario,
                         const Parsed& parsed, GlobalManagerSpec& gm) {
  if (scenario.grid.sites.empty()) {
    if (!parsed.sites_given)
      src.error(pointer,
                "a global grid manager lends CPUs between sites: give \"sites\" (a scenario without sites is one "
                "data centre)");
    return;
  }
  Fields f(src, value, pointer, scenario_keys::global_manager(), "the global grid manager");
  if (!f.ok()) return;
  gm.present = true;
  if (const json* site = f.get("site"))
    if (auto k = read_site_reference(src, *site, f.at("site"), scenario.grid, parsed)) gm.site = *k;
  f.read("interval", gm.interval_s);
  f.read("lending", gm.lending, kLendings);
  f.read("lent_boot", gm.lent_boot, kLentBoots);
  if (f.read("profile", gm.profile))
    check_reference(src, scenario.models.hardware, gm.profile, f.at("profile"), "hardware profile", parsed.models);
}

}  // namespace vsf::scenario_detail
