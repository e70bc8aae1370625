// Rolling boot-image updates: observing a tier, asking the planner, starting reboots, reporting (see
// rollout.hpp for the timing and measurement rules).
#include "sim/lifecycle/rollout.hpp"

#include <xbt/log.h>

#include <algorithm>

#include "control/rollout_plan.hpp"
#include "sim/lifecycle/cpu_lifecycle.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_rollout, vsf_lifecycle, "vsfsim rolling boot-image updates");

namespace vsf::sim {

namespace {

using control::RolloutCpu;
using control::RolloutCpuState;

const ImageUpdate& update_of(const World& w, const TierRollout& r) { return w.scenario.image_updates[r.update]; }

// The CPUs of a tier (kLbTier: the VSF's LB, if it has one).
std::vector<CpuRuntime*> members(VsfRuntime& v, int tier) {
  if (tier != kLbTier) return v.tiers[tier].members;
  if (v.lb_cpu != nullptr) return {v.lb_cpu};
  return {};
}

bool in_flight(const TierRollout& r, grid::CpuId id) {
  return std::any_of(r.rebooting.begin(), r.rebooting.end(),
                     [id](const TierRollout::InFlight& f) { return f.cpu == id; });
}

// What the planner sees of one CPU of the tier.
RolloutCpu view(const CpuRuntime& c, const TierRollout& r, const std::string& version) {
  RolloutCpu out;
  out.id = c.id;
  out.order = c.join_seq;
  out.on_target = c.image == version;
  if (in_flight(r, c.id))
    out.state = RolloutCpuState::Rebooting;
  else if (c.leaving || c.state == CpuState::Draining || c.state == CpuState::Stopping)
    out.state = RolloutCpuState::Leaving;  // a release or eviction (a reboot of ours is in flight, above)
  else if (c.state == CpuState::Serving && c.usable() && !c.lost)
    out.state = RolloutCpuState::Serving;
  else
    out.state = RolloutCpuState::Unavailable;  // joining, crashed, cut off, awaiting eviction
  return out;
}

std::vector<RolloutCpu> views(VsfRuntime& v, const TierRollout& r, const std::string& version) {
  std::vector<RolloutCpu> out;
  for (const CpuRuntime* c : members(v, r.tier)) out.push_back(view(*c, r, version));
  return out;
}

int serving(const std::vector<RolloutCpu>& cpus) {
  return static_cast<int>(
      std::count_if(cpus.begin(), cpus.end(), [](const RolloutCpu& c) { return c.state == RolloutCpuState::Serving; }));
}

nlohmann::json ident(const World& w, const VsfRuntime& v, const TierRollout& r) {
  const ImageUpdate& u = update_of(w, r);
  return {{"vsf", v.spec->name}, {"tier", w.tier_name(v.index, r.tier)}, {"role", u.role}, {"version", u.version}};
}

void report(World& w, const VsfRuntime& v, TierRollout& r, double completed_s) {
  const ImageUpdate& u = update_of(w, r);
  Recorder::Rollout out;
  out.vsf = v.spec->name;
  out.tier = w.tier_name(v.index, r.tier);
  out.role = u.role;
  out.version = u.version;
  out.published_s = u.at_s;
  out.completed_s = completed_s;
  out.rebooted = r.rebooted;
  out.min_capacity_fraction = r.min_capacity_fraction;
  w.recorder.rollout(out);
  r.done = true;
}

// Drops finished reboots from the in-flight list (counting those that ended on the version) and CPUs
// that left the tier meanwhile (crashed and evicted).
void settle(World& w, VsfRuntime& v, TierRollout& r) {
  const std::string& version = update_of(w, r).version;
  auto& f = r.rebooting;
  f.erase(std::remove_if(f.begin(), f.end(),
                         [&](TierRollout::InFlight& x) {
                           const CpuRuntime& c = w.cpus[x.cpu];
                           if (c.vsf != v.index || c.tier != r.tier) return true;
                           if (c.state != CpuState::Serving) {
                             x.left_serving = true;
                             return false;
                           }
                           // Serving: back from its reboot if it left service or already points at the
                           // version (a reboot that fitted between two ticks).
                           if (!x.left_serving && c.image != version) return false;
                           if (c.image == version) ++r.rebooted;
                           return true;
                         }),
          f.end());
}

void sample(TierRollout& r, const std::vector<RolloutCpu>& cpus) {
  if (r.serving_at_start <= 0) return;
  const double fraction = static_cast<double>(serving(cpus)) / r.serving_at_start;
  r.min_capacity_fraction = std::min(r.min_capacity_fraction, fraction);
}

// Begins the rollouts of update u for every tier of v with its role. Returns nothing to roll silently:
// a tier already on the version (created after the publication) has no rollout.
void begin(World& w, VsfRuntime& v, RolloutState& st, size_t u, double t) {
  const ImageUpdate& up = w.scenario.image_updates[u];
  std::vector<int> tiers;
  if (v.lb_role != nullptr && v.spec->lb.role == up.role) tiers.push_back(kLbTier);
  for (const TierRuntime& k : v.tiers)
    if (k.spec->role == up.role) tiers.push_back(k.index);
  for (int k : tiers) {
    TierRollout r;
    r.update = u;
    r.tier = k;
    r.started_s = t;
    // A rollout of an older version still running on this tier: superseded, its reboots carry on and
    // count against the new budget until they end.
    for (TierRollout& old : st.rollouts) {
      if (old.done || old.tier != k) continue;
      settle(w, v, old);
      r.rebooting = old.rebooting;
      auto fields = ident(w, v, old);
      fields["by"] = up.version;
      fields["rebooted"] = old.rebooted;
      w.recorder.event(t, "rollout_superseded", std::move(fields));
      report(w, v, old, -1);
    }
    const std::vector<RolloutCpu> cpus = views(v, r, up.version);
    if (r.rebooting.empty() && control::rollout_complete(cpus)) continue;  // born on the version
    r.serving_at_start = serving(cpus);
    r.budget = control::rollout_budget(up.max_unavailable, r.serving_at_start);
    auto fields = ident(w, v, r);
    fields["published_s"] = up.at_s;
    fields["update"] = up.pointer;
    fields["serving"] = r.serving_at_start;
    fields["max_unavailable"] = up.max_unavailable;
    fields["budget"] = r.budget;
    XBT_VERB("rollout of %s to %s begins in %s/%s: budget %d of %d serving", up.role.c_str(), up.version.c_str(),
             v.spec->name.c_str(), w.tier_name(v.index, k).c_str(), r.budget, r.serving_at_start);
    w.recorder.event(t, "rollout_start", std::move(fields));
    st.rollouts.push_back(std::move(r));
  }
}

// Updates published at or before t (strictly before t when `strict`).
void publish_due(World& w, VsfRuntime& v, RolloutState& st, double t, bool strict = false) {
  const auto& updates = w.scenario.image_updates;
  while (st.next_update < updates.size() &&
         (strict ? updates[st.next_update].at_s < t : updates[st.next_update].at_s <= t))
    begin(w, v, st, st.next_update++, t);
}

void advance(World& w, VsfRuntime& v, TierRollout& r, double t) {
  const ImageUpdate& up = update_of(w, r);
  settle(w, v, r);
  std::vector<RolloutCpu> cpus = views(v, r, up.version);
  if (r.rebooting.empty() && control::rollout_complete(cpus)) {
    sample(r, cpus);
    auto fields = ident(w, v, r);
    fields["duration_s"] = t - up.at_s;
    fields["rebooted"] = r.rebooted;
    fields["min_capacity_fraction"] = r.min_capacity_fraction;
    w.recorder.event(t, "rollout_done", std::move(fields));
    report(w, v, r, t);
    return;
  }
  const std::vector<int> picks = control::plan_reboots(cpus, r.budget);
  if (!picks.empty()) {
    nlohmann::json names = nlohmann::json::array();
    for (int id : picks) {
      r.rebooting.push_back({static_cast<grid::CpuId>(id), false});
      names.push_back(w.cpus[id].name);
    }
    auto fields = ident(w, v, r);
    fields["cpus"] = names;
    fields["unavailable"] = control::rollout_unavailable(cpus);
    fields["budget"] = r.budget;
    fields["rebooted"] = r.rebooted;
    XBT_VERB("rollout of %s in %s/%s: %zu reboots start", up.version.c_str(), v.spec->name.c_str(),
             w.tier_name(v.index, r.tier).c_str(), picks.size());
    w.recorder.event(t, "rollout_step", std::move(fields));
    // Every pick is noted in flight before the first reboot starts, so the capacity sample below and
    // any decision of this instant see them all as down.
    for (int id : picks) start_reboot(w, w.cpus[id], up.version);
    cpus = views(v, r, up.version);
  }
  sample(r, cpus);
}

}  // namespace

void rollout_tick(World& w, VsfRuntime& v, RolloutState& st, double t) {
  if (!v.exists) return;
  publish_due(w, v, st, t);
  for (TierRollout& r : st.rollouts)
    if (!r.done) advance(w, v, r, t);
}

void rollout_finish(World& w, VsfRuntime& v, RolloutState& st, double t_end) {
  if (!v.exists) return;
  publish_due(w, v, st, t_end, true);
  for (TierRollout& r : st.rollouts) {
    if (r.done) continue;
    settle(w, v, r);
    auto fields = ident(w, v, r);
    fields["rebooted"] = r.rebooted;
    fields["rebooting"] = static_cast<int>(r.rebooting.size());
    fields["min_capacity_fraction"] = r.min_capacity_fraction;
    w.recorder.event(t_end, "rollout_unfinished", std::move(fields));
    report(w, v, r, -1);
  }
}

std::string current_image(const World& w, const std::string& role, double t) {
  std::string version;
  for (const ImageUpdate& u : w.scenario.image_updates)  // sorted by at_s: the last one due wins
    if (u.role == role && u.at_s <= t) version = u.version;
  return version;
}

}  // namespace vsf::sim
