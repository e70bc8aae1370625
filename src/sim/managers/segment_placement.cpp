// Where the master puts farm managers and slaves (patent Fig. 12 states 1208-1210): the reassignment of
// a failed slave's farm managers, new slaves (on a host with a free core, or one powered on), the
// rebalancing of overloaded slaves and the configured slave count. The choices themselves
// (least-loaded slave, existing or new) are plain rules in src/control/placement.hpp.
#include <algorithm>
#include <simgrid/s4u.hpp>

#include "control/placement.hpp"
#include "sim/managers/segment_manager.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_placement, vsf_control, "master: reassignment, new slaves, rebalancing");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

int SegmentManager::slave_host(int avoid_host, double* boot) const {
  ControlPlane& cp = *cp_;
  // A running host reachable from here with a free core (a host runs one slave per core), the least
  // loaded first; else a powered-off one, to power on; else the least loaded running one anyway.
  const int hosts = static_cast<int>(cp.host_powered.size());
  std::vector<int> load(static_cast<size_t>(hosts), 0);
  for (int s : cp.registry.slave_ids()) ++load[static_cast<size_t>(cp.slave(s).host)];
  auto pick = [&](bool need_core) {
    int best = -1;
    for (int h = 0; h < hosts; ++h) {
      if (h == avoid_host && hosts > 1) continue;
      if (!cp.reachable(host(), h)) continue;
      if (need_core && load[static_cast<size_t>(h)] >= cp.host(h)->get_core_count()) continue;
      if (best < 0 || load[static_cast<size_t>(h)] < load[static_cast<size_t>(best)]) best = h;
    }
    return best;
  };
  *boot = 0;
  int best = pick(true);
  if (best >= 0) return best;
  for (int h = 0; h < hosts; ++h)
    if (!cp.host_crashed[static_cast<size_t>(h)] && !cp.host_powered[static_cast<size_t>(h)]) {
      *boot = cp.spec.host_boot_s;
      return h;
    }
  return pick(false);
}

// Registers a new slave on slave_host() and starts it (after host_boot_s if its host must be powered
// on, then manager_restart_s). Returns its id, -1 when there is no host or no registry.
int SegmentManager::provision_slave(const std::string& reason, int avoid_host) {
  ControlPlane& cp = *cp_;
  double boot = 0;
  const int h = slave_host(avoid_host, &boot);
  if (h < 0) return -1;
  const int id = cp.new_slave_slot(h);
  if (!reg(true)) return -1;
  cp.registry.register_slave(id, h, now());
  cp.w.recorder.cp_new_slave();
  const std::string& host_name = cp.host_name(h);
  cp.event("slave_created",
           {{"slave", cp.slave(id).name}, {"host", host_name}, {"reason", reason}, {"host_boot_s", boot}});
  ControlPlane* cpp = &cp;
  const double delay = boot + cp.spec.manager_restart_s;
  cp.slave(id).starting_until = now() + delay + cp.message_s();
  if (boot > 0) {
    cp.host_powered[static_cast<size_t>(h)] = true;
    cp.host(h)->turn_on();
    cp.hosts_changed();
    cp.event("host_power", {{"host", host_name}, {"on", true}});
  }
  sg4::Actor::create("provision:" + cp.slave(id).name, cp.host(h), [cpp, id, delay] {
    sg4::this_actor::sleep_for(delay);
    cpp->spawn_slave(id, false);
  });
  return id;
}

// A slave missed its restart deadline: its farm managers go elsewhere and it is deregistered.
void SegmentManager::reassign(int s) {
  ControlPlane& cp = *cp_;
  Process& failed = cp.slave(s);
  if (!reg(false)) {
    restart_deadline_[s] = now() + cp.spec.health_check_interval_s;  // try again later
    return;
  }
  if (!cp.registry.registered(s)) return;
  std::vector<int> candidates;
  for (int h : healthy_)
    if (h != s && cp.registry.registered(h)) candidates.push_back(h);
  int new_slave = -1;  // one new slave takes as many farm managers as it has room for
  for (int fm : cp.registry.fms_of(s))
    if (!reassign_fm(fm, failed, candidates, new_slave)) return;
  if (!reg(true)) return;
  cp.registry.deregister_slave(s);
  cp.event("slave_deregistered", {{"slave", failed.name}, {"by", self().name}});
  failed.failed_at = -1;  // its failure is now its farm managers' (recovered at their takeover)
  cp.check_registry("reassign");
  cp.refresh_managed();
}

// Moves farm manager `fm` of the failed slave to an existing slave or a new one, as the `reassign`
// policy chooses. False when the registry could not be written (the reassignment stops there).
bool SegmentManager::reassign_fm(int fm, Process& failed, const std::vector<int>& candidates, int& new_slave) {
  ControlPlane& cp = *cp_;
  const ControlPlaneSpec& spec = cp.spec;
  const int n = static_cast<int>(cp.registry.vsfs_of_fm(fm).size());
  const int target = control::least_loaded(cp.registry, candidates, n, spec.max_vsfs_per_slave);
  const double existing_s = spec.takeover_s + spec.registry_write_s;
  double boot = 0;
  slave_host(failed.host, &boot);
  const double new_s = boot + spec.manager_restart_s + spec.takeover_s + spec.registry_write_s;
  const control::Placement choice = control::choose_placement(spec.reassign, target >= 0, existing_s, new_s);
  int to = target;
  if (choice == control::Placement::NewSlave) {
    if (new_slave < 0 || cp.registry.vsf_count(new_slave) + n > spec.max_vsfs_per_slave)
      new_slave = provision_slave("reassignment of " + failed.name, failed.host);
    to = new_slave;
  }
  if (to < 0) {
    cp.event("reassign_failed", {{"fm", cp.fm(fm).name}, {"from", failed.name}});
    return true;
  }
  if (!reg(true)) return false;
  cp.registry.move_farm_manager(fm, to);
  cp.note_fm_placement(fm);
  for (int k = 0; k < n; ++k) cp.w.recorder.cp_reassignment();  // counts VSFs moved
  cp.event("reassign", {{"fm", cp.fm(fm).name},
                        {"vsf_count", n},
                        {"from", failed.name},
                        {"to", cp.slave(to).name},
                        {"policy", to_string(spec.reassign)},
                        {"choice", choice == control::Placement::Existing ? "existing" : "new"},
                        {"expected_existing_s", target >= 0 ? existing_s : -1},
                        {"expected_new_s", new_s},
                        {"load_of_target", cp.registry.vsf_count(to)}});
  send_to_slave(to, Takeover{id_, fm});
  Process& f = cp.fm(fm);
  if (f.failed_at < 0) f.failed_at = failed.failed_at >= 0 ? failed.failed_at : now();
  return true;
}

void SegmentManager::balance() {
  std::vector<int> created;  // slaves started in this pass take farm managers too
  for (int s : cp_->registry.slave_ids())
    if (healthy_.count(s)) unload(s, created);
  keep_slave_count();
  cp_->check_registry("balance");
  cp_->refresh_managed();
}

// While slave `s` runs more than max_vsfs_per_slave VSFs (and more than one farm manager), its last
// farm manager goes to the least loaded healthy slave with room, or to a new one.
void SegmentManager::unload(int s, std::vector<int>& created) {
  ControlPlane& cp = *cp_;
  while (cp.registry.vsf_count(s) > cp.spec.max_vsfs_per_slave) {
    auto fms = cp.registry.fms_of(s);
    if (fms.size() <= 1) break;
    const int fm = fms.back();
    const int n = static_cast<int>(cp.registry.vsfs_of_fm(fm).size());
    std::vector<int> candidates(healthy_.begin(), healthy_.end());
    candidates.insert(candidates.end(), created.begin(), created.end());
    candidates.erase(std::remove(candidates.begin(), candidates.end(), s), candidates.end());
    int to = control::least_loaded(cp.registry, candidates, n, cp.spec.max_vsfs_per_slave);
    if (to < 0) {
      to = provision_slave("load: " + cp.slave(s).name + " runs too many VSFs", -1);
      if (to >= 0) created.push_back(to);
    }
    if (to < 0 || !reg(true)) break;
    cp.registry.move_farm_manager(fm, to);
    cp.note_fm_placement(fm);
    cp.event("rebalance", {{"fm", cp.fm(fm).name}, {"from", cp.slave(s).name}, {"to", cp.slave(to).name}});
    send_to_slave(to, Takeover{id_, fm});
  }
}

// Below the configured slave count (a slave was deregistered): start one. Beyond it, slaves left with no
// farm manager are removed (never the master itself).
void SegmentManager::keep_slave_count() {
  ControlPlane& cp = *cp_;
  const int wanted = cp.spec.slaves > 0 ? cp.spec.slaves : static_cast<int>(cp.host_powered.size());
  auto registered = [&cp] { return static_cast<int>(cp.registry.slaves().size()); };
  if (registered() < wanted) provision_slave("below the configured slave count", -1);
  for (int s : cp.registry.slave_ids()) {
    if (registered() <= wanted) break;
    if (s == id_ || !healthy_.count(s) || !cp.registry.fms_of(s).empty()) continue;
    if (!reg(true)) break;
    cp.registry.deregister_slave(s);
    cp.event("slave_removed", {{"slave", cp.slave(s).name}});
    cp.kill(cp.slave(s), "removed by the master");
  }
}

}  // namespace vsf::sim
