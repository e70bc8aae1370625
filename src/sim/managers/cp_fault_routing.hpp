// Which grid segment a control-plane fault acts on (issue 14). The schedule numbers control-plane
// targets over the whole grid: hosts "cp<k>" by their global index, slaves "<site>/slave<k>" site after
// site, "master:<site>" and "registry:<site>" by site, farm managers by VSF. Each segment's control plane
// (ControlPlane) numbers its own hosts and slaves from 0, so the fault is handed to the segment that owns
// the target with the target (and a partition's sides) made local. A partition acts in every segment
// that has hosts on both of its sides; hosts of different sites never exchange control messages anyway.
// Without sites the one segment takes every fault unchanged.
#pragma once

#include <vector>

#include "faults/schedule.hpp"
#include "sim/engine/world.hpp"

namespace vsf::sim {

struct RoutedFault {
  int site = 0;
  faults::FaultEvent event;  // with the segment's local indices
};

// Slave slots a segment starts with: control_plane.slaves, or one per host of the segment when 0.
int initial_slaves(const World& w, int site);

// Empty when the target is in no segment (an index the loader would have refused).
std::vector<RoutedFault> route_cp_fault(const World& w, const faults::FaultEvent& e);

}  // namespace vsf::sim
