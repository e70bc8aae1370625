// The registry's election table and invariants (patent Fig. 10), and the master's placement and
// arbitration rules (Fig. 12), on hand-built registries with hand-computed answers. Votes, quorum and
// the election race are in election_test.cpp, leases in lease_test.cpp.
#include "control/registry.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <stdexcept>

#include "control/placement.hpp"

using namespace vsf::control;
using vsf::Reassign;

TEST_CASE("election: the lowest sequence number of the current election wins, once", "[control]") {
  Registry r;
  for (int s = 0; s < 3; ++s) r.register_slave(s, s, 0);
  REQUIRE(r.election_number() == 1);
  REQUIRE_FALSE(r.master());
  CHECK(r.add_entry(1, 2) == 0);
  CHECK(r.add_entry(1, 0) == 1);
  CHECK(r.lowest(1) == 2);              // first writer, not lowest id
  CHECK_FALSE(r.declare_master(2, 0));  // not the current election
  CHECK(r.declare_master(1, 2));
  CHECK(r.master() == 2);
  CHECK(r.master_epoch() == 1);
  CHECK(r.election_number() == 2);
  // A late entry under the finished election changes nothing: its lowest is still the winner, and
  // declaring that election again is refused (one master per epoch).
  CHECK(r.add_entry(1, 1) == 2);
  CHECK(r.lowest(1) == 2);
  CHECK_FALSE(r.declare_master(1, 1));
  CHECK(r.entries(1).size() == 3);
  CHECK_FALSE(r.lowest(7));
}

TEST_CASE("registry check: every VSF exactly once, on registered slaves", "[control]") {
  Registry r;
  r.register_slave(0, 0, 0);
  r.register_slave(1, 1, 0);
  r.add_farm_manager(0, {0, 1}, 0);
  r.add_farm_manager(1, {2}, 1);
  CHECK(r.check(3).empty());
  CHECK(r.vsf_count(0) == 2);
  CHECK(r.fms_of(1) == std::vector<int>{1});
  r.move_farm_manager(1, 0);
  CHECK(r.vsf_count(0) == 3);
  r.deregister_slave(1);
  CHECK(r.check(3).empty());
  r.add_farm_manager(2, {1}, 0);   // VSF 1 twice
  const auto broken = r.check(4);  // and VSF 3 nowhere
  REQUIRE(broken.size() == 2);
  CHECK(broken[0] == "VSF 1 is in the registry 2 times");
  CHECK(broken[1] == "VSF 3 is in the registry 0 times");
  r.deregister_slave(0);
  CHECK(r.check(4).size() == 5);  // + three farm managers on an unregistered slave
}

TEST_CASE("registry check: a segment's registry runs its own site's VSFs only", "[control]") {
  Registry r;
  r.register_slave(0, 0, 0);
  r.add_farm_manager(0, {1, 3}, 0);  // VSFs 1 and 3 are this site's; 0 and 2 another's
  CHECK(r.check(4, {0, 1, 0, 1}).empty());
  CHECK(r.check(4) == std::vector<std::string>{"VSF 0 is in the registry 0 times", "VSF 2 is in the registry 0 times"});
  r.add_farm_manager(1, {2}, 0);  // another site's VSF here
  CHECK(r.check(4, {0, 1, 0, 1}) == std::vector<std::string>{"VSF 2 is in the registry 1 times"});
}

TEST_CASE("placement: least loaded with room, auto picks the faster", "[control]") {
  Registry r;
  for (int s = 0; s < 3; ++s) r.register_slave(s, s, 0);
  r.add_farm_manager(0, {0, 1, 2}, 0);
  r.add_farm_manager(1, {3}, 1);
  r.add_farm_manager(2, {4}, 2);
  CHECK(least_loaded(r, {0, 1, 2}, 1, 4) == 1);  // 1 and 2 tie at one VSF: lowest id
  CHECK(least_loaded(r, {0, 2}, 1, 4) == 2);
  CHECK(least_loaded(r, {0, 1, 2}, 4, 4) == -1);  // nobody has room for four more
  CHECK(least_loaded(r, {0, 7}, 1, 4) == 0);      // 7 is not registered
  CHECK(choose_placement(Reassign::Existing, true, 9, 1) == Placement::Existing);
  CHECK(choose_placement(Reassign::New, true, 1, 9) == Placement::NewSlave);
  CHECK(choose_placement(Reassign::Auto, true, 2, 9) == Placement::Existing);
  CHECK(choose_placement(Reassign::Auto, true, 9, 2) == Placement::NewSlave);
  CHECK(choose_placement(Reassign::Auto, true, 3, 3) == Placement::Existing);       // tie
  CHECK(choose_placement(Reassign::Existing, false, 1, 9) == Placement::NewSlave);  // no room anywhere
}

TEST_CASE("arbitration: a short pool is shared in proportion, remainders to the largest fractions", "[control]") {
  CHECK(share_pool({2, 3}, 10) == std::vector<int>{2, 3});  // enough for everyone
  CHECK(share_pool({4, 4}, 4) == std::vector<int>{2, 2});
  CHECK(share_pool({3, 1}, 2) == std::vector<int>{2, 0});        // 1.5 / 0.5: the leftover to the first
  CHECK(share_pool({1, 1, 1}, 2) == std::vector<int>{1, 1, 0});  // ties: earlier requests first
  CHECK(share_pool({5, 2, 3}, 5) == std::vector<int>{3, 1, 1});  // 2.5/1.0/1.5 -> 2,1,1 + 1 to the first
  CHECK(share_pool({2, 2}, 0) == std::vector<int>{0, 0});
  const auto got = share_pool({7, 1, 9, 4}, 13);
  int sum = 0;
  for (size_t i = 0; i < got.size(); ++i) sum += got[i];
  CHECK(sum == 13);
}

TEST_CASE("registry: a decommissioned VSF leaves its farm manager and an empty one leaves its slave", "[control]") {
  Registry r;
  r.register_slave(0, 0, 0);
  r.register_slave(1, 1, 0);
  r.add_farm_manager(0, {0, 1}, 0);
  r.add_farm_manager(1, {2}, 1);
  CHECK(r.drop_vsf(1) == 0);
  CHECK(r.vsfs_of_fm(0) == std::vector<int>{0});
  CHECK(r.check(3).empty());  // VSF 1 is expected nowhere now
  CHECK(r.drop_vsf(2) == 1);
  CHECK(r.vsfs_of_fm(1).empty());
  r.remove_farm_manager(1);
  CHECK(r.fms_of(1).empty());  // slave 1 runs nothing: removable
  CHECK(r.slave_of_fm(1) == -1);
  CHECK(r.fm_count() == 1);
  CHECK(r.vsf_count(0) == 1);
  CHECK(r.check(3).empty());
  CHECK(r.drop_vsf(7) == -1);     // in no farm manager
  r.add_farm_manager(2, {1}, 0);  // a dropped VSF back in a farm manager is a broken registry
  CHECK(r.check(3) == std::vector<std::string>{"VSF 1 is in the registry 1 times"});
}

TEST_CASE("registry: vsf_count, kept as farm managers come, move, shrink and go, is their VSFs' sum", "[control]") {
  std::mt19937 rng(5);
  Registry r;
  std::map<int, int> on;                 // the reference: farm manager -> its slave
  std::map<int, std::vector<int>> runs;  // and -> its VSFs
  for (int s = 0; s < 4; ++s) r.register_slave(s, s, 0);
  int next_vsf = 0;
  for (int step = 0; step < 2000; ++step) {
    const int fm = static_cast<int>(rng() % 12), slave = static_cast<int>(rng() % 4);
    switch (rng() % 4) {
      case 0: {  // (re)added with 1-3 new VSFs
        std::vector<int> vsfs;
        for (unsigned k = 0, n = 1 + rng() % 3; k < n; ++k) vsfs.push_back(next_vsf++);
        r.add_farm_manager(fm, vsfs, slave);
        on[fm] = slave;
        runs[fm] = vsfs;
        break;
      }
      case 1:
        if (r.slave_of_fm(fm) >= 0) {
          r.move_farm_manager(fm, slave);
          on[fm] = slave;
        }
        break;
      case 2:
        if (r.slave_of_fm(fm) >= 0 && !r.vsfs_of_fm(fm).empty()) {
          REQUIRE(r.drop_vsf(r.vsfs_of_fm(fm).front()) == fm);  // VSF ids are never reused: only fm runs it
          runs[fm].erase(runs[fm].begin());
        }
        break;
      default:
        r.remove_farm_manager(fm);
        on.erase(fm);
        runs.erase(fm);
    }
    for (int f = -1; f <= 13; ++f) {
      if (on.count(f))
        REQUIRE(r.vsfs_of_fm(f) == runs.at(f));
      else
        REQUIRE_THROWS_AS(r.vsfs_of_fm(f), std::out_of_range);
    }
    for (int s = 0; s < 4; ++s) {
      std::vector<int> mine;  // ascending, as fms_of promises
      for (const auto& [f, at] : on)
        if (at == s) mine.push_back(f);
      REQUIRE(r.fms_of(s) == mine);
    }
    REQUIRE(r.fm_count() == static_cast<int>(on.size()));
    for (int f = -1; f <= 13; ++f) REQUIRE(r.slave_of_fm(f) == (on.count(f) ? on.at(f) : -1));
    for (int s = 0; s < 4; ++s) {
      int sum = 0;
      for (int f : r.fms_of(s)) sum += static_cast<int>(r.vsfs_of_fm(f).size());
      REQUIRE(r.vsf_count(s) == sum);
    }
  }
  // check() finds no count astray (VSFs dropped or re-added are not its concern here: only the counts).
  for (const std::string& what : r.check(next_vsf)) CHECK(what.find("counted with") == std::string::npos);
}

TEST_CASE("registry: negative ids and moves of unknown farm managers are refused, changing nothing", "[control]") {
  Registry r;
  r.register_slave(0, 0, 0);
  r.add_farm_manager(0, {0}, 0);
  CHECK_THROWS_AS(r.add_farm_manager(1, {1}, -1), std::invalid_argument);  // -1 means "no slave"
  CHECK_THROWS_AS(r.add_farm_manager(-1, {1}, 0), std::invalid_argument);
  CHECK_THROWS_AS(r.move_farm_manager(0, -1), std::invalid_argument);
  CHECK_THROWS_AS(r.move_farm_manager(5, 0), std::out_of_range);
  CHECK(r.fm_count() == 1);
  CHECK(r.slave_of_fm(0) == 0);
  CHECK(r.slave_of_fm(1) == -1);
  CHECK(r.vsf_count(0) == 1);
  CHECK(r.check(1).empty());
}
