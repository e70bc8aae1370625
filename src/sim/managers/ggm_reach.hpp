// Whether a site's control plane can talk to the global grid manager over the control network (issue 14):
// a cp_partition may name the GGM's host ("global-manager") on one of its sides. While it holds, every site
// whose control-plane hosts are all on the other side cannot reach the GGM: its reports are missed (its
// global_report says reachable false and is not kept), its segment's loan requests are refused ("global
// manager unreachable"), and it lends nothing. A site with a host on the GGM's side, or on neither side,
// still reaches it. The partition also splits each site's own hosts as any partition does
// (cp_fault_routing.hpp); hosts of different sites exchange no control messages, so a partition without
// the GGM does nothing across sites. The WAN route to the GGM's site is the other condition
// (GlobalManager::path); this is the control network's.
#pragma once

#include "faults/schedule.hpp"
#include "sim/engine/world.hpp"

namespace vsf::sim {

// A cp_partition transition: records (fail) or clears (heal) the sites it cuts off from the GGM. A no-op
// for other kinds and for a partition that does not name the GGM.
void apply_ggm_partition(World& w, const faults::FaultEvent& e);

// Site k's control plane reaches the GGM's host: no partition holds them apart.
bool ggm_reaches(const World& w, int site);

}  // namespace vsf::sim
