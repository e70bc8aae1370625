// Timers and leases of src/control/lease.hpp and the table of acting masters of
// src/control/acting_masters.hpp, with hand-computed times; and the safety argument of the master lease:
// with a majority quorum, a master that lost its quorum is out of office before a slave that heard
// from it can vote it dead.
#include "control/lease.hpp"

#include <catch2/catch.hpp>

#include "control/acting_masters.hpp"

using namespace vsf::control;

TEST_CASE("timers: due within SimGrid's precision, not before", "[control]") {
  CHECK(is_due(10, 10));
  CHECK(is_due(10, 9));
  CHECK(is_due(10, 10 + kTimerSlack / 2));  // a rounding error ahead counts as due
  CHECK_FALSE(is_due(10, 10 + 2 * kTimerSlack));
}

TEST_CASE("a slave trusts its master for lease_s after their last contact", "[control]") {
  CHECK(contact_lease_holds(100, 100, 15));
  CHECK(contact_lease_holds(100, 115, 15));
  CHECK_FALSE(contact_lease_holds(100, 115.001, 15));
}

TEST_CASE("master lease: granted at election, renewed from a round's start by a quorum, never shortened", "[control]") {
  const QuorumRule majority{true, 0}, one{false, 1};
  MasterLease lease;
  lease.grant(20, 15);
  CHECK(lease.until() == 35);
  CHECK_FALSE(lease.expired(34.9));
  CHECK(lease.expired(35));
  CHECK_FALSE(lease.renew(30, 15, 2, 5, majority));  // 2 of 5 replies: no quorum
  CHECK(lease.until() == 35);
  CHECK(lease.renew(30, 15, 3, 5, majority));  // 3 of 5: from the round's start
  CHECK(lease.until() == 45);
  CHECK(lease.renew(25, 15, 5, 5, majority));  // an older round's quorum does not shorten it
  CHECK(lease.until() == 45);
  CHECK(lease.renew(40, 15, 1, 1, majority));  // a lone master is its own quorum
  CHECK(lease.until() == 55);
  CHECK(lease.renew(50, 15, 1, 5, one));  // a quorum of one: its own reply keeps it in office
  CHECK(lease.until() == 65);
}

TEST_CASE("lease safety: a master without its quorum is out before a slave that heard from it can vote", "[control]") {
  // The master's last successful round starts at t0; the slaves that follow it got that round's status
  // request some message time later (their last contact). From then on no quorum replies.
  const double lease_s = 15;
  const QuorumRule majority{true, 0};
  for (double t0 : {0.0, 3.5, 100.25})
    for (double message_s : {0.0, 0.0005, 0.2}) {
      MasterLease lease;
      lease.grant(t0 - 4, lease_s);
      REQUIRE(lease.renew(t0, lease_s, 3, 5, majority));
      const double last_contact = t0 + message_s;
      for (double t = t0; t < t0 + 2 * lease_s; t += 0.01)
        if (!contact_lease_holds(last_contact, t, lease_s)) REQUIRE(lease.expired(t));
    }
}

TEST_CASE("acting masters: lapsed leases, rivals in one epoch, office", "[control]") {
  ActingMasters m;
  CHECK(m.count() == 0);
  CHECK_FALSE(m.acting(0));
  m.take_office(0, 1, 15);
  m.take_office(3, 2, 40);
  CHECK(m.count() == 2);  // split brain, as seen from outside
  CHECK(m.epoch_of(3) == 2);
  CHECK_FALSE(m.epoch_of(1));
  CHECK(m.lapsed(14, -1).empty());
  CHECK(m.lapsed(15, -1) == std::vector<int>{0});  // a lease ends at its instant
  CHECK(m.lapsed(50, -1) == std::vector<int>{0, 3});
  CHECK(m.lapsed(50, 3) == std::vector<int>{0});  // the one taking office is not lapsed
  CHECK(m.rivals(2, 0) == 1);
  CHECK(m.rivals(2, 3) == 0);
  CHECK(m.rivals(7, -1) == 0);
  m.renew(0, 60);
  CHECK(m.lapsed(50, -1) == std::vector<int>{3});
  m.leave_office(0);
  CHECK_FALSE(m.acting(0));
  m.renew(0, 100);  // not acting: no renewal brings it back
  CHECK_FALSE(m.acting(0));
  CHECK(m.count() == 1);
}
