// "sites" (issue 14): each data centre's grid is read exactly as a top-level grid, then the sites are merged
// into the one Grid the rest of the simulator reads, site after site, each site's CPUs, switches, arrays and
// control-plane hosts a consecutive range recorded in its SiteSpec. Switches and control hosts keep their
// global numbering ("vsw2" is the first VLAN switch of a second site with two), so only storage arrays,
// whose default names would repeat from site to site, are renamed: an unnamed array is "array<global index>".
#include <fmt/format.h>

#include <map>

#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "util/json_util.hpp"
#include "util/suggest.hpp"

namespace vsf::scenario_detail {

namespace {

// Site names end up in WAN link names ("<a>-<b>"), fault targets and file names: keep them plain.
bool valid_site_name(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '-'))) return false;
  }
  return true;
}

// What was merged so far: the merged grid's running totals are its lists' sizes and counts.
class Merger {
 public:
  explicit Merger(const Source& src, Grid& grid) : src_(src), grid_(grid) {}

  void add(Grid&& g, const json& site_grid, SiteSpec& site) {
    const int k = static_cast<int>(grid_.sites.size());
    const bool first = k == 0;
    site.cpus = {grid_.total_cpus(), g.total_cpus()};
    site.vlan_switches = {first ? 0 : grid_.vlan_switches.count, g.vlan_switches.count};
    site.san_switches = {first ? 0 : grid_.san_switches.count, g.san_switches.count};
    site.arrays = {static_cast<int>(grid_.storage.size()), static_cast<int>(g.storage.size())};
    site.control_hosts = {first ? 0 : grid_.control_plane.hosts, g.control_plane.hosts};
    site.vlan = g.vlan_switches.spec;
    site.san = g.san_switches.spec;
    site.uplink_bandwidth_Bps = g.uplink.bandwidth_Bps;
    site.uplink_latency_s = g.uplink.latency_s;
    site.control_profile = g.control_plane.profile;
    if (first) {  // the merged grid's profiles, uplink and control-plane profile are the first site's
      grid_.vlan_switches = g.vlan_switches;
      grid_.san_switches = g.san_switches;
      grid_.uplink = g.uplink;
      grid_.control_plane = g.control_plane;
    } else {
      grid_.vlan_switches.count += g.vlan_switches.count;
      grid_.san_switches.count += g.san_switches.count;
      grid_.control_plane.hosts += g.control_plane.hosts;
    }
    for (CpuGroup& group : g.cpus) {
      group.site = k;
      grid_.cpus.push_back(std::move(group));
    }
    add_storage(std::move(g.storage), site_grid, site.pointer);
    grid_.sites.push_back(std::move(site));
  }

 private:
  void add_storage(std::vector<StorageArray>&& arrays, const json& site_grid, const std::string& site_ptr) {
    const json* list = member(site_grid, "storage");
    for (size_t i = 0; i < arrays.size(); ++i) {
      StorageArray& a = arrays[i];
      const bool named = list && list->is_array() && i < list->size() && member((*list)[i], "name");
      if (!named) a.name = fmt::format("array{}", grid_.storage.size());
      const std::string ptr = fmt::format("{}/grid/storage/{}{}", site_ptr, i, named ? "/name" : "");
      auto [it, inserted] = array_names_.emplace(a.name, ptr);
      if (!inserted)
        src_.error(ptr, fmt::format("storage array name \"{}\" is used twice (also at {}); array names are unique "
                                    "across sites{}",
                                    a.name, it->second, named ? "" : "; unnamed arrays are called array<index>"));
      grid_.storage.push_back(std::move(a));
    }
  }

  const Source& src_;
  Grid& grid_;
  std::map<std::string, std::string> array_names_;  // name -> where it is defined
};

void and_flags(const Parsed& site, Parsed& all) {
  all.cpus = all.cpus && site.cpus;
  all.vlan = all.vlan && site.vlan;
  all.san = all.san && site.san;
  all.storage = all.storage && site.storage;
  all.control_plane = all.control_plane && site.control_plane;
}

}  // namespace

void read_sites(const Source& src, const json& value, const std::string& pointer, const Models& models, Grid& grid,
                Parsed& parsed) {
  const json* arr = read_array(src, value, pointer, true);
  if (!arr) return;
  parsed.cpus = parsed.vlan = parsed.san = parsed.storage = parsed.control_plane = true;
  parsed.site_names = true;
  Merger merger(src, grid);
  std::map<std::string, std::string> names;  // name -> pointer
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string sptr = pointer_join(pointer, i);
    Fields f(src, (*arr)[i], sptr, scenario_keys::site(), "a site");
    Parsed own;
    own.models = parsed.models;
    own.switches_without_kind = parsed.switches_without_kind;
    SiteSpec site;
    site.pointer = sptr;
    if (f.ok()) {
      if (!f.read("name", site.name)) {
        parsed.site_names = false;
      } else if (!valid_site_name(site.name)) {
        src.error(f.at("name"), fmt::format("expected a site name of 1 to 32 lower-case letters, digits, '_' or '-', "
                                            "starting with a letter or digit, found \"{}\"",
                                            site.name));
        parsed.site_names = false;
      } else if (auto [it, inserted] = names.emplace(site.name, f.at("name")); !inserted) {
        src.error(f.at("name"), fmt::format("duplicate site name \"{}\" (also at {})", site.name, it->second));
      }
      f.read("cpu_hour_cost", site.cpu_hour_cost);
    } else {
      parsed.site_names = false;
    }
    Grid g;
    const json* gj = f.ok() ? f.value("grid") : nullptr;
    if (gj) read_grid(src, *gj, f.at("grid"), models, g, own);
    and_flags(own, parsed);
    merger.add(std::move(g), gj ? *gj : json(), site);
  }
  if (grid.total_cpus() > kMaxCount) {
    src.error(pointer, fmt::format("{} CPUs over all sites; at most {} are supported", grid.total_cpus(), kMaxCount));
    parsed.cpus = false;
  }
}

std::optional<int> read_site_reference(const Source& src, const json& v, const std::string& ptr, const Grid& grid,
                                       const Parsed& parsed) {
  auto name = read_string(src, v, ptr);
  if (!name) return std::nullopt;
  std::vector<std::string> known;
  for (size_t k = 0; k < grid.sites.size(); ++k) {
    if (grid.sites[k].name == *name) return static_cast<int>(k);
    known.push_back(grid.sites[k].name);
  }
  // A site whose own name is broken (reported) may be the one meant: no follow-up error.
  if (!parsed.site_names) return std::nullopt;
  src.error(ptr, fmt::format("unknown site \"{}\"{}", *name, suggestion_suffix(*name, known)));
  return std::nullopt;
}

std::string cpu_group_pointer(const Grid& grid, size_t g) {
  if (grid.sites.empty() || g >= grid.cpus.size()) return fmt::format("/grid/cpus/{}", g);
  const int site = grid.cpus[g].site;
  size_t in_site = 0;
  for (size_t j = 0; j < g; ++j)
    if (grid.cpus[j].site == site) ++in_site;
  return fmt::format("{}/grid/cpus/{}", grid.sites[site].pointer, in_site);
}

void read_vsf_site(const Source& src, const Fields& f, const Grid& grid, const Parsed& parsed, VsfSpec& s) {
  const json* v = f.get("site");
  if (!v) return;
  if (grid.sites.empty()) {
    if (!parsed.sites_given)
      src.error(f.at("site"), "a VSF names a site only in a scenario with \"sites\"; this one is one data centre");
    return;
  }
  if (auto k = read_site_reference(src, *v, f.at("site"), grid, parsed)) s.site = *k;
}

}  // namespace vsf::scenario_detail
