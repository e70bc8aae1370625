// The control plane's decisions: one farm-manager actor per VSF (patent: the farm manager of each VSF
// asks the control plane for CPUs) and one actor for the scheduled administrative actions.
//
// A farm manager creates its VSF at start_s (the LB and each tier's initial CPUs: pinned CPUs by name,
// the rest lowest idle id first; warm = serving at once, cold = the full join lifecycle, all at once,
// which is a boot storm), then every policy interval observes each tier (utilization over the interval,
// CPUs serving/pending/draining, the VSF's p95 and offered rate), asks its policy, and applies the
// decisions within min/max: a scale-out takes the lowest-id idle CPU (not pinned by a VSF yet to start);
// an empty pool is a denial; a scale-in releases the most recently allocated serving CPU. Every decision
// is an event with its inputs. Admin actions ("add"/"remove", a named CPU or a count) go through the
// same allocation and lifecycle code.
// Crash semantics: these actors live on control-plane hosts, which no scenario of this version turns
// off; if one were, its actors would die with it and nothing would restart them (a later issue).
#pragma once

#include "sim/world.hpp"

namespace vsf::sim {

void start_farm_managers(World& w);
void start_admin_actions(World& w);

}  // namespace vsf::sim
