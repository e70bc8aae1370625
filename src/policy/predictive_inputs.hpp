// What the models say about a tier that a predictive policy provisions ahead with (TierObservation's
// time_to_serve_s and cpu_s_per_request), computed from the typed scenario alone: the farm manager fills
// the observation with these, and a unit test checks them against the lifecycle's steps.
#pragma once

#include "model/scenario.hpp"

namespace vsf {

// The expected time from a scale-out ask to a new CPU of the tier serving, without contention: the VLAN and
// SAN-zone reconfigurations, POST, the boot image read (at the slower of the SAN port and the array's read
// bandwidth), OS init, and the LB reconfiguration when the VSF has an LB. As the join lifecycle
// (sim/lifecycle/cpu_lifecycle.cpp) runs them; the control plane's messages are not counted.
double expected_time_to_serve(const Scenario& s, const VsfSpec& v, int tier, const HardwareProfile& hw,
                              const StorageArray& array);

// The CPU-seconds (whole CPUs of `hw`, all cores) tier `tier` spends per request offered to the VSF: its
// visits per request (the product of `calls` of the tiers after the first, up to it) x the role's mean work
// / (core speed x cores). Utilization of n CPUs under a rate r is r x this / n.
double cpu_s_per_request(const Models& models, const VsfSpec& v, int tier, const HardwareProfile& hw);

}  // namespace vsf
