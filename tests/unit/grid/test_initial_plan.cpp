// The initial-allocation rule (grid/initial_plan.hpp) on small grids: named CPUs first, the rest lowest
// id first, CPUs named by a VSF still to come kept for it, the idle pool running dry, VSFs created in
// start order, and a live pool (unusable or already taken CPUs) as the simulation hands it over.
#include <catch2/catch.hpp>
#include <set>

#include "fixtures.hpp"
#include "grid/initial_plan.hpp"

using namespace vsf;
using namespace vsf::grid;
using vsf::grid::test::GridShape;
using vsf::grid::test::make_scenario;

namespace {

// (tier, cpu or -1) of each pick, in order.
std::vector<std::pair<int, int>> summary(const std::vector<InitialPick>& picks) {
  std::vector<std::pair<int, int>> out;
  for (const InitialPick& p : picks) out.emplace_back(p.tier, p.cpu ? *p.cpu : -1);
  return out;
}

Tier tier(int initial, std::vector<std::string> cpus = {}) {
  Tier t;
  t.role = "web";
  t.initial = t.min = t.max = initial;
  t.cpus = std::move(cpus);
  return t;
}

using Picks = std::vector<std::pair<int, int>>;

// The shape's VSFs without load balancers (a test turns one on where it matters).
Scenario no_lbs(const GridShape& shape) {
  Scenario s = make_scenario(shape);
  for (VsfSpec& v : s.vsfs) v.lb.enabled = false;
  return s;
}

}  // namespace

TEST_CASE("named CPUs are picked first, then the lowest idle ids", "[grid][plan]") {
  GridShape shape;
  shape.cpus = 6;
  shape.vsfs = 1;
  Scenario s = no_lbs(shape);
  s.vsfs[0].lb.enabled = true;
  s.vsfs[0].tiers = {tier(2), tier(2, {"cpu-4"})};
  GridModel g(s);
  const auto plan = plan_initial(s, g);
  // Named: tier 1's cpu-4; then the LB, tier 0 x2 and tier 1's second CPU, lowest ids first.
  CHECK(summary(plan[0]) == Picks{{1, 4}, {kLbPick, 0}, {0, 1}, {0, 2}, {1, 3}});
  CHECK(plan[0][0].name == "cpu-4");
}

TEST_CASE("a CPU named by a later VSF is kept for it", "[grid][plan]") {
  GridShape shape;
  shape.cpus = 4;
  Scenario s = no_lbs(shape);
  s.vsfs[0].tiers = {tier(2)};
  s.vsfs[1].tiers = {tier(1, {"cpu-0"})};
  s.vsfs[1].start_s = 60;
  GridModel g(s);
  Pool pool = initial_pool(s, g);
  CHECK(pool[0].reserved_for == 1);
  CHECK(summary(take_initial(s, g, 0, pool)) == Picks{{0, 1}, {0, 2}});
  CHECK(summary(take_initial(s, g, 1, pool)) == Picks{{0, 0}});
  CHECK(pool[0].reserved_for == -1);
  CHECK(pool[0].owner == 1);
}

TEST_CASE("the idle pool running dry denies the remaining picks", "[grid][plan]") {
  GridShape shape;
  shape.cpus = 3;
  shape.vsfs = 1;
  Scenario s = no_lbs(shape);
  s.vsfs[0].lb.enabled = true;
  s.vsfs[0].tiers = {tier(3)};
  GridModel g(s);
  CHECK(summary(plan_initial(s, g)[0]) == Picks{{kLbPick, 0}, {0, 1}, {0, 2}, {0, -1}});
}

TEST_CASE("VSFs are created by start time, then in scenario order", "[grid][plan]") {
  GridShape shape;
  shape.cpus = 6;
  shape.vsfs = 3;
  Scenario s = no_lbs(shape);
  for (auto& v : s.vsfs) v.tiers = {tier(2)};
  s.vsfs[0].start_s = 120;
  s.vsfs[1].start_s = 0;
  s.vsfs[2].start_s = 0;
  GridModel g(s);
  CHECK(creation_order(s) == std::vector<int>{1, 2, 0});
  const auto plan = plan_initial(s, g);
  CHECK(summary(plan[1]) == Picks{{0, 0}, {0, 1}});
  CHECK(summary(plan[2]) == Picks{{0, 2}, {0, 3}});
  CHECK(summary(plan[0]) == Picks{{0, 4}, {0, 5}});
}

TEST_CASE("a live pool: taken and unusable CPUs are skipped, a taken named CPU is denied", "[grid][plan]") {
  GridShape shape;
  shape.cpus = 5;
  shape.vsfs = 1;
  Scenario s = no_lbs(shape);
  s.vsfs[0].tiers = {tier(3, {"cpu-1"})};
  GridModel g(s);
  Pool pool = initial_pool(s, g);
  pool[1].owner = 7;       // the named CPU went elsewhere
  pool[0].usable = false;  // crashed
  pool[2].owner = 7;
  CHECK(summary(take_initial(s, g, 0, pool)) == Picks{{0, -1}, {0, 3}, {0, 4}});
}

namespace {

// A pool of `size` CPUs that counts what the rule reads: CPUs below `busy` belong to VSF 9, the rest
// are idle; CPU 5 is reserved for VSF 0.
class CountingPool final : public PoolAccess {
 public:
  CountingPool(int size, int busy) : size_(size), busy_(busy) {}
  int owner(CpuId id) const override {
    ++reads;
    return id < busy_ || taken_.count(id) > 0 ? 9 : kIdle;
  }
  void take(CpuId id, int) override { taken_.insert(id); }
  std::optional<CpuId> lowest_open() const override {
    for (CpuId id = 0; id < size_; ++id) {
      ++reads;
      if (id >= busy_ && taken_.count(id) == 0 && !(id == 5 && reserved_)) return id;
    }
    return std::nullopt;
  }
  void end_reservation(CpuId id, int v) override {
    ++reads;
    if (id == 5 && v == 0) reserved_ = false;
  }
  mutable long reads = 0;

 private:
  int size_, busy_;
  bool reserved_ = true;
  std::set<CpuId> taken_;
};

}  // namespace

TEST_CASE("a creation reads its named CPUs and the CPUs up to the lowest open one, not the grid", "[grid][plan]") {
  GridShape shape;
  shape.cpus = 2000;
  shape.vsfs = 1;
  Scenario s = no_lbs(shape);
  s.vsfs[0].tiers = {tier(3, {"cpu-5"})};
  GridModel g(s);
  CountingPool pool(2000, 4);  // CPUs 0-3 taken, 4 open, 5 named by this VSF
  CHECK(summary(take_initial(s, g, 0, pool)) == Picks{{0, 5}, {0, 4}, {0, 6}});
  // One read of the named CPU, one reservation ended, two scans of 5 and 7 CPUs: far below 2,000.
  CHECK(pool.reads == 1 + 1 + 5 + 7);
}
