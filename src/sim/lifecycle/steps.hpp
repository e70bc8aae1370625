// The steps a CPU's lifecycles are made of, each written once: shutdown and power off, a VLAN or SAN
// switch reconfiguration, the boot (image, power on, POST, image read, OS init), joining and leaving
// the load balancer, the drain, and the way back to the idle pool. cpu_lifecycle.hpp says which
// lifecycle runs which steps, in what order, and what a fault does to them. Internal to sim/lifecycle/.
// A step runs in its lifecycle's actor and takes the time its model gives. A step that may lose its CPU
// meanwhile (a fault, an eviction) returns false and logs no event for the step it did not complete.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <string>

#include "sim/engine/world.hpp"

namespace vsf::sim {

// A lifecycle started at `epoch` may go on: its CPU has not changed hands and its VSF has not lost it.
inline bool still_mine(const CpuRuntime& cpu, uint64_t epoch) { return cpu.epoch == epoch && !cpu.lost; }

// Where a lifecycle began (the CPU may have changed hands by the time it stops).
struct Origin {
  uint64_t epoch;
  std::string vsf, tier;
  Origin(World& w, const CpuRuntime& cpu)
      : epoch(cpu.epoch), vsf(w.vsf_name(cpu.vsf)), tier(w.tier_name(cpu.vsf, cpu.tier)) {}
};

// The lifecycle begun at `o` stops before step `at`: event `type` ("join_aborted", "reboot_aborted").
void stopped(World& w, CpuRuntime& cpu, const Origin& o, const char* type, const char* at);

// Sleeps `seconds` and logs the step that took them.
void step(World& w, CpuRuntime& cpu, const std::string& type, double seconds, nlohmann::json fields = {});

// The fields of a VLAN reconfiguration event: ports changed, the VLANs of the CPU's two ports now.
nlohmann::json vlan_fields(World& w, const CpuRuntime& cpu, int ports);

// OS shutdown and power off; nothing for a CPU already off (a crash turned it off).
void power_off(World& w, CpuRuntime& cpu);

// One switch reconfiguration step, the same for every lifecycle: the switch's latency, the logical
// change (`apply` returns the ports changed, or -1 to skip it: the lifecycle lost its CPU meanwhile),
// its counters and event, then the isolation check. False when skipped.
template <typename Apply>
bool reconfigure_vlan(World& w, CpuRuntime& cpu, const char* what, Apply apply) {
  const double latency = w.scenario.grid.vlan_switches.spec.reconfig_s;
  simgrid::s4u::this_actor::sleep_for(latency);
  const int ports = apply();
  if (ports < 0) return false;
  w.recorder.reconfiguration(SwitchKind::Vlan, ports);
  auto fields = vlan_fields(w, cpu, ports);
  fields["duration_s"] = latency;
  w.cpu_event(now(), what, cpu, std::move(fields));
  w.check_isolation(what, cpu);
  return true;
}

template <typename Apply>
bool reconfigure_zone(World& w, CpuRuntime& cpu, const char* what, Apply apply) {
  const double latency = w.scenario.grid.san_switches.spec.reconfig_s;
  simgrid::s4u::this_actor::sleep_for(latency);
  const int ports = apply();
  if (ports < 0) return false;
  w.recorder.reconfiguration(SwitchKind::San, ports);
  w.cpu_event(now(), what, cpu,
              {{"ports", ports}, {"zone", w.domain_name(w.grid.zone_of_cpu(cpu.id))}, {"duration_s", latency}});
  w.check_isolation(what, cpu);
  return true;
}

// A new server for the CPU in its tier, taking requests now: the CPU is serving.
void start_serving(World& w, CpuRuntime& cpu);

// Pointed at its image, power on, POST, image read, OS init. False if the lifecycle lost its CPU.
bool boot(World& w, CpuRuntime& cpu, uint64_t epoch);

// The LB reconfigured to include it (servers of a VSF with an LB), then serving. False if the
// lifecycle lost its CPU.
bool serve(World& w, CpuRuntime& cpu, uint64_t epoch);

// Stop dispatching, wait for its requests, the LB reconfigured without it (servers of a VSF with an LB).
void stop_serving(World& w, CpuRuntime& cpu);

// Out of its tier's members (or its VSF's LB slot). Idempotent.
void detach(World& w, CpuRuntime& cpu);

// VLAN ports and SAN port back to the idle VLAN and zone, then owner idle: in the idle pool again.
void leave_vsf(World& w, CpuRuntime& cpu);

}  // namespace vsf::sim
