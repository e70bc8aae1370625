// Rolling boot-image updates, the planning half: which CPUs of a tier a farm manager reboots onto a
// new image version now. Plain data in, CPU ids out; src/sim/lifecycle/rollout.cpp observes the tier,
// calls this each control tick and starts the reboots.
//
// The rule follows Kubernetes' RollingUpdate Deployment strategy with maxSurge 0 (a VSF does not take
// extra CPUs from the idle pool to roll):
// - budget = floor(max_unavailable * N), at least 1. "Absolute number is calculated from percentage by
//   rounding down" (Kubernetes API reference, apps/v1 RollingUpdateDeployment.maxUnavailable); when
//   maxSurge and maxUnavailable both resolve to 0 the Deployment controller uses maxUnavailable = 1, "on
//   the theory that surge might not work due to quota" (kubernetes/kubernetes,
//   pkg/controller/deployment/util/deployment_util.go, ResolveFenceposts). With no surge that is always
//   max(1, floor(max_unavailable * N)), also for a fraction of 0 (which would never finish otherwise).
// - N is the tier's serving CPU count when the rollout began (Kubernetes uses the desired replica count;
//   a tier's desired size moves with its scaling policy, so the count at the start is what "the tier"
//   meant when the update was published, and the budget does not change in the middle of a rollout).
// - unavailable = CPUs of the tier rebooting + CPUs of the tier not serving for any other reason
//   (joining, crashed, cut off) — as Kubernetes counts every not-ready pod against the budget. CPUs that
//   are leaving the tier (a release in progress) are not counted: they are no longer wanted.
// - new reboots = budget - unavailable (none if <= 0), taken from the serving CPUs not yet on the target
//   version, oldest allocation first (ascending allocation order, then CPU id). A scale-in releases the
//   most recently allocated CPU, so the CPUs likeliest to leave are rebooted last and no reboot is spent
//   on a CPU about to go.
#pragma once

#include <cstdint>
#include <vector>

namespace vsf::control {

enum class RolloutCpuState {
  Serving,      // serving traffic
  Rebooting,    // this rollout is rebooting it (drain ... serving again)
  Unavailable,  // a member of the tier not serving for another reason (joining, crashed, cut off)
  Leaving,      // being released from the tier (not counted)
};

struct RolloutCpu {
  int id = 0;          // CPU id, the tie-break and the answer
  uint64_t order = 0;  // allocation order (CpuRuntime::join_seq): lower = allocated earlier
  RolloutCpuState state = RolloutCpuState::Serving;
  bool on_target = false;  // runs (or is booting) the target version
};

// CPUs that may be unavailable at once: max(1, floor(max_unavailable * serving_at_start)). The product
// is rounded down with a small tolerance so that 0.29 * 100 (28.999999999999996 in binary) gives 29, as
// the percentage "29%" of 100 does in Kubernetes' integer arithmetic.
int rollout_budget(double max_unavailable, int serving_at_start);

// CPUs counted against the budget now.
int rollout_unavailable(const std::vector<RolloutCpu>& cpus);

// The CPUs to start rebooting now, in the order to start them (see the rule above).
std::vector<int> plan_reboots(const std::vector<RolloutCpu>& cpus, int budget);

// The rollout is complete: nothing of it rebooting and every CPU that stays in the tier on the target.
bool rollout_complete(const std::vector<RolloutCpu>& cpus);

}  // namespace vsf::control
