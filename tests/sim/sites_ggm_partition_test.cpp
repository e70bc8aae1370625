// A cp_partition that names the global grid manager's host (issue 14 §1; sim/managers/ggm_reach.hpp): the
// sites whose control hosts are all on the other side cannot reach the GGM while it holds. Two sites "sj"
// (cpu-0..1, host cp0, the GGM's site) and "ny" (cpu-2..5, host cp1); VSF "shop" at sj outgrows sj's two
// CPUs and asks for loans, which only ny's idle CPUs can give. The partition holds over [0, kHeal).
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <utility>

#include "lending_support.hpp"

using namespace vsf;

namespace {

constexpr double kHeal = 400;

// The lending tests' two sites (lending_support.hpp), over 700 s.
Scenario two_sites() {
  Scenario s = vsf::test::two_sites(Lending::WhenEmpty);
  s.duration_s = 700;
  return s;
}

faults::TargetRef host(const std::string& name) { return faults::TargetRef{name, -1, "/faults/events/0/sides"}; }

void partition(Scenario& s, std::vector<std::string> a, std::vector<std::string> b) {
  faults::ScheduledFault f;
  f.at_s = 0;
  f.subject.kind = faults::FaultKind::CpPartition;
  for (const auto& n : a) f.subject.sides[0].push_back(host(n));
  for (const auto& n : b) f.subject.sides[1].push_back(host(n));
  f.repair = faults::Distribution::constant(kHeal);
  f.pointer = "/faults/events/0";
  s.faults.events = {f};
}

double t_of(const nlohmann::json& e) { return e["t"].get<double>(); }

// global_report's `reachable` for `site`, before and after the partition heals.
std::pair<std::set<bool>, std::set<bool>> reports_of(const test::RunResult& r, const std::string& site) {
  std::pair<std::set<bool>, std::set<bool>> out;
  for (const auto& e : r.of("global_report"))
    if (e["site"] == site) (t_of(e) < kHeal ? out.first : out.second).insert(e["reachable"].get<bool>());
  return out;
}

std::map<std::string, int> refusals_before_heal(const test::RunResult& r) {
  std::map<std::string, int> out;
  for (const auto& e : r.of("loan_refused"))
    if (t_of(e) < kHeal) out[e["reason"]] += e["refused"].get<int>();
  return out;
}

double first_loan_t(const test::RunResult& r) {
  const auto lent = r.of("cpu_lent");
  return lent.empty() ? -1 : t_of(lent.front());
}

}  // namespace

TEST_CASE("sites: a partition cutting the borrower's site off the global manager refuses its loans") {
  Scenario s = two_sites();
  partition(s, {"global-manager"}, {"cp0"});  // sj's only host on the far side, though the GGM's host is at sj
  auto r = vsf::test::run(s);

  const auto refused = refusals_before_heal(r);
  REQUIRE(refused.count("global manager unreachable") == 1);
  CHECK(refused.size() == 1);
  CHECK(first_loan_t(r) >= kHeal);  // and lent once it heals
  CHECK(reports_of(r, "sj") == std::pair<std::set<bool>, std::set<bool>>{{false}, {true}});
  CHECK(reports_of(r, "ny") == std::pair<std::set<bool>, std::set<bool>>{{true}, {true}});
  CHECK(r.summary["lending"]["refused"]["global manager unreachable"].get<int>() >= 1);
}

TEST_CASE("sites: a partition cutting the lender's site off the global manager leaves no lender") {
  Scenario s = two_sites();
  partition(s, {"cp1"}, {"global-manager"});
  auto r = vsf::test::run(s);

  const auto refused = refusals_before_heal(r);
  REQUIRE(refused.count("no lender") == 1);  // sj still asks; ny cannot give
  CHECK(refused.size() == 1);
  CHECK(first_loan_t(r) >= kHeal);
  CHECK(reports_of(r, "ny") == std::pair<std::set<bool>, std::set<bool>>{{false}, {true}});
  CHECK(reports_of(r, "sj") == std::pair<std::set<bool>, std::set<bool>>{{true}, {true}});
}

TEST_CASE("sites: a partition between hosts of different sites leaves the global manager alone") {
  Scenario s = two_sites();
  partition(s, {"cp0"}, {"cp1"});  // no control messages cross sites anyway
  auto r = vsf::test::run(s);

  CHECK(refusals_before_heal(r).empty());
  CHECK(first_loan_t(r) >= 0);
  CHECK(first_loan_t(r) < kHeal);
  CHECK(reports_of(r, "sj").first == std::set<bool>{true});
  CHECK(reports_of(r, "ny").first == std::set<bool>{true});
  CHECK(r.of("master_elected").size() == 2);  // each site elects its master as without the partition
}
