// vsfs[].cdn (issue 14 §3): a content distribution VSF read, checked, and expanded into plain VSFs (see
// model/cdn_spec.hpp): the origin "N" with tier 1 at N's site, and one edge "N@<site>" with tier 0 per site
// its regions name, carrying those regions' traffic. Every part bills to N's customer and plan.
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <set>

#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "util/json_util.hpp"

namespace vsf::scenario_detail {

namespace {

void read_hit_ratio(const Source& src, const json& v, const std::string& ptr, HitRatio& h) {
  if (v.is_number()) {
    h.max = v.get<double>();
    if (!(h.max >= 0 && h.max <= 1)) src.error(ptr, fmt::format("expected a hit ratio in [0, 1], found {}", h.max));
    return;
  }
  if (!v.is_object()) {
    src.error(ptr, fmt::format("expected a hit ratio: a number in [0, 1] or {{\"max\", \"cpus_for_half\"}}, found {}",
                               json_found(v)));
    return;
  }
  Fields f(src, v, ptr, scenario_keys::cdn_hit_curve(), "a hit-ratio curve");
  f.read("max", h.max);
  f.read("cpus_for_half", h.cpus_for_half);
}

// Sites reachable from `from` over the WAN links.
std::vector<bool> reachable(const Grid& grid, int from) {
  std::vector<bool> seen(grid.sites.size(), false);
  if (from < 0 || static_cast<size_t>(from) >= seen.size()) return seen;
  std::deque<int> queue{from};
  seen[static_cast<size_t>(from)] = true;
  while (!queue.empty()) {
    const int u = queue.front();
    queue.pop_front();
    for (const WanLink& l : grid.wan) {
      const int other = l.a == u ? l.b : l.b == u ? l.a : -1;
      if (other < 0 || static_cast<size_t>(other) >= seen.size() || seen[static_cast<size_t>(other)]) continue;
      seen[static_cast<size_t>(other)] = true;
      queue.push_back(other);
    }
  }
  return seen;
}

// What a CDN VSF cannot have (its parts name tiers by index, or pin CPUs at one site).
void check_cdn_vsf(const Source& src, const Fields& f, const VsfSpec& s) {
  if (f.has("tiers") && s.tiers.size() != 2)
    src.error(f.at("tiers"), fmt::format("a CDN VSF has exactly 2 tiers (0: the caching tier, 1: the origin "
                                         "tier), found {}",
                                         s.tiers.size()));
  for (const char* key :
       {"traffic", "traffic_shift", "count", "cpu_demand", "control_values", "api_rules", "shadow_policies"})
    if (f.has(key))
      src.error(f.at(key), fmt::format("a CDN VSF has no \"{}\"{}", key,
                                       std::string(key).rfind("traffic", 0) == 0 ? ": its regions give its traffic"
                                                                                 : " (not supported for a CDN)"));
  if (!s.policy.schedule.entries.empty())
    src.error(f.at("policy"), "a CDN VSF's policy has no schedule (its parts are VSFs of one tier each)");
  for (size_t k = 0; k < s.tiers.size(); ++k)
    if (!s.tiers[k].cpus.empty())
      src.error(pointer_join(pointer_join(f.at("tiers"), k), "cpus"),
                "a CDN VSF's tiers pin no CPUs: each part draws from its own site's pool");
  if (!s.lb.cpu.empty()) src.error(f.at("lb"), "a CDN VSF's load balancers pin no CPU: each part has its own");
}

}  // namespace

void read_traffic_or_cdn(const Source& src, const Fields& vf, const std::string& vsf_ptr, const std::string& base_dir,
                         const Grid& grid, const Parsed& parsed, VsfSpec& s) {
  if (const json* traffic = vf.value("traffic")) read_traffic(src, *traffic, vf.at("traffic"), base_dir, s.traffic);
  const json* v = vf.value("cdn");
  if (v == nullptr) {
    if (!vf.has("traffic")) src.error(vsf_ptr, "missing required key \"traffic\"");
    return;
  }
  const std::string ptr = vf.at("cdn");
  if (grid.sites.empty()) {
    src.error(ptr, "a CDN VSF needs \"sites\": its caches run at the sites its regions name");
    return;
  }
  check_cdn_vsf(src, vf, s);
  Fields f(src, *v, ptr, scenario_keys::cdn(), "a CDN");
  if (!f.ok()) return;
  CdnSpec cdn;
  if (const json* h = f.value("hit_ratio")) read_hit_ratio(src, *h, f.at("hit_ratio"), cdn.hit_ratio);
  const std::vector<bool> near = reachable(grid, s.site);
  if (const json* regions = f.value("regions")) {
    if (const json* arr = read_array(src, *regions, f.at("regions"), true)) {
      std::set<std::string> names;
      for (size_t i = 0; i < arr->size(); ++i) {
        const std::string rptr = pointer_join(f.at("regions"), i);
        Fields r(src, (*arr)[i], rptr, scenario_keys::cdn_region(), "a CDN region");
        if (!r.ok()) continue;
        CdnRegion region;
        if (r.read("name", region.name) && !names.insert(region.name).second)
          src.error(r.at("name"), fmt::format("duplicate region name \"{}\"", region.name));
        if (const json* site = r.value("site")) {
          if (auto k = read_site_reference(src, *site, r.at("site"), grid, parsed)) {
            region.site = *k;
            if (!near[static_cast<size_t>(*k)])
              src.error(r.at("site"), fmt::format("site \"{}\" has no WAN path to the origin's site \"{}\": its "
                                                  "caches' misses could not reach the origin",
                                                  grid.sites[static_cast<size_t>(*k)].name,
                                                  grid.sites[static_cast<size_t>(s.site)].name));
          }
        }
        if (const json* traffic = r.value("traffic"))
          read_traffic(src, *traffic, r.at("traffic"), base_dir, region.traffic);
        cdn.regions.push_back(std::move(region));
      }
    }
  }
  s.cdn = std::move(cdn);
}

void refuse_ordered_cdn(const Source& src, const json& v, const std::string& ptr) {
  if (v.is_object() && v.contains("cdn"))
    src.error(pointer_join(ptr, "cdn"), "an ordered VSF cannot be a CDN: give the CDN in \"vsfs\"");
}

std::vector<VsfSpec> expand_cdn(const Source& src, VsfSpec def, int first_index, const Grid& grid,
                                double scenario_scale) {
  if (!def.cdn || def.tiers.size() != 2) return {std::move(def)};
  VsfSpec origin = def;
  origin.tiers = {def.tiers[1]};
  origin.traffic.clear();
  std::vector<int> sites;  // in the order regions name them
  for (const CdnRegion& r : def.cdn->regions)
    if (std::find(sites.begin(), sites.end(), r.site) == sites.end()) sites.push_back(r.site);
  std::vector<VsfSpec> out;
  for (int site : sites) {
    VsfSpec edge = def;
    edge.cdn.reset();
    edge.name = def.name + "@" + grid.sites[static_cast<size_t>(site)].name;
    edge.site = site;
    edge.tiers = {def.tiers[0]};
    edge.traffic.clear();
    for (const CdnRegion& r : def.cdn->regions)
      if (r.site == site) edge.traffic.insert(edge.traffic.end(), r.traffic.begin(), r.traffic.end());
    edge.cdn_origin = first_index;
    edge.hit_ratio = def.cdn->hit_ratio;
    scale_traffic(src, scenario_scale, pointer_join(def.pointer, "traffic_scale"), edge);
    origin.cdn_edges.push_back(first_index + 1 + static_cast<int>(out.size()));
    out.push_back(std::move(edge));
  }
  out.insert(out.begin(), std::move(origin));
  return out;
}

}  // namespace vsf::scenario_detail
