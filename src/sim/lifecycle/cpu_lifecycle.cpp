// The join, release, eviction and reboot lifecycles of a CPU (see lifecycle.hpp for the steps, their
// order and what a fault does to them). Each step exists once and the lifecycles are sequences of them.
#include "sim/lifecycle/cpu_lifecycle.hpp"

#include <algorithm>
#include <functional>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>

#include "sim/dataplane/dispatch.hpp"
#include "sim/faults/fault_dataplane.hpp"
#include "sim/lifecycle/rollout.hpp"

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

TierRuntime& tier_of(World& w, const CpuRuntime& cpu) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  return cpu.tier == kLbTier ? v.lb_tier : v.tiers[cpu.tier];
}

const RoleBlueprint& role_of(World& w, const CpuRuntime& cpu) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  return cpu.tier == kLbTier ? *v.lb_role : *v.tiers[cpu.tier].role;
}

// A lifecycle started at `epoch` may go on: its CPU has not changed hands and its VSF has not lost it.
bool still_mine(const CpuRuntime& cpu, uint64_t epoch) { return cpu.epoch == epoch && !cpu.lost; }

// Where a lifecycle began (the CPU may have changed hands by the time it stops).
struct Origin {
  uint64_t epoch;
  std::string vsf, tier;
  Origin(World& w, const CpuRuntime& cpu)
      : epoch(cpu.epoch), vsf(w.vsf_name(cpu.vsf)), tier(w.tier_name(cpu.vsf, cpu.tier)) {}
};

void stopped(World& w, CpuRuntime& cpu, const Origin& o, const char* type, const char* at) {
  w.cpu_event(now(), type, cpu,
              {{"vsf", o.vsf}, {"tier", o.tier}, {"at", at}, {"crashed", cpu.crashed}, {"cut", cpu.cut}});
}

// Sleeps `seconds` and logs the step that took them.
void step(World& w, CpuRuntime& cpu, const std::string& type, double seconds, nlohmann::json fields = {}) {
  if (seconds > 0) sg4::this_actor::sleep_for(seconds);
  if (!fields.is_object()) fields = nlohmann::json::object();
  fields["duration_s"] = seconds;
  w.cpu_event(now(), type, cpu, std::move(fields));
}

// A step of a lifecycle that may lose its CPU meanwhile: no event then (the step did not complete).
bool step_if_mine(World& w, CpuRuntime& cpu, uint64_t epoch, const std::string& type, double seconds) {
  if (seconds > 0) sg4::this_actor::sleep_for(seconds);
  if (!still_mine(cpu, epoch)) return false;
  w.cpu_event(now(), type, cpu, {{"duration_s", seconds}});
  return true;
}

nlohmann::json vlan_fields(World& w, const CpuRuntime& cpu, int ports) {
  return {{"ports", ports},
          {"vlan_front", w.domain_name(w.grid.vlan_of_port(cpu.id, 0))},
          {"vlan_back", w.domain_name(w.grid.vlan_of_port(cpu.id, 1))}};
}

// OS shutdown and power off; nothing for a CPU already off (a crash turned it off).
void power_off(World& w, CpuRuntime& cpu) {
  if (!cpu.powered) return;
  w.set_state(cpu, CpuState::Stopping);
  step(w, cpu, "shutdown", cpu.hw->shutdown_s);
  cpu.host->turn_off();
  cpu.powered = false;
  w.cpu_event(now(), "power_off", cpu);
}

// One switch reconfiguration step, the same for every lifecycle: the switch's latency, the logical
// change (`apply` returns the ports changed, or -1 to skip it: the lifecycle lost its CPU meanwhile),
// its counters and event, then the isolation check. False when skipped.
template <typename Apply>
bool reconfigure_vlan(World& w, CpuRuntime& cpu, const char* what, Apply apply) {
  const double latency = w.scenario.grid.vlan_switches.spec.reconfig_s;
  sg4::this_actor::sleep_for(latency);
  const int ports = apply();
  if (ports < 0) return false;
  w.recorder.reconfiguration("vlan", ports);
  auto fields = vlan_fields(w, cpu, ports);
  fields["duration_s"] = latency;
  w.cpu_event(now(), what, cpu, std::move(fields));
  w.check_isolation(what, cpu);
  return true;
}

template <typename Apply>
bool reconfigure_zone(World& w, CpuRuntime& cpu, const char* what, Apply apply) {
  const double latency = w.scenario.grid.san_switches.spec.reconfig_s;
  sg4::this_actor::sleep_for(latency);
  const int ports = apply();
  if (ports < 0) return false;
  w.recorder.reconfiguration("san", ports);
  w.cpu_event(now(), what, cpu,
              {{"ports", ports}, {"zone", w.domain_name(w.grid.zone_of_cpu(cpu.id))}, {"duration_s", latency}});
  w.check_isolation(what, cpu);
  return true;
}

void start_serving(World& w, CpuRuntime& cpu) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  TierRuntime& t = tier_of(w, cpu);
  Server* s = w.new_server(cpu, &t);
  cpu.server = s;
  add_server(v, t, *s);
  w.set_state(cpu, CpuState::Serving);
  update_availability(w, v);
}

// The boot image over the SAN from the VSF's current array: disk and path at once, shared with every
// other boot and I/O. Read again from the replica if the VSF fails over meanwhile.
bool read_boot_image(World& w, CpuRuntime& cpu, VsfRuntime& v, const RoleBlueprint& role, uint64_t epoch) {
  const double t_read = now();
  const auto bytes = role.boot_image_bytes;
  const size_t arrays = w.grid.storage().size();
  for (size_t attempt = 0; attempt <= arrays; ++attempt) {
    check_storage(w, v);
    if (v.storage_down) break;
    const int a = v.storage;
    sg4::CommPtr comm;
    try {
      if (bytes > 0) {
        cpu.boot_array = a;
        cpu.boot_io = w.platform.disk[a]->read_async(static_cast<sg_size_t>(bytes));
        comm = sg4::Comm::sendto_async(w.platform.storage[a], cpu.hba, static_cast<uint64_t>(bytes));
        cpu.boot_io->wait();
        comm->wait();
      }
      cpu.boot_io = nullptr;
      cpu.boot_array = -1;
      w.cpu_event(now(), "boot_image_read", cpu,
                  {{"bytes", bytes}, {"array", w.grid.storage()[a].name}, {"duration_s", now() - t_read}});
      return true;
    } catch (const simgrid::Exception& e) {
      cpu.boot_io = nullptr;
      cpu.boot_array = -1;
      if (comm) {
        try {
          comm->cancel();  // its path may still be up (the read was cancelled for another reason)
        } catch (const simgrid::Exception&) {
        }
      }
      if (!still_mine(cpu, epoch)) return false;
      w.cpu_event(now(), "boot_read_failed", cpu, {{"array", w.grid.storage()[a].name}, {"error", e.what()}});
    }
  }
  w.cpu_event(now(), "boot_failed", cpu,
              {{"reason", v.storage_down ? "storage_unavailable" : "read_failed"},
               {"array", w.grid.storage()[v.storage].name}});
  mark_lost(w, cpu, "boot_failed");
  return false;
}

// Pointed at its image, power on, POST, image read, OS init. False if the lifecycle lost its CPU.
bool boot(World& w, CpuRuntime& cpu, uint64_t epoch) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  const RoleBlueprint& role = role_of(w, cpu);
  check_storage(w, v);
  nlohmann::json fields = {
      {"image", role.name}, {"array", w.grid.storage()[v.storage].name}, {"bytes", role.boot_image_bytes}};
  if (!cpu.image.empty()) fields["version"] = cpu.image;
  w.cpu_event(now(), "boot_image_set", cpu, std::move(fields));

  w.set_state(cpu, CpuState::Booting);
  cpu.host->turn_on();
  cpu.powered = true;
  w.cpu_event(now(), "power_on", cpu);
  return step_if_mine(w, cpu, epoch, "post", cpu.hw->post_s) && read_boot_image(w, cpu, v, role, epoch) &&
         step_if_mine(w, cpu, epoch, "os_init", role.os_init_s);
}

// The LB reconfigured to include it (servers of a VSF with an LB), then serving.
bool serve(World& w, CpuRuntime& cpu, uint64_t epoch) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  if (cpu.tier != kLbTier && v.lb_role != nullptr && !step_if_mine(w, cpu, epoch, "lb_add", v.spec->lb.reconfig_s))
    return false;
  if (!still_mine(cpu, epoch)) return false;
  start_serving(w, cpu);
  return true;
}

// Stop dispatching, wait for its requests, the LB reconfigured without it (servers of a VSF with an LB).
void stop_serving(World& w, CpuRuntime& cpu) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  TierRuntime& t = tier_of(w, cpu);
  Server* s = cpu.server;
  const double t_drain = now();
  if (cpu.state != CpuState::Draining) w.set_state(cpu, CpuState::Draining);
  w.cpu_event(now(), "drain_start", cpu, {{"outstanding", s ? s->outstanding : 0}});
  if (s != nullptr) {
    stop_accepting(t, *s);
    update_availability(w, v);
    drain_server(v, t, *s);
  }
  cpu.server = nullptr;
  w.cpu_event(now(), "drained", cpu, {{"duration_s", now() - t_drain}});
  if (cpu.tier != kLbTier && v.lb_role != nullptr) step(w, cpu, "lb_remove", v.spec->lb.reconfig_s);
}

// Out of its tier's members (or its VSF's LB slot). Idempotent.
void detach(World& w, CpuRuntime& cpu) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  if (cpu.tier == kLbTier) {
    if (v.lb_cpu == &cpu) v.lb_cpu = nullptr;
    return;
  }
  auto& m = v.tiers[cpu.tier].members;
  if (auto it = std::find(m.begin(), m.end(), &cpu); it != m.end()) m.erase(it);
}

// VLAN ports and SAN port back to the idle VLAN and zone, then owner idle: in the idle pool again.
void leave_vsf(World& w, CpuRuntime& cpu) {
  reconfigure_vlan(w, cpu, "vlan_leave", [&] { return w.grid.vlan_leave(cpu.id); });
  reconfigure_zone(w, cpu, "zone_leave", [&] { return w.grid.zone_leave(cpu.id); });
  const int old_vsf = cpu.vsf;
  detach(w, cpu);
  w.grid.set_owner(cpu.id, grid::kIdle);
  cpu.vsf = -1;
  cpu.tier = kLbTier;
  cpu.server = nullptr;
  cpu.lost = false;
  cpu.leaving = false;
  ++cpu.epoch;
  refresh_cut(w, cpu);  // an idle CPU's SAN path ends at its own switch
  w.set_state(cpu, CpuState::Off);
  if (cpu.usable()) ++w.idle_count;
  w.recorder.idle_pool(now(), w.idle_count);
  w.cpu_event(now(), "cpu_idle", cpu, {{"from", w.vsf_name(old_vsf)}, {"idle_pool", w.idle_count}});
}

void evict_steps(World& w, CpuRuntime& cpu) {
  power_off(w, cpu);  // a cut CPU still runs; a crashed one is off already
  leave_vsf(w, cpu);
}

void in_fabric(World& w, const std::string& name, std::function<void()> body) {
  sg4::Actor::create(name, w.platform.fabric, std::move(body));
}

}  // namespace

void allocate(World& w, CpuRuntime& cpu, int v, int tier, const std::string& reason) {
  const bool counted = cpu.vsf < 0 && cpu.usable();
  w.grid.set_owner(cpu.id, v);
  cpu.vsf = v;
  cpu.tier = tier;
  cpu.join_seq = ++w.next_join_seq;
  // It boots the role's image published last (a rolling update does not need to reboot it again).
  cpu.image =
      current_image(w,
                    tier == kLbTier ? w.scenario.vsfs[static_cast<size_t>(v)].lb.role
                                    : w.scenario.vsfs[static_cast<size_t>(v)].tiers[static_cast<size_t>(tier)].role,
                    now());
  ++cpu.epoch;
  cpu.lost = false;
  cpu.leaving = false;
  VsfRuntime& rt = *w.vsfs[v];
  if (tier == kLbTier)
    rt.lb_cpu = &cpu;
  else
    rt.tiers[tier].members.push_back(&cpu);
  if (counted) --w.idle_count;
  w.recorder.idle_pool(now(), w.idle_count);
  w.cpu_event(now(), "cpu_allocated", cpu, {{"reason", reason}, {"idle_pool", w.idle_count}});
  refresh_cut(w, cpu);  // its SAN path now leads to the VSF's array
  if (cpu.crashed) mark_lost(w, cpu, "crash");
}

void join_steps(World& w, CpuRuntime& cpu, double decided_at) {
  const Origin o(w, cpu);
  const uint64_t epoch = o.epoch;
  if (!still_mine(cpu, epoch)) return stopped(w, cpu, o, "join_aborted", "start");
  if (cpu.powered) power_off(w, cpu);
  if (!still_mine(cpu, epoch)) return stopped(w, cpu, o, "join_aborted", "shutdown");
  w.set_state(cpu, CpuState::Configuring);

  auto mine = [&](auto apply) { return [&, apply] { return still_mine(cpu, epoch) ? apply() : -1; }; };
  if (!reconfigure_vlan(w, cpu, "vlan_join",
                        mine([&] { return w.grid.vlan_join(cpu.id, cpu.vsf, cpu.tier == kLbTier); })))
    return stopped(w, cpu, o, "join_aborted", "vlan_join");
  if (!reconfigure_zone(w, cpu, "zone_join", mine([&] { return w.grid.zone_join(cpu.id, cpu.vsf); })))
    return stopped(w, cpu, o, "join_aborted", "zone_join");
  if (!boot(w, cpu, epoch)) return stopped(w, cpu, o, "join_aborted", "boot");
  if (!serve(w, cpu, epoch)) return stopped(w, cpu, o, "join_aborted", "lb_add");
  w.recorder.time_to_serve(cpu.vsf, now() - decided_at);
  w.cpu_event(now(), "cpu_serving", cpu, {{"time_to_serve_s", now() - decided_at}});
}

void warm_join(World& w, CpuRuntime& cpu) {
  // No simulated time passes between these reconfigurations: the caller checks isolation once after
  // the whole warm start (a check per port would cost O(grid) each, for every initial CPU).
  int ports = w.grid.vlan_join(cpu.id, cpu.vsf, cpu.tier == kLbTier);
  w.recorder.reconfiguration("vlan", ports);
  w.cpu_event(now(), "vlan_join", cpu, vlan_fields(w, cpu, ports));
  ports = w.grid.zone_join(cpu.id, cpu.vsf);
  w.recorder.reconfiguration("san", ports);
  w.cpu_event(now(), "zone_join", cpu, {{"ports", ports}, {"zone", w.domain_name(w.grid.zone_of_cpu(cpu.id))}});
  if (cpu.lost) return;  // crashed or cut: configured, never serving; its farm manager evicts it
  cpu.host->turn_on();
  cpu.powered = true;
  start_serving(w, cpu);
  w.cpu_event(now(), "cpu_serving", cpu, {{"warm", true}});
}

void release_steps(World& w, CpuRuntime& cpu) {
  cpu.leaving = true;
  stop_serving(w, cpu);
  power_off(w, cpu);
  leave_vsf(w, cpu);
}

void reboot_steps(World& w, CpuRuntime& cpu, const std::string& version) {
  const Origin o(w, cpu);
  const uint64_t epoch = o.epoch;
  const double t0 = now();
  w.cpu_event(now(), "reboot_start", cpu, {{"version", version}, {"from", cpu.image}});
  stop_serving(w, cpu);
  if (!still_mine(cpu, epoch)) return stopped(w, cpu, o, "reboot_aborted", "drain");
  power_off(w, cpu);
  if (!still_mine(cpu, epoch)) return stopped(w, cpu, o, "reboot_aborted", "shutdown");
  cpu.image = version;
  if (!boot(w, cpu, epoch)) return stopped(w, cpu, o, "reboot_aborted", "boot");
  if (!serve(w, cpu, epoch)) return stopped(w, cpu, o, "reboot_aborted", "lb_add");
  w.cpu_event(now(), "reboot_done", cpu, {{"version", version}, {"duration_s", now() - t0}});
}

void start_join(World& w, CpuRuntime& cpu, double decided_at) {
  World* wp = &w;
  CpuRuntime* cp = &cpu;
  in_fabric(w, "join:" + cpu.name, [wp, cp, decided_at] { join_steps(*wp, *cp, decided_at); });
}

void start_release(World& w, CpuRuntime& cpu, const std::string& reason) {
  w.cpu_event(now(), "cpu_release", cpu, {{"reason", reason}});
  w.set_state(cpu, CpuState::Draining);  // at once: the next decision of this instant must not pick it again
  cpu.leaving = true;
  World* wp = &w;
  CpuRuntime* cp = &cpu;
  in_fabric(w, "release:" + cpu.name, [wp, cp] { release_steps(*wp, *cp); });
}

void start_reboot(World& w, CpuRuntime& cpu, const std::string& version) {
  w.set_state(cpu, CpuState::Draining);  // at once, as a release: no longer counted as serving
  World* wp = &w;
  CpuRuntime* cp = &cpu;
  in_fabric(w, "reboot:" + cpu.name, [wp, cp, version] { reboot_steps(*wp, *cp, version); });
}

// Declared in fault_dataplane.hpp: an eviction is a lifecycle and shares the release's steps.
void start_evict(World& w, CpuRuntime& cpu, const std::string& reason) {
  if (cpu.vsf < 0 || cpu.leaving) return;
  cpu.leaving = true;
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  w.cpu_event(now(), "evict", cpu, {{"reason", reason}, {"crashed", cpu.crashed}, {"cut", cpu.cut}});
  if (cpu.server != nullptr) fail_server(v, tier_of(w, cpu), *cpu.server);
  if (cpu.boot_io) cpu.boot_io->cancel();
  detach(w, cpu);  // at once: its farm manager may replace it in this same instant
  update_availability(w, v);
  World* wp = &w;
  CpuRuntime* cp = &cpu;
  in_fabric(w, "evict:" + cpu.name, [wp, cp] { evict_steps(*wp, *cp); });
}

}  // namespace vsf::sim
