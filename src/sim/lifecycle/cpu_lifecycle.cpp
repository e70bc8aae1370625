// The join, release, eviction and reboot lifecycles of a CPU as sequences of the steps in steps.hpp
// (see cpu_lifecycle.hpp for their order and what a fault does to them), and the moves that take no
// simulated time: the start in the idle pool, an allocation, a warm join.
#include "sim/lifecycle/cpu_lifecycle.hpp"

#include <xbt/log.h>

#include <functional>
#include <simgrid/s4u.hpp>

#include "sim/dataplane/dispatch.hpp"
#include "sim/faults/fault_dataplane.hpp"
#include "sim/lifecycle/rollout.hpp"
#include "sim/lifecycle/steps.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cpu_lifecycle, vsf_lifecycle,
                                "vsfsim CPU lifecycles: join, release, eviction, reboot");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

void evict_steps(World& w, CpuRuntime& cpu) {
  power_off(w, cpu);  // a cut CPU still runs; a crashed one is off already
  leave_vsf(w, cpu);
}

// A lifecycle actor keeps SimGrid's default stack (an 8 MiB calloc, a lazily zeroed mapping: see
// engine_config.cpp). Measured (session 11, scale series' day): it touches three pages, 12 KiB, plus
// 1.3 KiB of SimGrid's actor state: the malloc header page, the top page (the stack starts 16 bytes into
// it) and one page of frames (the deepest lifecycle seen used 5.2 KB, SimGrid's entry included). A
// smaller stack comes from the heap and is memset whole, so only 8 KiB would save anything (4 KiB per
// actor; 4 KiB overflows, tested with guard pages), and one enabled log line (XBT_VERB, or SimGrid's
// own s4u_actor INFO the user can turn on) needs 7.5 KB more: without guard pages that overflow would
// corrupt memory silently. At most about 1,460 lifecycles are live at once at 30,000 CPUs (t = 180 s:
// joins in their VLAN/zone reconfiguration and releases), linear in the grid.
void in_fabric(World& w, const std::string& name, std::function<void()> body) {
  XBT_VERB("lifecycle %s starts", name.c_str());
  sg4::Actor::create(name, w.platform.fabric, std::move(body));
}

}  // namespace

void start_in_idle_pool(World& w) {
  for (CpuRuntime& c : w.cpus) {
    c.host->turn_off();
    w.recorder.cpu_state(c.id, -1, CpuState::Off, 0);
  }
  w.recorder.idle_pool(0, w.idle_count);
}

void allocate(World& w, CpuRuntime& cpu, int v, int tier, const std::string& reason) {
  const bool counted = cpu.vsf < 0 && cpu.usable();
  w.grid.set_owner(cpu.id, v);
  w.roster_touched(cpu.vsf);  // an allocated CPU taken again (a bug the audit reports): its old VSF too
  w.roster_touched(v);
  cpu.vsf = v;
  cpu.tier = tier;
  // Still listed in a tier (taken again: a bug the audit reports): its new join_seq breaks that list's
  // join_seq order, which newest_member relies on, so that tier is walked from now on (as join_members does).
  if (cpu.member_of != nullptr) cpu.member_of->walk_counts = true;
  cpu.join_seq = ++w.next_join_seq;
  // It boots the role's image published last (a rolling update does not need to reboot it again).
  cpu.image =
      current_image(w,
                    tier == kLbTier ? w.scenario.vsfs[static_cast<size_t>(v)].lb.role
                                    : w.scenario.vsfs[static_cast<size_t>(v)].tiers[static_cast<size_t>(tier)].role,
                    now());
  ++cpu.epoch;
  if (cpu.lost) --w.lost_count;
  w.set_lost(cpu, false);
  cpu.leaving = false;
  VsfRuntime& rt = *w.vsfs[v];
  if (tier == kLbTier)
    rt.lb_cpu = &cpu;
  else
    w.join_members(cpu, rt.tiers[tier]);
  if (counted) w.idle_add(cpu, -1);
  w.recorder.idle_pool(now(), w.idle_count);
  w.cpu_event(now(), "cpu_allocated", cpu, {{"reason", reason}, {"idle_pool", w.idle_at(cpu.site)}});
  refresh_cut(w, cpu);  // its SAN path now leads to the VSF's array
  w.refresh_allocatable(cpu);
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
  w.recorder.reconfiguration(SwitchKind::Vlan, ports);
  w.cpu_event(now(), "vlan_join", cpu, vlan_fields(w, cpu, ports));
  ports = w.grid.zone_join(cpu.id, cpu.vsf);
  w.recorder.reconfiguration(SwitchKind::San, ports);
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

void start_demand_join(World& w, CpuRuntime& cpu, double decided_at, double hold_s) {
  World* wp = &w;
  CpuRuntime* cp = &cpu;
  in_fabric(w, "join:" + cpu.name, [wp, cp, decided_at, hold_s] {
    join_steps(*wp, *cp, decided_at);
    if (cp->state != CpuState::Serving || cp->leaving) return;
    const uint64_t epoch = cp->epoch;
    sg4::this_actor::sleep_for(hold_s);
    for (;;) {
      if (cp->epoch != epoch || cp->leaving || cp->lost) return;  // evicted, released or lost meanwhile
      if (cp->state == CpuState::Serving) break;
      sg4::this_actor::sleep_for(1);  // a reboot (rolling image update) in progress: release once it serves
    }
    wp->cpu_event(now(), "cpu_release", *cp, {{"reason", "demand_end"}});
    wp->set_state(*cp, CpuState::Draining);
    wp->recorder.scale(cp->vsf, cp->tier, -1, now());
    release_steps(*wp, *cp);
  });
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

void start_evict(World& w, CpuRuntime& cpu, const std::string& reason) {
  if (cpu.vsf < 0 || cpu.leaving) return;
  cpu.leaving = true;
  VsfRuntime& v = *w.vsfs[cpu.vsf];
  w.cpu_event(now(), "evict", cpu, {{"reason", reason}, {"crashed", cpu.crashed}, {"cut", cpu.cut}});
  if (cpu.server != nullptr) fail_server(v, w.tier_of(cpu), *cpu.server);
  if (cpu.boot_io) cpu.boot_io->cancel();
  detach(w, cpu);  // at once: its farm manager may replace it in this same instant
  update_availability(w, v);
  World* wp = &w;
  CpuRuntime* cp = &cpu;
  in_fabric(w, "evict:" + cpu.name, [wp, cp] { evict_steps(*wp, *cp); });
}

}  // namespace vsf::sim
