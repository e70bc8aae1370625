// Rolling-update planning: the budget, the unavailable count and the picks (rules in rollout_plan.hpp).
#include "control/rollout_plan.hpp"

#include <algorithm>
#include <cmath>

namespace vsf::control {

int rollout_budget(double max_unavailable, int serving_at_start) {
  const double exact = std::max(0.0, max_unavailable) * std::max(0, serving_at_start);
  const int down = static_cast<int>(std::floor(exact + 1e-9));
  return std::max(1, down);
}

int rollout_unavailable(const std::vector<RolloutCpu>& cpus) {
  int n = 0;
  for (const RolloutCpu& c : cpus)
    if (c.state == RolloutCpuState::Rebooting || c.state == RolloutCpuState::Unavailable) ++n;
  return n;
}

std::vector<int> plan_reboots(const std::vector<RolloutCpu>& cpus, int budget) {
  const int room = budget - rollout_unavailable(cpus);
  if (room <= 0) return {};
  std::vector<const RolloutCpu*> candidates;
  for (const RolloutCpu& c : cpus)
    if (c.state == RolloutCpuState::Serving && !c.on_target) candidates.push_back(&c);
  std::sort(candidates.begin(), candidates.end(), [](const RolloutCpu* a, const RolloutCpu* b) {
    return a->order != b->order ? a->order < b->order : a->id < b->id;
  });
  std::vector<int> picks;
  for (const RolloutCpu* c : candidates) {
    if (static_cast<int>(picks.size()) >= room) break;
    picks.push_back(c->id);
  }
  return picks;
}

bool rollout_complete(const std::vector<RolloutCpu>& cpus) {
  for (const RolloutCpu& c : cpus) {
    if (c.state == RolloutCpuState::Leaving) continue;
    if (c.state == RolloutCpuState::Rebooting || !c.on_target) return false;
  }
  return true;
}

}  // namespace vsf::control
