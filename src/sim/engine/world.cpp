// Construction of the runtime state and the small services every actor uses (events, CPU states,
// isolation checks).
#include "sim/engine/world.hpp"

#include <xbt/log.h>

#include <algorithm>
#include <simgrid/s4u/Engine.hpp>
#include <stdexcept>

#include "grid/initial_plan.hpp"
#include "sim/dataplane/flow_dataplane.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_world, vsf_engine, "vsfsim runtime state: CPU states, isolation checks");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

double now() { return sg4::Engine::get_clock(); }

VsfRuntime::VsfRuntime(int i, const VsfSpec& s, uint64_t seed)
    : index(i),
      spec(&s),
      rate(s.traffic),
      work_rng(stream_seed(seed, Stream::Work, i)),
      demand_arrivals(stream_seed(seed, Stream::DemandArrivals, i)),
      demand_holds(stream_seed(seed, Stream::DemandHolds, i)),
      cdn_hits(stream_seed(seed, Stream::CdnHits, i)) {}

VsfRuntime::~VsfRuntime() = default;  // here, where FlowRuntime is complete

sg4::SemaphorePtr SemaphorePool::take() {
  if (pool_.empty()) return sg4::Semaphore::create(0);
  sg4::SemaphorePtr s = std::move(pool_.back());
  pool_.pop_back();
  return s;
}

namespace {

// Sets each CPU's site from the loader's index ranges (the sites' definition; the grid model's
// CpuInfo::site follows them) and returns each site's idle pool at the start: all its CPUs.
std::vector<int> place_in_sites(const Grid& grid, std::vector<CpuRuntime>& cpus) {
  const int n = static_cast<int>(cpus.size());
  for (size_t k = 0; k < grid.sites.size(); ++k) {
    const IndexRange r = grid.sites[k].cpus;
    for (int id = r.first; id < r.first + r.count && id < n; ++id)
      cpus[static_cast<size_t>(id)].site = static_cast<int>(k);
  }
  std::vector<int> idle(static_cast<size_t>(grid.site_count()), 0);
  for (const CpuRuntime& c : cpus) ++idle[static_cast<size_t>(c.site)];
  return idle;
}

}  // namespace

World::World(const Scenario& s, grid::GridModel& g, Recorder& r, Platform p)
    : scenario(s), grid(g), recorder(r), platform(std::move(p)), end_s(s.duration_s) {
  const int n = grid.cpu_count();
  cpus.resize(n);
  for (int id = 0; id < n; ++id) {
    CpuRuntime& c = cpus[id];
    c.id = id;
    c.name = grid.cpu(id).name;
    c.hw = &scenario.models.hardware.at(grid.cpu(id).profile);
    c.host = platform.cpu[id];
    c.hba = platform.hba[id];
    c.site = grid.cpu(id).site;
  }
  idle_count = n;
  site_idle = place_in_sites(scenario.grid, cpus);
  wan_down.assign(scenario.grid.wan.size(), false);
  fabric.vlan_switch_down.assign(static_cast<size_t>(grid.vlan_switch_count()), false);
  fabric.san_switch_down.assign(static_cast<size_t>(grid.san_switch_count()), false);
  fabric.nic_down.assign(static_cast<size_t>(n), {false, false});
  fabric.hba_down.assign(static_cast<size_t>(n), false);
  fabric.array_failed.assign(grid.storage().size(), false);
  fabric.array_link_held.assign(grid.storage().size(), false);
  fabric.uplink_port_down.assign(static_cast<size_t>(grid.site_count()), false);
  uplink_down.assign(static_cast<size_t>(grid.site_count()), false);
  for (const auto& a : grid.storage())
    fabric.array_port_down.emplace_back(static_cast<size_t>(std::max(1, a.spec->ports)), false);
  for (int v = 0; v < static_cast<int>(scenario.vsfs.size()); ++v) {
    const VsfSpec& spec = scenario.vsfs[v];
    auto rt = std::make_unique<VsfRuntime>(v, spec, scenario.seed);
    if (spec.lb.enabled) {
      rt->lb_role = &scenario.models.roles.at(spec.lb.role);
      TierRuntime& lb = rt->lb_tier;
      lb.index = kLbTier;
      lb.role = rt->lb_role;
      lb.work = WorkModel(*rt->lb_role);
      lb.in_vsf_utilization = false;
    }
    for (int k = 0; k < static_cast<int>(spec.tiers.size()); ++k) {
      TierRuntime& t = rt->tiers.emplace_back();
      t.index = k;
      t.spec = &spec.tiers[k];
      t.role = &scenario.models.roles.at(spec.tiers[k].role);
      t.work = WorkModel(*t.role);
      if (t.role->san_bytes > 0) rt->san_io = true;
      t.dispatch = spec.tiers[k].dispatch;
    }
    vsfs.push_back(std::move(rt));
  }
  // CPUs named by a VSF wait for it: another VSF's anonymous request must not take them first.
  const grid::Pool pool = grid::initial_pool(scenario, grid);
  allocatable = IdSet(static_cast<size_t>(n));
  for (int id = 0; id < n; ++id) {
    cpus[id].reserved_for = pool[static_cast<size_t>(id)].reserved_for;
    refresh_allocatable(cpus[id]);
  }
  roster_dirty.assign(vsfs.size(), 0);
}

IndexRange World::site_cpus(int site) const {
  if (!has_sites()) return {0, static_cast<int>(cpus.size())};
  return scenario.grid.sites[static_cast<size_t>(site)].cpus;
}

Server* World::new_server(CpuRuntime& cpu, TierRuntime* tier) {
  auto s = std::make_unique<Server>();
  s->cpu = &cpu;
  s->tier = tier;
  s->cores = cpu.hw->cores;
  servers.push_back(std::move(s));
  return servers.back().get();
}

TierRuntime& World::tier_of(const CpuRuntime& cpu) {
  VsfRuntime& v = *vsfs[cpu.vsf];
  return cpu.tier == kLbTier ? v.lb_tier : v.tiers[cpu.tier];
}

std::string World::domain_name(int id) const {
  if (id >= 0) return scenario.vsfs[id].name;
  if (id == grid::kPublic) return "public";
  if (id == grid::kControlPlane) return "control";
  return "idle";
}

const std::string& World::vsf_name(int v) const {
  static const std::string idle = "idle";
  return v >= 0 ? scenario.vsfs[v].name : idle;
}

std::string World::tier_name(int v, int tier) const {
  if (v < 0) return "";
  if (tier == kLbTier) return scenario.vsfs[v].lb.role;
  return scenario.vsfs[v].tiers[tier].role;
}

sg4::Host* World::control_host(int v) const {
  return platform.control[static_cast<size_t>(v < 0 ? 0 : v) % platform.control.size()];
}

void World::cpu_event(double t, const std::string& type, const CpuRuntime& cpu, nlohmann::json fields) {
  if (!recorder.keeps_events()) return;
  nlohmann::json f = {{"cpu", cpu.name}, {"vsf", vsf_name(cpu.vsf)}};
  if (cpu.vsf >= 0) f["tier"] = tier_name(cpu.vsf, cpu.tier);
  if (fields.is_object())
    for (auto it = fields.begin(); it != fields.end(); ++it) f[it.key()] = std::move(it.value());
  recorder.event(t, type, std::move(f));
}

namespace {

// Adds `d` to the count that a member in cpu's state falls in (none for a lost one).
void tally(TierCounts& c, const CpuRuntime& cpu, int d) {
  if (cpu.lost) return;
  if (cpu.state == CpuState::Serving)
    c.serving += d;
  else if (cpu.state == CpuState::Draining || cpu.state == CpuState::Stopping)
    c.draining += d;
  else
    c.pending += d;
}

}  // namespace

void World::join_members(CpuRuntime& cpu, TierRuntime& t) {
  if (cpu.member_of != nullptr) cpu.member_of->walk_counts = t.walk_counts = true;  // listed twice
  t.members.push_back(&cpu);
  t.newest_hw = cpu.hw;
  cpu.member_of = &t;
  tally(t.counts, cpu, 1);
}

void World::leave_members(CpuRuntime& cpu, TierRuntime& t) {
  auto& m = t.members;
  const auto it = std::find(m.begin(), m.end(), &cpu);
  if (it == m.end()) return;
  const bool was_last = it + 1 == m.end();
  m.erase(it);
  if (was_last) t.newest_hw = m.empty() ? nullptr : m.back()->hw;
  if (cpu.member_of != &t) {  // listed in another tier too: this one's counts are walked from now on
    t.walk_counts = true;
    return;
  }
  tally(t.counts, cpu, -1);
  cpu.member_of = nullptr;
}

void World::set_lost(CpuRuntime& cpu, bool lost) {
  if (cpu.member_of != nullptr) tally(cpu.member_of->counts, cpu, -1);
  cpu.lost = lost;
  if (cpu.member_of != nullptr) tally(cpu.member_of->counts, cpu, 1);
}

void World::set_state(CpuRuntime& cpu, CpuState s) {
  if (cpu.member_of != nullptr) tally(cpu.member_of->counts, cpu, -1);
  cpu.state = s;
  if (cpu.member_of != nullptr) tally(cpu.member_of->counts, cpu, 1);
  recorder.cpu_state(cpu.id, cpu.vsf, s, now(), cpu.vsf >= 0 && cpu.tier == kLbTier, cpu.vsf >= 0 ? cpu.tier : -1);
}

namespace {

nlohmann::json violations_found(const World& w, const std::vector<grid::Violation>& found) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& v : found)
    list.push_back(
        {{"node", v.node}, {"owner", w.domain_name(v.owner)}, {"reached_from", w.domain_name(v.reached_from)}});
  return list;
}

}  // namespace

void World::check_isolation(const std::string& after, const CpuRuntime& cpu) {
  std::vector<grid::Violation> found = grid.check_isolation(isolation_check);
  if (found.empty()) return;
  XBT_VERB("%zu isolation violations after %s of %s", found.size(), after.c_str(), cpu.name.c_str());
  isolation_violations += static_cast<int>(found.size());
  recorder.isolation_violations(static_cast<int>(found.size()));
  cpu_event(now(), "isolation_violation", cpu, {{"after", after}, {"violations", violations_found(*this, found)}});
}

void World::check_isolation(const std::string& after, int vsf) {
  std::vector<grid::Violation> found = grid.check_isolation(isolation_check);
  if (found.empty()) return;
  XBT_VERB("%zu isolation violations after %s of VSF %s", found.size(), after.c_str(), vsf_name(vsf).c_str());
  isolation_violations += static_cast<int>(found.size());
  recorder.isolation_violations(static_cast<int>(found.size()));
  recorder.event(now(), "isolation_violation",
                 {{"vsf", vsf_name(vsf)}, {"after", after}, {"violations", violations_found(*this, found)}});
}

}  // namespace vsf::sim
