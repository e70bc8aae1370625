// The steps of a CPU's lifecycles (see steps.hpp), and the boot image's read over the SAN with its
// failover to the replica.
#include "sim/lifecycle/steps.hpp"

#include <xbt/log.h>

#include <algorithm>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>

#include "sim/dataplane/dispatch.hpp"
#include "sim/faults/fault_dataplane.hpp"
#include "sim/managers/global_manager.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_lifecycle_steps, vsf_lifecycle, "vsfsim lifecycle steps: boot reads, drains");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

const RoleBlueprint& role_of(World& w, const CpuRuntime& cpu) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  return cpu.tier == kLbTier ? *v.lb_role : *v.tiers[cpu.tier].role;
}

// A step of a lifecycle that may lose its CPU meanwhile: no event then (the step did not complete).
bool step_if_mine(World& w, CpuRuntime& cpu, uint64_t epoch, const std::string& type, double seconds) {
  if (seconds > 0) sg4::this_actor::sleep_for(seconds);
  if (!still_mine(cpu, epoch)) return false;
  w.cpu_event(now(), type, cpu, {{"duration_s", seconds}});
  return true;
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
    // A lent CPU boots from its mirror (or its VSF's array over the bridged SAN) while that array is healthy.
    const int a = cpu.data_array >= 0 && array_healthy(w, cpu.data_array) ? cpu.data_array : v.storage;
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
      XBT_VERB("boot image read of %s from %s failed: %s", cpu.name.c_str(), w.grid.storage()[a].name.c_str(),
               e.what());
      w.cpu_event(now(), "boot_read_failed", cpu, {{"array", w.grid.storage()[a].name}, {"error", e.what()}});
    }
  }
  w.cpu_event(now(), "boot_failed", cpu,
              {{"reason", v.storage_down ? "storage_unavailable" : "read_failed"},
               {"array", w.grid.storage()[v.storage].name}});
  mark_lost(w, cpu, "boot_failed");
  return false;
}

}  // namespace

void stopped(World& w, CpuRuntime& cpu, const Origin& o, const char* type, const char* at) {
  XBT_VERB("%s: %s of %s/%s stopped at %s", type, cpu.name.c_str(), o.vsf.c_str(), o.tier.c_str(), at);
  w.cpu_event(now(), type, cpu,
              {{"vsf", o.vsf}, {"tier", o.tier}, {"at", at}, {"crashed", cpu.crashed}, {"cut", cpu.cut}});
}

void step(World& w, CpuRuntime& cpu, const std::string& type, double seconds, nlohmann::json fields) {
  if (seconds > 0) sg4::this_actor::sleep_for(seconds);
  if (!fields.is_object()) fields = nlohmann::json::object();
  fields["duration_s"] = seconds;
  w.cpu_event(now(), type, cpu, std::move(fields));
}

nlohmann::json vlan_fields(World& w, const CpuRuntime& cpu, int ports) {
  return {{"ports", ports},
          {"vlan_front", w.domain_name(w.grid.vlan_of_port(cpu.id, 0))},
          {"vlan_back", w.domain_name(w.grid.vlan_of_port(cpu.id, 1))}};
}

void power_off(World& w, CpuRuntime& cpu) {
  if (!cpu.powered) return;
  w.set_state(cpu, CpuState::Stopping);
  step(w, cpu, "shutdown", cpu.hw->shutdown_s);
  cpu.host->turn_off();
  cpu.powered = false;
  w.cpu_event(now(), "power_off", cpu);
}

void start_serving(World& w, CpuRuntime& cpu) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  TierRuntime& t = w.tier_of(cpu);
  Server* s = w.new_server(cpu, &t);
  cpu.server = s;
  add_server(v, t, *s);
  w.set_state(cpu, CpuState::Serving);
  update_availability(w, v);
}

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

bool serve(World& w, CpuRuntime& cpu, uint64_t epoch) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  if (cpu.tier != kLbTier && v.lb_role != nullptr && !step_if_mine(w, cpu, epoch, "lb_add", v.spec->lb.reconfig_s))
    return false;
  if (!still_mine(cpu, epoch)) return false;
  start_serving(w, cpu);
  return true;
}

void stop_serving(World& w, CpuRuntime& cpu) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  TierRuntime& t = w.tier_of(cpu);
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

void detach(World& w, CpuRuntime& cpu) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  w.roster_touched(cpu.vsf);
  if (cpu.tier == kLbTier) {
    if (v.lb_cpu == &cpu) v.lb_cpu = nullptr;
    return;
  }
  w.leave_members(cpu, v.tiers[cpu.tier]);
}

void leave_vsf(World& w, CpuRuntime& cpu) {
  reconfigure_vlan(w, cpu, "vlan_leave", [&] { return w.grid.vlan_leave(cpu.id); });
  reconfigure_zone(w, cpu, "zone_leave", [&] { return w.grid.zone_leave(cpu.id); });
  const int old_vsf = cpu.vsf;
  detach(w, cpu);
  w.grid.set_owner(cpu.id, grid::kIdle);
  cpu.vsf = -1;
  loan_ended(w, cpu);  // a lent CPU is back in its own site's pool
  cpu.tier = kLbTier;
  cpu.server = nullptr;
  if (cpu.lost) --w.lost_count;
  w.set_lost(cpu, false);
  cpu.leaving = false;
  ++cpu.epoch;
  refresh_cut(w, cpu);  // an idle CPU's SAN path ends at its own switch
  w.refresh_allocatable(cpu);
  w.set_state(cpu, CpuState::Off);
  if (cpu.usable()) w.idle_add(cpu, 1);
  w.recorder.idle_pool(now(), w.idle_count);
  w.cpu_event(now(), "cpu_idle", cpu, {{"from", w.vsf_name(old_vsf)}, {"idle_pool", w.idle_at(cpu.site)}});
}

}  // namespace vsf::sim
