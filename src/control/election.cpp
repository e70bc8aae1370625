// The election rules: votes, quorum tally, which master to follow (see election.hpp).
#include "control/election.hpp"

namespace vsf::control {

bool is_fresh_vote(const SlaveRecord& r, int epoch, double now, double freshness_s) {
  const bool fresh = now - r.timestamp <= freshness_s && now - r.observed_at <= freshness_s;
  return fresh && r.says_master_dead && r.observed_epoch == epoch;
}

Tally tally_master_dead(const Registry& r, int epoch, double now, double freshness_s, const QuorumRule& rule) {
  Tally t;
  t.registered = static_cast<int>(r.slaves().size());
  t.needed = rule.needed(t.registered);
  for (const auto& [id, s] : r.slaves())
    if (is_fresh_vote(s, epoch, now, freshness_s)) ++t.votes;
  return t;
}

std::optional<MasterView> newer_master(const Registry& r, int known_epoch) {
  const auto m = r.master();
  if (!m || r.master_epoch() <= known_epoch) return std::nullopt;
  return MasterView{*m, r.master_epoch()};
}

StatusVerdict judge_status(const MasterView& followed, int sender, int epoch) {
  if (epoch < followed.epoch) return StatusVerdict::Stale;
  if (epoch > followed.epoch || followed.slave != sender) return StatusVerdict::Follow;
  return StatusVerdict::Known;
}

}  // namespace vsf::control
