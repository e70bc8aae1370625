// The loan rules by hand (control/loan_policy.hpp): three sites 0 - 1 - 2 in a line unless said otherwise.
#include "control/loan_policy.hpp"

#include <catch2/catch.hpp>

using namespace vsf;
using namespace vsf::control;

namespace {

std::vector<WanEdge> line() { return {{0, 1, true, 0.03, 0.05}, {1, 2, true, 0.04, 0.02}}; }

std::vector<LenderView> views(std::vector<int> idle, std::vector<double> cost, int home,
                              const std::vector<WanEdge>& links) {
  std::vector<LenderView> v;
  for (size_t k = 0; k < idle.size(); ++k)
    v.push_back({idle[k], cost[k], wan_path(static_cast<int>(idle.size()), links, home, static_cast<int>(k))});
  return v;
}

}  // namespace

TEST_CASE("wan_path finds the fewest links and sums latency and price") {
  const auto p = wan_path(3, line(), 0, 2);
  REQUIRE(p.reachable);
  CHECK(p.links == std::vector<int>{0, 1});
  CHECK(p.latency_s == Approx(0.07));
  CHECK(p.cost_per_gb == Approx(0.07));
  const auto self = wan_path(3, line(), 1, 1);
  CHECK(self.reachable);
  CHECK(self.links.empty());
  auto cut = line();
  cut[1].up = false;
  CHECK_FALSE(wan_path(3, cut, 0, 2).reachable);
  CHECK(wan_path(3, cut, 0, 1).reachable);
  // a direct link beats two hops even when dearer
  auto tri = line();
  tri.push_back({0, 2, true, 0.5, 9});
  CHECK(wan_path(3, tri, 0, 2).links == std::vector<int>{2});
}

TEST_CASE("never lends: the home pool gives what it has and the rest is refused") {
  const auto p = plan_loans(Lending::Never, 0, 5, views({2, 10, 10}, {1, 1, 1}, 0, line()), 1);
  CHECK(p.local == 2);
  CHECK(p.loans.empty());
  CHECK(p.refused == 3);
}

TEST_CASE("when_empty lends only the part the home pool cannot meet - most idle lender first") {
  auto p = plan_loans(Lending::WhenEmpty, 0, 3, views({4, 1, 9}, {1, 0, 0}, 0, line()), 1);
  CHECK(p.local == 3);  // enough at home: no loan, however cheap elsewhere
  CHECK(p.loans.empty());
  CHECK(p.refused == 0);
  p = plan_loans(Lending::WhenEmpty, 0, 8, views({2, 3, 4}, {1, 1, 1}, 0, line()), 1);
  CHECK(p.local == 2);
  REQUIRE(p.loans.size() == 2);
  CHECK(p.loans[0] == std::pair<int, int>{2, 4});  // site 2 has the most idle
  CHECK(p.loans[1] == std::pair<int, int>{1, 2});
  CHECK(p.refused == 0);
  CHECK(p.lent() == 6);
  // equal idle: the lower index first; an unreachable site never lends
  auto cut = line();
  cut[1].up = false;
  p = plan_loans(Lending::WhenEmpty, 0, 10, views({0, 3, 3}, {1, 1, 1}, 0, cut), 1);
  REQUIRE(p.loans.size() == 1);
  CHECK(p.loans[0] == std::pair<int, int>{1, 3});
  CHECK(p.refused == 7);
}

TEST_CASE("by_cost takes the cheapest CPU-hour with the WAN's price - local included") {
  // home 0 at 1.0/h; site 1 at 0.5/h + 0.05/GB x 4 GB = 0.7; site 2 at 0.2 + 0.07 x 4 = 0.48
  auto p = plan_loans(Lending::ByCost, 0, 3, views({5, 5, 2}, {1.0, 0.5, 0.2}, 0, line()), 4);
  CHECK(p.local == 0);
  REQUIRE(p.loans.size() == 2);
  CHECK(p.loans[0] == std::pair<int, int>{2, 2});
  CHECK(p.loans[1] == std::pair<int, int>{1, 1});
  // the WAN made dear: 0.5 + 0.05 x 20 = 1.5 and 0.2 + 0.07 x 20 = 1.6, so home is cheapest
  p = plan_loans(Lending::ByCost, 0, 3, views({5, 5, 2}, {1.0, 0.5, 0.2}, 0, line()), 20);
  CHECK(p.local == 3);
  CHECK(p.loans.empty());
  // a tie goes home
  p = plan_loans(Lending::ByCost, 1, 2, views({5, 5, 5}, {1.0, 1.0, 1.0}, 1, {{0, 1, true, 0, 0}, {1, 2, true, 0, 0}}),
                 1);
  CHECK(p.local == 2);
  // cheapest empty: next cheapest; nothing anywhere: refused
  p = plan_loans(Lending::ByCost, 0, 4, views({1, 0, 0}, {1.0, 0.1, 0.1}, 0, line()), 0);
  CHECK(p.local == 1);
  CHECK(p.refused == 3);
}

TEST_CASE("data per CPU-hour at full load") {
  // 2 cores x 1e9 flops / 1e8 flops = 20 requests/s x 18 kB x 3600 s = 1.296 GB
  CHECK(data_gb_per_cpu_hour(2000, 16000, 1e8, 1e9, 2) == Approx(1.296));
  CHECK(data_gb_per_cpu_hour(2000, 16000, 0, 1e9, 2) == 0);
}
