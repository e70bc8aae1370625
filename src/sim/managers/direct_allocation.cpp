// VSF creation and direct scale-outs and scale-ins (see direct_allocation.hpp).
#include "sim/managers/direct_allocation.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "sim/lifecycle/cpu_lifecycle.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_allocation, vsf_control, "VSF creation and direct allocation (no arbitration)");

namespace vsf::sim {

namespace {

// Lowest-id idle CPU that no VSF still to be created has pinned.
CpuRuntime* pick_idle(World& w) {
  for (CpuRuntime& c : w.cpus)
    if (c.vsf < 0 && c.reserved_for < 0 && c.usable()) return &c;
  return nullptr;
}

// The most recently allocated serving CPU of the tier.
CpuRuntime* pick_release(TierRuntime& t) {
  CpuRuntime* best = nullptr;
  for (CpuRuntime* m : t.members)
    if (m->state == CpuState::Serving && (best == nullptr || m->join_seq > best->join_seq)) best = m;
  return best;
}

// One initial CPU a VSF's definition asks for: its tier, and its name when pinned.
struct InitialCpu {
  int tier;
  std::string name;
};

std::vector<InitialCpu> initial_cpus(const VsfSpec& spec) {
  std::vector<InitialCpu> wants;
  if (spec.lb.enabled) wants.push_back({kLbTier, spec.lb.cpu});
  for (int k = 0; k < static_cast<int>(spec.tiers.size()); ++k) {
    const auto& t = spec.tiers[static_cast<size_t>(k)];
    for (int i = 0; i < t.initial; ++i)
      wants.push_back({k, i < static_cast<int>(t.cpus.size()) ? t.cpus[static_cast<size_t>(i)] : ""});
  }
  return wants;
}

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

// Allocates the initial CPUs: pinned ones first, so that no anonymous pick takes them, then (once the
// VSF's pins are released for others) the anonymous ones. Returns the CPUs taken, in that order.
std::vector<CpuRuntime*> take_initial(World& w, VsfRuntime& v, const std::vector<InitialCpu>& wants) {
  std::vector<CpuRuntime*> taken;
  for (const InitialCpu& want : wants) {
    if (want.name.empty()) continue;
    auto id = w.grid.find_cpu(want.name);
    if (!id || w.cpus[*id].vsf >= 0) {
      deny(w, v.index, want.tier, "pinned CPU " + want.name + " is not idle");
      continue;
    }
    allocate(w, w.cpus[*id], v.index, want.tier, "vsf_created");
    taken.push_back(&w.cpus[*id]);
  }
  for (CpuRuntime& c : w.cpus)
    if (c.reserved_for == v.index) c.reserved_for = -1;
  for (const InitialCpu& want : wants) {
    if (!want.name.empty()) continue;
    CpuRuntime* cpu = pick_idle(w);
    if (cpu == nullptr) {
      deny(w, v.index, want.tier, "idle pool empty");
      continue;
    }
    allocate(w, *cpu, v.index, want.tier, "vsf_created");
    taken.push_back(cpu);
  }
  return taken;
}

}  // namespace

TierCounts count_tier(const TierRuntime& t) {
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

void deny(World& w, int v, int tier, const std::string& why) {
  w.recorder.denial(v, tier == kLbTier ? 0 : tier, now());
  w.recorder.event(
      now(), "denial",
      {{"vsf", w.vsf_name(v)}, {"tier", w.tier_name(v, tier)}, {"reason", why}, {"idle_pool", w.idle_count}});
}

int scale_out(World& w, int v, int k, int n, const std::string& reason) {
  int got = 0;
  for (int i = 0; i < n; ++i) {
    CpuRuntime* cpu = pick_idle(w);
    if (cpu == nullptr) {
      deny(w, v, k, "idle pool empty");
      continue;
    }
    allocate(w, *cpu, v, k, reason);
    start_join(w, *cpu, now());
    ++got;
  }
  if (got > 0) w.recorder.scale(v, k, got, now());
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

void create_vsf(World& w, VsfRuntime& v) {
  w.grid.create_vsf(v.index);
  v.exists = true;
  v.storage = std::max(0, w.grid.vsf_storage(v.index));
  record_creation(w, v);
  XBT_VERB("VSF %s created", v.spec->name.c_str());
  for (CpuRuntime* cpu : take_initial(w, v, initial_cpus(*v.spec))) {
    if (v.spec->warm)
      warm_join(w, *cpu);
    else
      start_join(w, *cpu, now());
  }
  if (v.spec->warm) w.check_isolation("warm_start", v.index);
}

}  // namespace vsf::sim
