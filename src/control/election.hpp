// The election rules of the control plane (patent Fig. 10) as plain functions of the registry's content:
// when a slave's "master dead" observation counts as a vote, whether the votes reach a quorum, which
// master a slave follows, and who wins an election. The segment managers (src/sim/managers/) call them
// between their costed registry accesses; src/control/ is plain logic (no SimGrid).
#pragma once

#include <optional>

#include "control/registry.hpp"

namespace vsf::control {

// Quorum rule (Fig. 10 states 1006-1008): a majority quorum needs more than half of the registered
// slaves, a count quorum that many.
struct QuorumRule {
  bool majority = true;
  int count = 1;
  int needed(int registered) const { return majority ? registered / 2 + 1 : count; }
};

struct Tally {
  int votes = 0, registered = 0, needed = 0;
  bool agreed() const { return votes >= needed && needed > 0; }
};

// A registered slave's record is a vote that the master of `epoch` is dead when it says so about that
// very epoch and both its timestamp and its observation are at most `freshness_s` old: a slave that
// stopped refreshing, or that saw the master long ago, no longer speaks for the present.
bool is_fresh_vote(const SlaveRecord& r, int epoch, double now, double freshness_s);

// The fresh votes against the master of `epoch` among the registered slaves, and the quorum they need.
Tally tally_master_dead(const Registry& r, int epoch, double now, double freshness_s, const QuorumRule& rule);

// The master a slave follows: its slave id (-1: none known) and the election (epoch) it won.
struct MasterView {
  int slave = -1;
  int epoch = 0;
};

// The registry's latest master, when its election is newer than `known_epoch` (the slave must follow it);
// nothing otherwise.
std::optional<MasterView> newer_master(const Registry& r, int known_epoch);

// What a slave makes of a health check (status request) from `sender`, master of `epoch`.
enum class StatusVerdict {
  Stale,   // from a master of an older epoch (deposed since): ignored, not answered
  Follow,  // from a master it does not follow yet (newer epoch, or a winner it had not heard of)
  Known,   // from the master it follows
};
StatusVerdict judge_status(const MasterView& followed, int sender, int epoch);

// Fig. 10 states 1010-1018 for election `number` (a slave runs the one after the epoch it knows): the
// election is still open until someone is declared master of it; the entry with the lowest sequence
// number (the first written, not the lowest slave id) wins.
inline bool election_open(const Registry& r, int number) { return r.election_number() == number; }
inline bool wins_election(const Registry& r, int number, int slave) { return r.lowest(number) == slave; }

}  // namespace vsf::control
