// The initial-allocation rule (see initial_plan.hpp).
#include "grid/initial_plan.hpp"

#include <algorithm>
#include <numeric>

namespace vsf::grid {

namespace {

// What VSF v's definition asks for at its creation, before any CPU is chosen.
std::vector<InitialPick> wants_of(const VsfSpec& spec) {
  std::vector<InitialPick> wants;
  if (spec.lb.enabled) wants.push_back({kLbPick, spec.lb.cpu, std::nullopt});
  for (size_t k = 0; k < spec.tiers.size(); ++k) {
    const Tier& t = spec.tiers[k];
    for (size_t i = 0; i < static_cast<size_t>(std::max(0, t.initial)); ++i)
      wants.push_back({static_cast<int>(k), i < t.cpus.size() ? t.cpus[i] : std::string(), std::nullopt});
  }
  return wants;
}

// The CPUs a VSF names (its reservations are among them).
template <typename F>
void for_each_named(const VsfSpec& spec, F&& f) {
  if (spec.lb.enabled && !spec.lb.cpu.empty()) f(spec.lb.cpu);
  for (const Tier& t : spec.tiers)
    for (const std::string& name : t.cpus) f(name);
}

class VectorPool final : public PoolAccess {
 public:
  VectorPool(Pool& pool, const GridModel& grid) : pool_(pool), grid_(grid) {}
  int owner(CpuId id) const override { return pool_[static_cast<size_t>(id)].owner; }
  void take(CpuId id, int v) override { pool_[static_cast<size_t>(id)].owner = v; }
  std::optional<CpuId> lowest_open() const override { return lowest_open_at(-1); }
  std::optional<CpuId> lowest_open_at(int site) const override {  // site -1: any
    for (size_t id = 0; id < pool_.size(); ++id)
      if (pool_[id].owner == kIdle && pool_[id].reserved_for < 0 && pool_[id].usable &&
          (site < 0 || grid_.cpu(static_cast<CpuId>(id)).site == site))
        return static_cast<CpuId>(id);
    return std::nullopt;
  }
  void end_reservation(CpuId id, int v) override {
    if (pool_[static_cast<size_t>(id)].reserved_for == v) pool_[static_cast<size_t>(id)].reserved_for = -1;
  }

 private:
  Pool& pool_;
  const GridModel& grid_;
};

}  // namespace

Pool initial_pool(const Scenario& scenario, const GridModel& grid) {
  Pool pool(static_cast<size_t>(grid.cpu_count()));
  auto reserve = [&](const std::string& name, int v) {
    if (name.empty()) return;
    if (auto id = grid.find_cpu(name); id && pool[static_cast<size_t>(*id)].reserved_for < 0)
      pool[static_cast<size_t>(*id)].reserved_for = v;
  };
  for (size_t v = 0; v < scenario.vsfs.size(); ++v)
    for_each_named(scenario.vsfs[v], [&](const std::string& name) { reserve(name, static_cast<int>(v)); });
  return pool;
}

std::vector<InitialPick> take_initial(const Scenario& scenario, const GridModel& grid, int v, Pool& pool) {
  VectorPool view(pool, grid);
  return take_initial(scenario, grid, v, view);
}

std::vector<InitialPick> take_initial(const Scenario& scenario, const GridModel& grid, int v, PoolAccess& pool) {
  const VsfSpec& spec = scenario.vsfs[static_cast<size_t>(v)];
  const std::vector<InitialPick> wants = wants_of(spec);
  std::vector<InitialPick> picks;
  for (InitialPick want : wants) {
    if (want.name.empty()) continue;
    auto id = grid.find_cpu(want.name);
    if (id && pool.owner(*id) == kIdle) {
      pool.take(*id, v);
      want.cpu = id;
    }
    picks.push_back(std::move(want));
  }
  // The VSF's own names are settled: what it named and did not take is free for anyone now.
  for_each_named(spec, [&](const std::string& name) {
    if (auto id = grid.find_cpu(name)) pool.end_reservation(*id, v);
  });
  for (InitialPick want : wants) {
    if (!want.name.empty()) continue;
    want.cpu = grid.site_count() > 1 ? pool.lowest_open_at(spec.site) : pool.lowest_open();
    if (want.cpu) pool.take(*want.cpu, v);
    picks.push_back(std::move(want));
  }
  return picks;
}

std::vector<int> creation_order(const Scenario& scenario) {
  std::vector<int> order(scenario.vsfs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return scenario.vsfs[static_cast<size_t>(a)].start_s < scenario.vsfs[static_cast<size_t>(b)].start_s;
  });
  return order;
}

std::vector<std::vector<InitialPick>> plan_initial(const Scenario& scenario, const GridModel& grid) {
  Pool pool = initial_pool(scenario, grid);
  std::vector<std::vector<InitialPick>> plan(scenario.vsfs.size());
  for (int v : creation_order(scenario)) plan[static_cast<size_t>(v)] = take_initial(scenario, grid, v, pool);
  return plan;
}

}  // namespace vsf::grid
