// The allocation a VSF starts from, as one rule shared by the simulation, `vsfsim graph` and the tests:
// at its creation a VSF takes its load balancer and each tier's `initial` CPUs, the CPUs it names
// first (by name, whatever their reservation), then the others lowest id first among the idle, usable
// CPUs no VSF still to be created has named (with sites: of the VSF's home site). A named CPU is reserved for the first
// VSF naming it from t = 0 until that VSF's creation, so an earlier VSF's anonymous pick never takes it. Plain C++ over
// the grid model: the simulation applies the picks to its live pool (where scale-outs, releases and faults happened
// meanwhile), `graph` and the tests to a pool where nothing else happens.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "grid/grid_model.hpp"
#include "model/scenario.hpp"

namespace vsf::grid {

constexpr int kLbPick = -1;  // InitialPick::tier of a VSF's load balancer

// What the rule reads of one CPU when a VSF is created.
struct PoolCpu {
  int owner = kIdle;      // VSF it belongs to, or kIdle
  int reserved_for = -1;  // the VSF that names it while that VSF is not created yet, or -1
  bool usable = true;     // not crashed or cut off (a named CPU is taken even when unusable)
};
using Pool = std::vector<PoolCpu>;  // indexed by CpuId

// One CPU a VSF's creation asks for, and what the rule gave it.
struct InitialPick {
  int tier = kLbPick;        // tier index, or kLbPick
  std::string name;          // the CPU the VSF names, or "" for any idle one
  std::optional<CpuId> cpu;  // none: denied (a named CPU not idle, or no idle CPU left)
};

// What the rule reads and changes of the CPUs at a VSF's creation, as a view over the caller's own
// state of them, so that a creation costs the VSF's picks and the CPUs below its lowest open one, not a
// copy of the grid (the simulation's live CPUs; a Pool for `graph` and the tests).
class PoolAccess {
 public:
  virtual int owner(CpuId id) const = 0;                 // a VSF, or kIdle
  virtual void take(CpuId id, int v) = 0;                // id now belongs to v
  virtual std::optional<CpuId> lowest_open() const = 0;  // idle, usable, reserved for no VSF
  // With sites (issue 14): the lowest open CPU of `site` (a VSF's anonymous picks come from its home
  // site's pool). The default ignores the site: a view that knows sites overrides it.
  virtual std::optional<CpuId> lowest_open_at(int site) const {
    (void)site;
    return lowest_open();
  }
  virtual void end_reservation(CpuId id, int v) = 0;  // id is no longer reserved, if it was for v

 protected:
  ~PoolAccess() = default;
};

// Every CPU idle and usable, each named CPU reserved for the first VSF (in scenario order) naming it.
Pool initial_pool(const Scenario& scenario, const GridModel& grid);

// VSF v's creation against `pool`: its picks in the order they are made (named ones first, then the
// anonymous ones; within each, LB then tiers in order), with `pool` updated: the CPUs taken belong to
// v and v's reservations end.
std::vector<InitialPick> take_initial(const Scenario& scenario, const GridModel& grid, int v, Pool& pool);
std::vector<InitialPick> take_initial(const Scenario& scenario, const GridModel& grid, int v, PoolAccess& pool);

// VSF indices in creation order: by start time, then in scenario order.
std::vector<int> creation_order(const Scenario& scenario);

// The allocation when nothing but the VSFs' creations happens: picks per VSF (indexed by VSF).
std::vector<std::vector<InitialPick>> plan_initial(const Scenario& scenario, const GridModel& grid);

}  // namespace vsf::grid
