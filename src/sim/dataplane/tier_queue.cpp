// A tier's waiting requests in either fidelity (see tier_queue.hpp).
#include "sim/dataplane/tier_queue.hpp"

#include "sim/dataplane/flow_dataplane.hpp"

namespace vsf::sim {

double tier_queue(World& w, VsfRuntime& v, int k) {
  if (k < 0 || k >= static_cast<int>(v.tiers.size())) return 0;
  if (v.flow) {
    sync_dataplane(w, v);
    const size_t stage = static_cast<size_t>(k) + (v.lb_role != nullptr ? 1 : 0);
    if (stage >= v.flow->flow.stages.size()) return 0;
    const flow::StageFlow& s = v.flow->flow.stages[stage];
    return s.law.fluid ? v.flow->backlog[stage] : s.admitted_rate * s.mean_wait_s;
  }
  const TierRuntime& t = v.tiers[static_cast<size_t>(k)];
  size_t waiting = t.shared.size();
  for (const CpuRuntime* c : t.members)
    if (c->server != nullptr && c->server->tier == &t) waiting += c->server->queue.size();
  return static_cast<double>(waiting);
}

}  // namespace vsf::sim
