// Data-plane faults: component state, cuts, storage failover, lost CPUs and availability (see
// fault_dataplane.hpp).
#include "sim/faults/fault_dataplane.hpp"

#include <fmt/format.h>
#include <xbt/log.h>

#include <simgrid/s4u.hpp>

#include "sim/dataplane/dispatch.hpp"
#include "sim/dataplane/flow_dataplane.hpp"
#include "sim/managers/orders.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_fault_dataplane, vsf_faults,
                                "vsfsim data-plane faults: transitions, cuts, failover");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

using faults::FaultKind;

// A link is off while at least one fault holds it (a CPU's NIC link is held by its crash and by either
// of its VLAN ports, a trunk by the switches at both ends).
void hold(World& w, sg4::Link* link, int delta) {
  int& n = w.fabric.link_holds[link];
  const bool was_off = n > 0;
  n += delta;
  if (n > 0 && !was_off) link->turn_off();
  if (n <= 0 && was_off) link->turn_on();
  if (n < 0) n = 0;
}

void hold(World& w, sg4::SplitDuplexLink* link, int delta) {
  hold(w, link->get_link_up(), delta);
  hold(w, link->get_link_down(), delta);
}

void hold(World& w, const PortLink& port, int delta) {  // a port without a link (a CPU's NIC in a flow grid): none
  if (port.up != nullptr) hold(w, port.up, delta);
  if (port.down != nullptr) hold(w, port.down, delta);
}

// The failed components between `cpu` and what it needs (see fault_dataplane.hpp), by name.
std::vector<std::string> cutting(const World& w, const CpuRuntime& cpu) {
  std::vector<std::string> by;
  const FabricFaults& f = w.fabric;
  const grid::CpuInfo& info = w.grid.cpu(cpu.id);
  // With sites: the uplink its requests come through is its VSF's home site's (an idle CPU: its own site's).
  const int home = cpu.vsf >= 0 ? w.vsfs[cpu.vsf]->spec->site : cpu.site;
  for (int s : w.grid.switch_path(false, info.vlan_switch, w.grid.uplink_vlan_switch(home)))
    if (f.vlan_switch_down[s]) by.push_back(fmt::format("vsw{}", s));
  if (f.nic_down[cpu.id][0]) by.push_back(cpu.name + "/front");
  if (f.nic_down[cpu.id][1]) by.push_back(cpu.name + "/back");
  if (f.hba_down[cpu.id]) by.push_back(cpu.name + "/hba");
  int target = info.san_switch;
  if (cpu.vsf >= 0) target = w.grid.storage()[w.vsfs[cpu.vsf]->storage].san_switch;
  if (cpu.vsf >= 0 && cpu.data_array >= 0) target = w.grid.storage()[cpu.data_array].san_switch;  // lent: its copy
  for (int s : w.grid.switch_path(true, info.san_switch, target))
    if (f.san_switch_down[s]) by.push_back(fmt::format("ssw{}", s));
  return by;
}

bool has_server(const TierRuntime& t) {
  for (const Server* s : t.active)
    if (s->cpu->usable() && !s->cpu->lost) return true;
  return false;
}

bool vsf_has_lost_cpu(const VsfRuntime& v) {
  if (v.lb_cpu != nullptr && v.lb_cpu->lost) return true;
  for (const TierRuntime& t : v.tiers)
    for (const CpuRuntime* c : t.members)
      if (c->lost) return true;
  return false;
}

void apply_cpu(World& w, CpuRuntime& cpu, bool fail) {
  if (cpu.crashed == fail) return;
  cpu.crashed = fail;
  w.refresh_allocatable(cpu);
  hold(w, w.platform.lan_port[cpu.id], fail ? 1 : -1);
  hold(w, w.platform.san_port[cpu.id], fail ? 1 : -1);
  if (!fail) return;  // a healed CPU stays off: the idle pool is powered down, a lost one awaits eviction
  cpu.host->turn_off();
  cpu.powered = false;
  if (cpu.vsf >= 0) {
    mark_lost(w, cpu, "crash");
    w.set_state(cpu, CpuState::Off);
  }
}

void apply_switch(World& w, bool vlan, int k, bool fail) {
  std::vector<bool>& down = vlan ? w.fabric.vlan_switch_down : w.fabric.san_switch_down;
  if (k < 0 || k >= static_cast<int>(down.size()) || down[k] == fail) return;
  down[k] = fail;
  const int delta = fail ? 1 : -1;
  // Every route through the switch crosses one of its port links or a trunk at it (non-blocking switches
  // have no backplane link to turn off: platform.cpp), so this cuts exactly the switch's traffic.
  for (const PortLink& port : (vlan ? w.platform.vlan_ports : w.platform.san_ports)[k]) hold(w, port, delta);
  for (sg4::SplitDuplexLink* trunk : (vlan ? w.platform.vlan_trunks : w.platform.san_trunks)[k]) hold(w, trunk, delta);
}

void apply_vlan_port(World& w, int index, bool fail) {
  const int ncpu = static_cast<int>(w.cpus.size());
  if (index >= 2 * ncpu) {  // "uplink" ("uplink:<site>": the sites' uplinks follow the CPUs' ports, in site order)
    const size_t site = static_cast<size_t>(index - 2 * ncpu);
    if (site >= w.fabric.uplink_port_down.size() || w.fabric.uplink_port_down[site] == fail) return;
    w.fabric.uplink_port_down[site] = fail;
    hold(w, w.platform.uplink_of_site[site], fail ? 1 : -1);
    return;
  }
  if (index < 0) return;
  bool& down = w.fabric.nic_down[index / 2][index % 2];
  if (down == fail) return;
  down = fail;
  hold(w, w.platform.lan_port[index / 2], fail ? 1 : -1);  // both NICs share one modelled link
}

// The array's link: off with every port down (or the array failed), else `ports up` x port bandwidth.
void update_array_link(World& w, int a) {
  const FabricFaults& f = w.fabric;
  int up = 0;
  for (bool d : f.array_port_down[a]) up += d ? 0 : 1;
  const bool off = f.array_failed[a] || up == 0;
  // The array's own hold, beside its SAN switch's (a switch fault holds every port link at it).
  sg4::SplitDuplexLink* link = w.platform.array_link[a];
  if (off != w.fabric.array_link_held[a]) {
    w.fabric.array_link_held[a] = off;
    hold(w, link, off ? 1 : -1);
  }
  if (up > 0) {
    const double bw = w.scenario.grid.san_switches.spec.port_bandwidth_Bps * up;
    link->get_link_up()->set_bandwidth(bw);
    link->get_link_down()->set_bandwidth(bw);
  }
}

void apply_san_port(World& w, int index, bool fail) {
  const int ncpu = static_cast<int>(w.cpus.size());
  if (index < 0) return;
  if (index < ncpu) {
    if (w.fabric.hba_down[index] == fail) return;
    w.fabric.hba_down[index] = fail;
    hold(w, w.platform.san_port[index], fail ? 1 : -1);
    return;
  }
  int k = index - ncpu - static_cast<int>(w.grid.control_hosts().size());  // control-plane HBAs: not ours
  if (k < 0) return;
  for (size_t a = 0; a < w.fabric.array_port_down.size(); ++a) {
    auto& ports = w.fabric.array_port_down[a];
    if (k < static_cast<int>(ports.size())) {
      if (ports[k] == fail) return;
      ports[k] = fail;
      update_array_link(w, static_cast<int>(a));
      return;
    }
    k -= static_cast<int>(ports.size());
  }
}

void apply_storage(World& w, int a, bool fail) {
  if (a < 0 || a >= static_cast<int>(w.fabric.array_failed.size()) || w.fabric.array_failed[a] == fail) return;
  w.fabric.array_failed[a] = fail;
  update_array_link(w, a);
}

// Boot reads from an array that is no longer healthy end now (their CPU reads again from the replica).
void cancel_boot_reads(World& w) {
  for (CpuRuntime& c : w.cpus)
    if (c.boot_io && c.boot_array >= 0 && !array_healthy(w, c.boot_array)) c.boot_io->cancel();
}

}  // namespace

bool array_healthy(const World& w, int a) {
  const FabricFaults& f = w.fabric;
  if (a < 0 || a >= static_cast<int>(f.array_failed.size()) || f.array_failed[a]) return false;
  if (f.san_switch_down[w.grid.storage()[a].san_switch]) return false;
  for (bool d : f.array_port_down[a])
    if (!d) return true;
  return false;
}

void check_storage(World& w, VsfRuntime& v) {
  if (!v.exists) return;
  if (array_healthy(w, v.storage)) {
    if (v.storage_down) {
      v.storage_down = false;
      w.recorder.event(now(), "storage_restored", {{"vsf", v.spec->name}, {"array", w.grid.storage()[v.storage].name}});
    }
    return;
  }
  const int n = static_cast<int>(w.grid.storage().size());
  const std::string reason = w.fabric.array_failed[v.storage] ? "array_failed" : "array_unreachable";
  for (int i = 1; i < n; ++i) {
    const int a = (v.storage + i) % n;
    if (!array_healthy(w, a)) continue;
    XBT_VERB("VSF %s fails over from %s to %s", v.spec->name.c_str(), w.grid.storage()[v.storage].name.c_str(),
             w.grid.storage()[a].name.c_str());
    w.recorder.event(now(), "storage_failover",
                     {{"vsf", v.spec->name},
                      {"from", w.grid.storage()[v.storage].name},
                      {"to", w.grid.storage()[a].name},
                      {"reason", reason}});
    v.storage = a;
    v.storage_down = false;
    return;
  }
  if (!v.storage_down) {
    v.storage_down = true;
    w.recorder.event(now(), "storage_unavailable",
                     {{"vsf", v.spec->name}, {"array", w.grid.storage()[v.storage].name}, {"reason", reason}});
  }
}

void mark_lost(World& w, CpuRuntime& cpu, const std::string& reason) {
  if (cpu.vsf < 0 || cpu.lost) return;
  w.set_lost(cpu, true);
  ++w.lost_count;
  if (cpu.server != nullptr) fail_server(*w.vsfs[cpu.vsf], w.tier_of(cpu), *cpu.server);
  if (cpu.boot_io) cpu.boot_io->cancel();
  w.cpu_event(now(), "cpu_lost", cpu, {{"reason", reason}, {"state", to_string(cpu.state)}});
}

void refresh_cut(World& w, CpuRuntime& cpu) {
  std::vector<std::string> by = cutting(w, cpu);
  const int before = cpu.cut;
  cpu.cut = static_cast<int>(by.size());
  w.refresh_allocatable(cpu);
  if (before == 0 && cpu.cut > 0) {
    XBT_VERB("%s cut off by %zu failed components", cpu.name.c_str(), by.size());
    w.cpu_event(now(), "cpu_cut", cpu, {{"cut_by", by}});
    mark_lost(w, cpu, "cut");
  } else if (before > 0 && cpu.cut == 0) {
    w.cpu_event(now(), "cpu_restored", cpu);
  }
}

void update_availability(World& w, VsfRuntime& v) {
  if (!v.exists) return;
  check_storage(w, v);
  bool ok = !w.uplink_down_for(v) && !(v.san_io && v.storage_down);
  if (ok && v.lb_role != nullptr) ok = has_server(v.lb_tier);
  for (const TierRuntime& t : v.tiers)
    if (ok) ok = has_server(t);
  const bool was_outage = v.fault_outage;
  bool outage = was_outage;
  if (ok)
    outage = false;
  else if (w.uplink_down_for(v) || (v.san_io && v.storage_down) || vsf_has_lost_cpu(v))
    outage = true;  // stays so through eviction and replacement, until the VSF serves again
  if (outage != was_outage) {
    FlowChange change(v.flow.get());  // a flow VSF's drops are lost to the fault, or no longer
    v.fault_outage = outage;
  }
  if (v.available == (ok ? 1 : 0)) return;
  v.available = ok ? 1 : 0;
  w.recorder.vsf_available(v.index, ok, now());
  if (ok) note_order_serving(w, v);
  if (v.fault_outage || was_outage)
    w.recorder.event(now(), "vsf_availability",
                     {{"vsf", v.spec->name}, {"available", ok}, {"fault_outage", v.fault_outage}});
}

std::vector<CpuRuntime*> lost_cpus(World& w, VsfRuntime& v) {
  std::vector<CpuRuntime*> out;
  if (w.lost_count == 0) return out;
  if (v.lb_cpu != nullptr && v.lb_cpu->lost && !v.lb_cpu->leaving) out.push_back(v.lb_cpu);
  for (TierRuntime& t : v.tiers)
    for (CpuRuntime* c : t.members)
      if (c->lost && !c->leaving) out.push_back(c);
  return out;
}

void apply_dataplane_fault(World& w, const faults::FaultEvent& e) {
  const bool fail = e.transition == faults::Transition::Fail;
  sync_all_flows(w);  // flow VSFs: accounted under the fabric as it was
  std::vector<bool> allocatable(w.cpus.size());
  for (const CpuRuntime& c : w.cpus) allocatable[c.id] = c.vsf < 0 && c.usable();

  switch (e.kind) {
    case FaultKind::Cpu:
      if (e.target >= 0 && e.target < static_cast<int>(w.cpus.size())) apply_cpu(w, w.cpus[e.target], fail);
      break;
    case FaultKind::VlanSwitch:
      apply_switch(w, true, e.target, fail);
      break;
    case FaultKind::SanSwitch:
      apply_switch(w, false, e.target, fail);
      break;
    case FaultKind::VlanPort:
      apply_vlan_port(w, e.target, fail);
      break;
    case FaultKind::SanPort:
      apply_san_port(w, e.target, fail);
      break;
    case FaultKind::Storage:
      apply_storage(w, e.target, fail);
      break;
    default:
      return;
  }
  XBT_VERB("%s of %s #%d", fail ? "fail" : "heal", faults::kind_name(e.kind), e.target);
  for (size_t s = 0; s < w.uplink_down.size(); ++s)
    w.uplink_down[s] =
        w.fabric.uplink_port_down[s] || w.fabric.vlan_switch_down[w.grid.uplink_vlan_switch(static_cast<int>(s))];

  // Storage first (a failover changes the SAN path of the VSF's CPUs), then cuts, then what VSFs can do.
  for (auto& v : w.vsfs) check_storage(w, *v);
  cancel_boot_reads(w);
  for (CpuRuntime& c : w.cpus) refresh_cut(w, c);
  const int pool = w.idle_count;
  for (const CpuRuntime& c : w.cpus) {
    const bool now_ok = c.vsf < 0 && c.usable();
    if (c.vsf < 0 && now_ok != allocatable[c.id]) w.idle_add(c, now_ok ? 1 : -1);
  }
  if (pool != w.idle_count) w.recorder.idle_pool(now(), w.idle_count);
  for (auto& v : w.vsfs) update_availability(w, *v);
  solve_all_flows(w);  // and solved again under the fabric as it is
}

}  // namespace vsf::sim
