// VSF creation and direct scale-outs and scale-ins (see direct_allocation.hpp).
#include "sim/managers/direct_allocation.hpp"

#include <algorithm>
#include <cassert>
#include <map>
#include <simgrid/s4u.hpp>

#include "grid/initial_plan.hpp"
#include "sim/lifecycle/cpu_lifecycle.hpp"
#include "sim/managers/global_manager.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_allocation, vsf_control, "VSF creation and direct allocation (no arbitration)");

namespace vsf::sim {

namespace {

// Lowest-id idle CPU of VSF v's site that no VSF still to be created has pinned.
CpuRuntime* pick_idle(World& w, int v) {
  const IndexRange r = w.site_cpus(w.scenario.vsfs[static_cast<size_t>(v)].site);
  for (int id = r.first; id < r.first + r.count; ++id) {
    CpuRuntime& c = w.cpus[static_cast<size_t>(id)];
    if (c.vsf < 0 && c.reserved_for < 0 && c.usable()) return &c;
  }
  return nullptr;
}

// The most recently allocated serving CPU of the tier.
CpuRuntime* pick_release(TierRuntime& t) {
  CpuRuntime* best = nullptr;
  for (CpuRuntime* m : t.members)
    if (m->state == CpuState::Serving && (best == nullptr || m->join_seq > best->join_seq)) best = m;
  return best;
}

// The rule's view of the live CPUs at VSF v's creation: what it takes is noted here (the CPUs are
// allocated after, in pick order) and its reservations end on the CPUs themselves. No copy of the grid:
// a creation costs its picks and the scan up to the lowest open CPU.
class LivePool final : public grid::PoolAccess {
 public:
  LivePool(World& w, int v) : w_(w), v_(v), site_(w.site_cpus(w.scenario.vsfs[static_cast<size_t>(v)].site)) {}
  int owner(grid::CpuId id) const override { return taken(id) ? v_ : cpu(id).vsf; }
  void take(grid::CpuId id, int) override { taken_.push_back(id); }
  // Of the VSF's site only: a VSF is created from its home site's pool.
  std::optional<grid::CpuId> lowest_open() const override {
    const IdSet& open = w_.allocatable;
    const size_t end = static_cast<size_t>(site_.first + site_.count);
    for (size_t id = open.next(static_cast<size_t>(site_.first)); id < end; id = open.next(id + 1))
      if (!taken(static_cast<grid::CpuId>(id))) return static_cast<grid::CpuId>(id);
    return std::nullopt;
  }
  void end_reservation(grid::CpuId id, int v) override {
    if (cpu(id).reserved_for != v) return;
    cpu(id).reserved_for = -1;
    w_.refresh_allocatable(cpu(id));
  }

 private:
  bool taken(grid::CpuId id) const { return std::find(taken_.begin(), taken_.end(), id) != taken_.end(); }
  CpuRuntime& cpu(grid::CpuId id) const { return w_.cpus[static_cast<size_t>(id)]; }
  World& w_;
  int v_;
  IndexRange site_;
  std::vector<grid::CpuId> taken_;  // a VSF's initial CPUs: a handful
};

void record_creation(World& w, const VsfRuntime& v) {
  const VsfSpec& spec = *v.spec;
  nlohmann::json tiers = nlohmann::json::array();
  for (const auto& t : spec.tiers)
    tiers.push_back({{"role", t.role}, {"initial", t.initial}, {"min", t.min}, {"max", t.max}});
  w.recorder.event(now(), "vsf_created",
                   {{"vsf", spec.name},
                    {"warm", spec.warm},
                    {"lb", spec.lb.enabled},
                    {"tiers", tiers},
                    {"storage", w.grid.storage()[static_cast<size_t>(v.storage)].name}});
}

}  // namespace

TierCounts walk_tier(const TierRuntime& t) {
  TierCounts c;
  for (const CpuRuntime* m : t.members) {
    if (m->lost) continue;
    if (m->state == CpuState::Serving)
      ++c.serving;
    else if (m->state == CpuState::Draining || m->state == CpuState::Stopping)
      ++c.draining;
    else
      ++c.pending;
  }
  return c;
}

TierCounts count_tier(const TierRuntime& t) {
  if (t.walk_counts) return walk_tier(t);
#ifndef NDEBUG  // debug builds (clang, sanitizers) check the kept counts against the walk at every read
  const TierCounts w = walk_tier(t);
  assert(w.serving == t.counts.serving && w.pending == t.counts.pending && w.draining == t.counts.draining);
#endif
  return t.counts;
}

const CpuRuntime* walk_newest(const TierRuntime& t) {
  const CpuRuntime* newest = nullptr;
  for (const CpuRuntime* c : t.members)
    if (newest == nullptr || c->join_seq > newest->join_seq) newest = c;
  return newest;
}

const CpuRuntime* newest_member(const TierRuntime& t) {
  if (t.walk_counts) return walk_newest(t);
  const CpuRuntime* last = t.members.empty() ? nullptr : t.members.back();
  assert(last == walk_newest(t));  // debug builds (clang, sanitizers) check the order at every read
  return last;
}

const HardwareProfile* newest_hw(const TierRuntime& t) {
  if (t.walk_counts) {
    const CpuRuntime* newest = walk_newest(t);
    return newest != nullptr ? newest->hw : nullptr;
  }
  assert(t.newest_hw == (t.members.empty() ? nullptr : newest_member(t)->hw));  // debug builds: at every read
  return t.newest_hw;
}

std::vector<int> newest_serving(const TierRuntime& t, int n) {
  std::vector<const CpuRuntime*> chosen;
  std::vector<int> ids;
  for (int i = 0; i < n; ++i) {
    const CpuRuntime* best = nullptr;
    for (const CpuRuntime* x : t.members)
      if (x->state == CpuState::Serving && !x->lost && std::find(chosen.begin(), chosen.end(), x) == chosen.end() &&
          (best == nullptr || x->join_seq > best->join_seq))
        best = x;
    if (best == nullptr) break;
    chosen.push_back(best);
    ids.push_back(best->id);
  }
  return ids;
}

void deny(World& w, int v, int tier, int requested, int refused, const std::string& why) {
  const int attempt = w.recorder.denial(v, tier, now(), refused);
  note_denial(w, v, refused);
  w.recorder.event(now(), "denial",
                   {{"vsf", w.vsf_name(v)},
                    {"tier", w.tier_name(v, tier)},
                    {"reason", why},
                    {"requested", requested},
                    {"refused", refused},
                    {"attempt", attempt},
                    {"idle_pool", w.idle_at(w.scenario.vsfs[static_cast<size_t>(v)].site)}});
}

int scale_out(World& w, int v, int k, int n, const std::string& reason) {
  int got = 0;
  for (int i = 0; i < n; ++i) {
    CpuRuntime* cpu = pick_idle(w, v);
    if (cpu == nullptr) break;  // the pool only refills later: the rest are refused
    allocate(w, *cpu, v, k, reason);
    start_join(w, *cpu, now());
    ++got;
  }
  if (got > 0) w.recorder.scale(v, k, got, now());
  if (got < n)
    deny(w, v, k, n, n - got, "idle pool empty");
  else if (n > 0)
    w.recorder.granted_in_full(v, k, now());
  return got;
}

int scale_in(World& w, int v, int k, int n, const std::string& reason) {
  int done = 0;
  for (int i = 0; i < n; ++i) {
    CpuRuntime* cpu = pick_release(w.vsfs[static_cast<size_t>(v)]->tiers[static_cast<size_t>(k)]);
    if (cpu == nullptr) break;
    start_release(w, *cpu, reason);
    ++done;
  }
  if (done > 0) w.recorder.scale(v, k, -done, now());
  return done;
}

std::vector<CpuRuntime*> take_initial(World& w, VsfRuntime& v) {
  LivePool pool(w, v.index);
  std::vector<CpuRuntime*> taken;
  struct Short {
    int requested = 0, refused = 0;
    std::string why;  // the distinct reasons, "; "-separated
  };
  std::map<int, Short> shorts;  // by tier, kLbTier first
  for (const grid::InitialPick& pick : grid::take_initial(w.scenario, w.grid, v.index, pool)) {
    const int tier = pick.tier == grid::kLbPick ? kLbTier : pick.tier;
    Short& s = shorts[tier];
    ++s.requested;
    if (!pick.cpu) {
      ++s.refused;
      const std::string why = pick.name.empty() ? "idle pool empty" : "pinned CPU " + pick.name + " is not idle";
      if (s.why.find(why) == std::string::npos) s.why += (s.why.empty() ? "" : "; ") + why;
      continue;
    }
    CpuRuntime& cpu = w.cpus[static_cast<size_t>(*pick.cpu)];
    allocate(w, cpu, v.index, tier, "vsf_created");
    taken.push_back(&cpu);
  }
  for (const auto& [tier, s] : shorts)
    if (s.refused > 0) deny(w, v.index, tier, s.requested, s.refused, s.why);
  return taken;
}

void create_vsf(World& w, VsfRuntime& v) {
  w.grid.create_vsf(v.index);
  v.exists = true;
  v.storage = std::max(0, w.grid.vsf_storage(v.index));
  record_creation(w, v);
  XBT_VERB("VSF %s created", v.spec->name.c_str());
  for (CpuRuntime* cpu : take_initial(w, v)) {
    if (v.spec->warm)
      warm_join(w, *cpu);
    else
      start_join(w, *cpu, now());
  }
  if (v.spec->warm) w.check_isolation("warm_start", v.index);
}

}  // namespace vsf::sim
