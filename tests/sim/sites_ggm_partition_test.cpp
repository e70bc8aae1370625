// A cp_partition that names the global grid manager's host (issue 14 §1; sim/managers/ggm_reach.hpp): the
// sites whose control hosts are all on the other side cannot reach the GGM while it holds. Two sites "sj"
// (cpu-0..1, host cp0, the GGM's site) and "ny" (cpu-2..5, host cp1); VSF "shop" at sj outgrows sj's two
// CPUs and asks for loans, which only ny's idle CPUs can give. The partition holds over [0, kHeal).
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <utility>

#include "sim_support.hpp"

using namespace vsf;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

constexpr double kHeal = 400;

Scenario two_sites() {
  Scenario s = vsf::test::base_scenario(6);
  s.duration_s = 700;
  s.grid.cpus = {CpuGroup{"standard", 2, {}, 0}, CpuGroup{"standard", 4, {}, 1}};
  s.grid.vlan_switches.count = 2;
  s.grid.san_switches.count = 2;
  s.grid.storage = {StorageArray{"array-sj", 400e6, 300e6, 1}, StorageArray{"array-ny", 400e6, 300e6, 1}};
  s.grid.control_plane.hosts = 2;
  SiteSpec sj, ny;
  sj.name = "sj";
  sj.cpus = {0, 2};
  sj.vlan_switches = sj.san_switches = sj.arrays = sj.control_hosts = {0, 1};
  ny.name = "ny";
  ny.cpus = {2, 4};
  ny.vlan_switches = ny.san_switches = ny.arrays = ny.control_hosts = {1, 1};
  sj.vlan = ny.vlan = s.grid.vlan_switches.spec;
  sj.san = ny.san = s.grid.san_switches.spec;
  s.grid.sites = {sj, ny};
  WanLink link;
  link.name = "sj-ny";
  link.a = 0;
  link.b = 1;
  s.grid.wan = {link};
  s.global_manager.present = true;
  s.global_manager.site = 0;
  s.global_manager.interval_s = 60;
  s.global_manager.lending = Lending::WhenEmpty;

  // 150 requests/s of 10 ms: 1.5 CPUs' load; at 75 % on sj's two it asks for a third, only a loan gives one.
  VsfSpec shop = make_vsf("shop", {make_tier("web", 1, 1, 5, "round_robin")}, false);
  shop.site = 0;
  shop.policy = vsf::test::threshold(30);
  shop.traffic = {vsf::test::constant_rate(150)};
  shop.timeout_s = 30;
  s.vsfs.push_back(shop);
  VsfSpec blog = make_vsf("blog", {make_tier("web", 1, 1, 1, "round_robin")}, false);
  blog.site = 1;
  blog.traffic = {vsf::test::constant_rate(2)};
  s.vsfs.push_back(blog);
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
