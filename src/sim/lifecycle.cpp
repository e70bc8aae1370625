// The join and release lifecycles of a CPU (see lifecycle.hpp for the steps and their order).
#include "sim/lifecycle.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "sim/dispatch.hpp"

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

// Sleeps `seconds` and logs the step that took them.
void step(World& w, CpuRuntime& cpu, const std::string& type, double seconds, nlohmann::json fields = {}) {
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
  w.set_state(cpu, CpuState::Stopping);
  step(w, cpu, "shutdown", cpu.hw->shutdown_s);
  cpu.host->turn_off();
  cpu.powered = false;
  w.cpu_event(now(), "power_off", cpu);
}

// One switch reconfiguration step, the same for a join and a release: the switch's latency, the
// logical change (`apply` returns the ports changed), its counters and event, then the isolation check.
template <typename Apply>
void reconfigure_vlan(World& w, CpuRuntime& cpu, const char* what, Apply apply) {
  const double latency = w.scenario.grid.vlan_switches.spec.reconfig_s;
  sg4::this_actor::sleep_for(latency);
  const int ports = apply();
  w.recorder.reconfiguration("vlan", ports);
  auto fields = vlan_fields(w, cpu, ports);
  fields["duration_s"] = latency;
  w.cpu_event(now(), what, cpu, std::move(fields));
  w.check_isolation(what, cpu);
}

template <typename Apply>
void reconfigure_zone(World& w, CpuRuntime& cpu, const char* what, Apply apply) {
  const double latency = w.scenario.grid.san_switches.spec.reconfig_s;
  sg4::this_actor::sleep_for(latency);
  const int ports = apply();
  w.recorder.reconfiguration("san", ports);
  w.cpu_event(now(), what, cpu,
              {{"ports", ports}, {"zone", w.domain_name(w.grid.zone_of_cpu(cpu.id))}, {"duration_s", latency}});
  w.check_isolation(what, cpu);
}

void start_serving(World& w, CpuRuntime& cpu) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  TierRuntime& t = tier_of(w, cpu);
  Server* s = w.new_server(cpu, &t);
  cpu.server = s;
  add_server(v, t, *s);
  w.set_state(cpu, CpuState::Serving);
}

}  // namespace

void allocate(World& w, CpuRuntime& cpu, int v, int tier, const std::string& reason) {
  w.grid.set_owner(cpu.id, v);
  cpu.vsf = v;
  cpu.tier = tier;
  cpu.join_seq = ++w.next_join_seq;
  VsfRuntime& rt = *w.vsfs[v];
  if (tier == kLbTier)
    rt.lb_cpu = &cpu;
  else
    rt.tiers[tier].members.push_back(&cpu);
  --w.idle_count;
  w.recorder.idle_pool(now(), w.idle_count);
  w.cpu_event(now(), "cpu_allocated", cpu, {{"reason", reason}, {"idle_pool", w.idle_count}});
}

void join_steps(World& w, CpuRuntime& cpu, double decided_at) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  const RoleBlueprint& role = role_of(w, cpu);
  if (cpu.powered) power_off(w, cpu);
  w.set_state(cpu, CpuState::Configuring);

  reconfigure_vlan(w, cpu, "vlan_join", [&] { return w.grid.vlan_join(cpu.id, cpu.vsf, cpu.tier == kLbTier); });
  reconfigure_zone(w, cpu, "zone_join", [&] { return w.grid.zone_join(cpu.id, cpu.vsf); });

  const auto& array = w.grid.storage()[v.storage];
  w.cpu_event(now(), "boot_image_set", cpu,
              {{"image", role.name}, {"array", array.name}, {"bytes", role.boot_image_bytes}});

  w.set_state(cpu, CpuState::Booting);
  cpu.host->turn_on();
  cpu.powered = true;
  w.cpu_event(now(), "power_on", cpu);
  step(w, cpu, "post", cpu.hw->post_s);

  // The boot image comes over the SAN: disk and path at once, shared with every other boot and I/O.
  const double t_read = now();
  if (role.boot_image_bytes > 0) {
    auto io = w.platform.disk[v.storage]->read_async(static_cast<sg_size_t>(role.boot_image_bytes));
    auto comm =
        sg4::Comm::sendto_async(w.platform.storage[v.storage], cpu.hba, static_cast<uint64_t>(role.boot_image_bytes));
    io->wait();
    comm->wait();
  }
  w.cpu_event(now(), "boot_image_read", cpu,
              {{"bytes", role.boot_image_bytes}, {"array", array.name}, {"duration_s", now() - t_read}});
  step(w, cpu, "os_init", role.os_init_s);

  if (cpu.tier != kLbTier && v.lb_role != nullptr) step(w, cpu, "lb_add", v.spec->lb.reconfig_s);
  start_serving(w, cpu);
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
  cpu.host->turn_on();
  cpu.powered = true;
  start_serving(w, cpu);
  w.cpu_event(now(), "cpu_serving", cpu, {{"warm", true}});
}

void release_steps(World& w, CpuRuntime& cpu) {
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  TierRuntime& t = tier_of(w, cpu);
  const bool is_lb = cpu.tier == kLbTier;
  Server* s = cpu.server;
  const double t_drain = now();
  if (cpu.state != CpuState::Draining) w.set_state(cpu, CpuState::Draining);
  w.cpu_event(now(), "drain_start", cpu, {{"outstanding", s ? s->outstanding : 0}});
  if (s != nullptr) drain_server(v, t, *s);
  cpu.server = nullptr;
  w.cpu_event(now(), "drained", cpu, {{"duration_s", now() - t_drain}});
  if (!is_lb && v.lb_role != nullptr) step(w, cpu, "lb_remove", v.spec->lb.reconfig_s);

  power_off(w, cpu);

  reconfigure_vlan(w, cpu, "vlan_leave", [&] { return w.grid.vlan_leave(cpu.id); });
  reconfigure_zone(w, cpu, "zone_leave", [&] { return w.grid.zone_leave(cpu.id); });

  // Back in the idle pool.
  const int old_vsf = cpu.vsf;
  if (is_lb) {
    v.lb_cpu = nullptr;
  } else {
    auto& m = t.members;
    m.erase(std::find(m.begin(), m.end(), &cpu));
  }
  w.grid.set_owner(cpu.id, grid::kIdle);
  cpu.vsf = -1;
  cpu.tier = kLbTier;
  w.set_state(cpu, CpuState::Off);
  ++w.idle_count;
  w.recorder.idle_pool(now(), w.idle_count);
  w.cpu_event(now(), "cpu_idle", cpu, {{"from", w.vsf_name(old_vsf)}, {"idle_pool", w.idle_count}});
}

void start_join(World& w, CpuRuntime& cpu, double decided_at) {
  World* wp = &w;
  CpuRuntime* cp = &cpu;
  sg4::Actor::create("join:" + cpu.name, w.control_host(cpu.vsf),
                     [wp, cp, decided_at] { join_steps(*wp, *cp, decided_at); });
}

void start_release(World& w, CpuRuntime& cpu, const std::string& reason) {
  w.cpu_event(now(), "cpu_release", cpu, {{"reason", reason}});
  w.set_state(cpu, CpuState::Draining);  // at once: the next decision of this instant must not pick it again
  World* wp = &w;
  CpuRuntime* cp = &cpu;
  sg4::Actor::create("release:" + cpu.name, w.control_host(cpu.vsf), [wp, cp] { release_steps(*wp, *cp); });
}

}  // namespace vsf::sim
