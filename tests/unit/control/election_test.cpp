// The election rules of src/control/election.hpp (patent Fig. 10): fresh votes and the quorum tally on
// hand-built registries, which master a slave follows, and the election itself run by several slaves
// over every interleaving of their registry steps (exactly one winner, the first to write an entry).
#include "control/election.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <vector>

using namespace vsf::control;

TEST_CASE("quorum: fresh 'dead' votes for the right epoch, against registered slaves", "[control]") {
  Registry r;
  for (int s = 0; s < 5; ++s) r.register_slave(s, s, 0);
  const QuorumRule majority{true, 0}, two{false, 2};
  r.observe(0, true, 1, 100);
  r.observe(1, true, 1, 100);
  Tally t = tally_master_dead(r, 1, 101, 15, majority);
  CHECK(t.votes == 2);
  CHECK(t.registered == 5);
  CHECK(t.needed == 3);
  CHECK_FALSE(t.agreed());
  CHECK(tally_master_dead(r, 1, 101, 15, two).agreed());
  r.observe(2, true, 0, 100);  // about an older master: does not count
  CHECK(tally_master_dead(r, 1, 101, 15, majority).votes == 2);
  r.observe(2, true, 1, 100);
  CHECK(tally_master_dead(r, 1, 101, 15, majority).agreed());
  CHECK(tally_master_dead(r, 1, 116, 15, majority).votes == 0);  // all stale by then
  r.observe(0, false, 1, 110);                                   // it heard from the master again
  CHECK(tally_master_dead(r, 1, 111, 15, majority).votes == 2);
  // A lone registered slave is its own majority.
  Registry lone;
  lone.register_slave(4, 0, 0);
  lone.observe(4, true, 0, 1);
  CHECK(tally_master_dead(lone, 0, 1, 15, majority).agreed());
}

TEST_CASE("quorum rule: a majority of the registered slaves, or a fixed count", "[control]") {
  const QuorumRule majority{true, 0}, three{false, 3};
  const std::vector<int> want = {1, 1, 2, 2, 3, 3, 4};  // registered 0..6
  for (int n = 0; n <= 6; ++n) {
    CHECK(majority.needed(n) == want[static_cast<size_t>(n)]);
    CHECK(three.needed(n) == 3);
  }
  CHECK_FALSE(Tally{0, 0, 0}.agreed());  // no quorum to reach: never agreed
  CHECK(Tally{3, 5, 3}.agreed());
  CHECK_FALSE(Tally{2, 5, 3}.agreed());
}

TEST_CASE("a vote is fresh only while both the slave's timestamp and its observation are recent", "[control]") {
  SlaveRecord r;
  r.says_master_dead = true;
  r.observed_epoch = 4;
  r.timestamp = 100;
  r.observed_at = 100;
  CHECK(is_fresh_vote(r, 4, 108, 8));  // exactly `freshness` old still counts
  CHECK_FALSE(is_fresh_vote(r, 4, 108.01, 8));
  CHECK_FALSE(is_fresh_vote(r, 5, 101, 8));  // about another master
  r.timestamp = 107;                         // refreshed since, but the observation is old
  CHECK_FALSE(is_fresh_vote(r, 4, 109, 8));
  r.observed_at = 107;
  CHECK(is_fresh_vote(r, 4, 109, 8));
  r.timestamp = 90;  // a slave that stopped refreshing does not speak for the present
  CHECK_FALSE(is_fresh_vote(r, 4, 109, 8));
  r.timestamp = 107;
  r.says_master_dead = false;
  CHECK_FALSE(is_fresh_vote(r, 4, 109, 8));
}

TEST_CASE("a slave follows the registry's master only when its election is newer", "[control]") {
  Registry r;
  for (int s = 0; s < 3; ++s) r.register_slave(s, s, 0);
  CHECK_FALSE(newer_master(r, 0));  // nobody elected yet
  r.add_entry(1, 2);
  REQUIRE(r.declare_master(1, 2));
  const auto m = newer_master(r, 0);
  REQUIRE(m);
  CHECK(m->slave == 2);
  CHECK(m->epoch == 1);
  CHECK_FALSE(newer_master(r, 1));  // already known
  CHECK_FALSE(newer_master(r, 3));  // it knows of a newer one than the registry shows
}

TEST_CASE("a status request from a deposed master is ignored, a new master's is followed", "[control]") {
  const MasterView follows{2, 5};
  CHECK(judge_status(follows, 2, 5) == StatusVerdict::Known);
  CHECK(judge_status(follows, 1, 4) == StatusVerdict::Stale);
  CHECK(judge_status(follows, 2, 4) == StatusVerdict::Stale);  // its own master, from an older term
  CHECK(judge_status(follows, 1, 6) == StatusVerdict::Follow);
  CHECK(judge_status(follows, 1, 5) == StatusVerdict::Follow);       // the winner of its epoch it had not heard of
  CHECK(judge_status(MasterView{}, 0, 0) == StatusVerdict::Follow);  // knows no master yet
}

namespace {

// One slave running election `number` (Fig. 10 states 1010-1018), one registry step per call, as
// segment_election.cpp does: read the number, write an entry, read the lowest, declare.
struct Runner {
  int slave;
  int number;
  int step = 0;
  bool stopped = false;
  bool declared = false;
  int seq = -1;

  bool done() const { return stopped || step == 4; }
  void advance(Registry& r) {
    switch (step++) {
      case 0:
        stopped = !election_open(r, number);
        break;
      case 1:
        seq = r.add_entry(number, slave);
        break;
      case 2:
        stopped = !wins_election(r, number, slave);
        break;
      case 3:
        declared = r.declare_master(number, slave);
        stopped = true;
        break;
    }
  }
};

// Runs `f` on every interleaving of the runners' steps.
void interleavings(std::vector<Runner> runners, Registry r,
                   const std::function<void(const std::vector<Runner>&, const Registry&)>& f) {
  bool any = false;
  for (size_t i = 0; i < runners.size(); ++i) {
    if (runners[i].done()) continue;
    any = true;
    std::vector<Runner> next = runners;
    Registry rn = r;
    next[i].advance(rn);
    interleavings(next, rn, f);
  }
  if (!any) f(runners, r);
}

}  // namespace

TEST_CASE("election race: in every interleaving exactly one slave wins, the first to write an entry", "[control]") {
  Registry start;
  for (int s = 0; s < 4; ++s) start.register_slave(s, s, 0);
  const std::vector<Runner> runners = {{3, 1}, {0, 1}, {2, 1}};  // slave ids not in entry order on purpose
  long cases = 0;
  interleavings(runners, start, [&cases](const std::vector<Runner>& end, const Registry& r) {
    ++cases;
    int winners = 0, winner = -1;
    for (const Runner& x : end)
      if (x.declared) {
        ++winners;
        winner = x.slave;
      }
    REQUIRE(winners == 1);
    REQUIRE(r.master() == winner);
    REQUIRE(r.master_epoch() == 1);
    REQUIRE(r.entries(1).front().slave == winner);  // sequence number 0
    for (const Runner& x : end)
      if (x.slave == winner) REQUIRE(x.seq == 0);
  });
  CHECK(cases > 1000);  // the enumeration did run through the interleavings
}

TEST_CASE("a slave that arrives after the election closed does not run it again", "[control]") {
  Registry r;
  for (int s = 0; s < 3; ++s) r.register_slave(s, s, 0);
  Runner first{1, 1};
  while (!first.done()) first.advance(r);
  REQUIRE(first.declared);
  Runner late{0, 1};
  late.advance(r);
  CHECK(late.stopped);  // the number moved on: it follows the winner instead (newer_master)
  CHECK(newer_master(r, 0)->slave == 1);
}
