// Timers and leases of the control plane in plain numbers (simulated seconds): when a timer is due, how
// long a slave trusts its master after their last contact, and the master's own lease, which a quorum
// of health-check replies renews (patent Figs. 10 and 12; the behaviour is described in
// src/sim/managers/segment_manager.hpp). src/control/ is plain logic (no SimGrid).
#pragma once

#include <algorithm>

#include "control/election.hpp"

namespace vsf::control {

// SimGrid does not advance its clock for a wait shorter than its timing precision, so a timer a rounding
// error in the future must count as due, or its actor would spin at one instant.
constexpr double kTimerSlack = 1e-6;
inline bool is_due(double now, double t) { return now + kTimerSlack >= t; }

// A slave trusts the master it follows for `lease_s` after their last contact (a pong from it, or its
// health check): until then it does not vote it dead, whatever its pings say.
inline bool contact_lease_holds(double last_contact, double now, double lease_s) {
  return now - last_contact <= lease_s;
}

// The master's lease: `lease_s` from its election; each health-check round renews it to `lease_s` from
// the round's start as soon as a quorum (the master included) has replied, never shortening it. A
// master whose lease is over steps down: it can no longer tell that a quorum still follows it.
class MasterLease {
 public:
  void grant(double now, double lease_s) { until_ = now + lease_s; }
  // Renews when `replies` reach the quorum of `registered` slaves; returns whether it did.
  bool renew(double round_start, double lease_s, int replies, int registered, const QuorumRule& rule) {
    if (replies < rule.needed(registered)) return false;
    until_ = std::max(until_, round_start + lease_s);
    return true;
  }
  bool expired(double now) const { return is_due(now, until_); }
  double until() const { return until_; }

 private:
  double until_ = 0;
};

}  // namespace vsf::control
