// The control plane's shared runtime: process table, acting masters, measures (see
// control_plane_runtime.hpp; messages and registry costs are in control_lan.cpp). Also defines the
// vsf_control log category, parent of one category per file of src/sim/managers/.
#include "sim/managers/control_plane_runtime.hpp"

#include <algorithm>
#include <cmath>
#include <simgrid/s4u.hpp>

#include "sim/managers/farm_manager.hpp"
#include "sim/managers/segment_manager.hpp"

XBT_LOG_EXTERNAL_CATEGORY(vsf_control);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_runtime, vsf_control, "control plane: manager processes and acting masters");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

// The segment's host named `name` (control_plane.registry_host), as a local index; its first host when
// `name` is empty or names another segment's host.
int host_index(const World& w, int first, int count, const std::string& name) {
  const auto& hosts = w.grid.control_hosts();
  for (int i = 0; i < count; ++i)
    if (hosts[static_cast<size_t>(first + i)] == name) return i;
  return 0;
}

}  // namespace

ControlPlane::ControlPlane(World& world, int site_index) : w(world), site(site_index), spec(world.scenario.control) {
  quorum.majority = spec.quorum == Quorum::Majority;
  quorum.count = spec.quorum_count;
  int hosts = static_cast<int>(w.platform.control.size());
  if (w.has_sites()) {
    const SiteSpec& s = w.scenario.grid.sites[static_cast<size_t>(site)];
    host_first = s.control_hosts.first;
    hosts = s.control_hosts.count;
    prefix = s.name + "/";
  }
  host_crashed.assign(static_cast<size_t>(hosts), false);
  host_powered.assign(static_cast<size_t>(hosts), true);
  registry_host = host_index(w, host_first, hosts, spec.registry_host);
  const int n = spec.slaves > 0 ? spec.slaves : hosts;
  for (int i = 0; i < n; ++i) {
    slaves.push_back(make_process(ProcKind::Slave, i, prefix + "slave" + std::to_string(i), i % hosts));
    registry.register_slave(i, i % hosts, 0);
  }
  // Farm managers take consecutive VSFs of the segment; farm manager k starts on slave k mod n (balanced).
  const int per = std::max(1, spec.vsfs_per_farm_manager);
  const int nv = static_cast<int>(w.vsfs.size());
  mine.assign(static_cast<size_t>(nv), 0);
  std::vector<int> own;
  for (int v = 0; v < nv; ++v)
    if (!w.has_sites() || w.scenario.vsfs[static_cast<size_t>(v)].site == site) {
      mine[static_cast<size_t>(v)] = 1;
      own.push_back(v);
    }
  fm_of_vsf.assign(static_cast<size_t>(nv), -1);
  const int no = static_cast<int>(own.size());
  for (int first = 0, k = 0; first < no; first += per, ++k) {
    std::vector<int> vsfs(own.begin() + first, own.begin() + std::min(no, first + per));
    for (int v : vsfs) fm_of_vsf[static_cast<size_t>(v)] = k;
    const std::string& name = w.scenario.vsfs[static_cast<size_t>(vsfs.front())].name;
    fms.push_back(make_process(ProcKind::FarmManager, k, prefix + "fm:" + name, slave(k % n).host));
    registry.add_farm_manager(k, vsfs, k % n);
  }
  unmanaged_.assign(static_cast<size_t>(nv), false);
  rollouts.resize(static_cast<size_t>(nv));
  api = api_progress(w.scenario);
}

void ControlPlane::event(const std::string& type, nlohmann::json fields) const {
  if (!w.recorder.keeps_events()) return;
  if (w.has_sites()) fields["site"] = w.scenario.grid.sites[static_cast<size_t>(site)].name;
  w.recorder.event(now(), type, std::move(fields));
}

Process ControlPlane::make_process(ProcKind kind, int id, std::string name, int host) {
  Process p;
  p.kind = kind;
  p.id = id;
  p.name = std::move(name);
  p.host = host;
  p.wake = sg4::Semaphore::create(0);
  return p;
}

void ControlPlane::spawn_slave(int id, bool restarted) {
  Process& p = slave(id);
  if (!host_up(p.host) || p.alive) return;
  p.alive = true;
  p.stalled = false;
  p.inbox.clear();
  ++p.incarnation;
  XBT_VERB("%s: incarnation %d starts on host %d%s", p.name.c_str(), p.incarnation, p.host,
           restarted ? " (restarted)" : "");
  ControlPlane* self = this;
  p.actor = sg4::Actor::create(p.name, host(p.host), SegmentManager(*this, id, restarted));
  const int inc = p.incarnation;
  p.actor->on_exit([self, id, inc](bool) {
    Process& q = self->slave(id);
    if (q.incarnation == inc && q.alive && now() < self->w.end_s) self->process_died(q, "exited");
  });
  refresh_managed_on(id);
}

void ControlPlane::spawn_fm(int id) {
  Process& p = fm(id);
  p.host = slave(registry.slave_of_fm(id)).host;
  note_fm_placement(id);
  if (!host_up(p.host) || p.alive) return;
  p.alive = true;
  p.stalled = false;
  p.beat_origin = p.last_beat = now();
  p.inbox.clear();
  ++p.incarnation;
  XBT_VERB("%s: incarnation %d starts on host %d", p.name.c_str(), p.incarnation, p.host);
  ControlPlane* self = this;
  p.actor = sg4::Actor::create(p.name, host(p.host), FarmManager(*this, id));
  const int inc = p.incarnation;
  p.actor->on_exit([self, id, inc](bool) {
    Process& q = self->fm(id);
    if (q.incarnation == inc && q.alive && now() < self->w.end_s) self->process_died(q, "exited");
  });
  refresh_managed_of_fm(id);
}

double ControlPlane::last_beat(const Process& f) const {
  if (!working(f)) return f.last_beat;
  const double p = spec.ping_interval_s;
  return f.beat_origin + std::floor((now() - f.beat_origin) / p) * p;
}

void ControlPlane::stall(Process& p) {
  if (p.kind == ProcKind::FarmManager) p.last_beat = last_beat(p);
  p.stalled = true;
  p.actor->suspend();
}

void ControlPlane::resume(Process& p) {
  p.stalled = false;
  p.beat_origin = p.last_beat = now();
  p.actor->resume();
}

void ControlPlane::note_fm_placement(int id) {
  const Process& p = fm(id);
  for (auto& [h, ids] : strays) ids.erase(id);
  if (slave(registry.slave_of_fm(id)).host != p.host) strays[p.host].insert(id);
}

std::vector<int> ControlPlane::fms_near(int slave_id, int host) const {
  std::vector<int> ids = registry.fms_of(slave_id);  // ascending
  if (auto it = strays.find(host); it != strays.end() && !it->second.empty()) {
    ids.insert(ids.end(), it->second.begin(), it->second.end());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
  return ids;
}

void ControlPlane::process_died(Process& p, const std::string& reason) {
  XBT_VERB("%s: incarnation %d ends: %s", p.name.c_str(), p.incarnation, reason.c_str());
  p.alive = false;
  p.stalled = false;
  p.actor = nullptr;
  if (p.kind == ProcKind::Slave && masters.acting(p.id)) master_down(p.id, reason);
  event("manager_down", {{"manager", p.name}, {"reason", reason}, {"incarnation", p.incarnation}});
  refresh_managed();
}

void ControlPlane::kill(Process& p, const std::string& reason) {
  if (!p.alive) return;
  sg4::ActorPtr a = p.actor;
  process_died(p, reason);
  if (a) a->kill();
}

int ControlPlane::new_slave_slot(int h) {
  const int id = static_cast<int>(slaves.size());
  slaves.push_back(make_process(ProcKind::Slave, id, prefix + "slave" + std::to_string(id), h));
  return id;
}

void ControlPlane::master_up(int slave, int epoch) {
  for (int s : masters.lapsed(now(), slave)) master_down(s, "lease expired");
  for (int k = masters.rivals(epoch, slave); k > 0; --k) w.recorder.cp_invariant_violation("two masters in one epoch");
  masters.take_office(slave, epoch, now() + spec.lease_s);
  XBT_VERB("%s acts as master of epoch %d (%d acting)", this->slave(slave).name.c_str(), epoch, masters.count());
  w.recorder.cp_masters(now(), masters.count());
}

void ControlPlane::master_down(int slave, const std::string& reason) {
  const auto epoch = masters.epoch_of(slave);
  if (!epoch) return;
  event("master_lost", {{"slave", this->slave(slave).name}, {"epoch", *epoch}, {"reason", reason}});
  masters.leave_office(slave);
  w.recorder.cp_masters(now(), masters.count());
}

// Whether a VSF is managed depends on its farm manager and that one's slave only: each farm manager is
// judged once per pass, and a VSF's runtime is read only where its flag changes. Reading every VSF's
// runtime at each health check was a cache miss per VSF, 32x the time for 10x the VSFs.
void ControlPlane::refresh_managed() {
  std::vector<signed char> judged(fms.size(), -1);  // by farm manager: -1 not yet, else managed
  for (size_t v = 0; v < w.vsfs.size(); ++v) {
    if (!manages(static_cast<int>(v))) continue;
    signed char& m = judged[static_cast<size_t>(fm_of_vsf[v])];
    if (m < 0) m = fm_managed(fm(fm_of_vsf[v])) ? 1 : 0;
    if (unmanaged_[v] != (m == 0)) refresh_managed(static_cast<int>(v));  // else unchanged, as it would find
  }
}

bool ControlPlane::fm_managed(const Process& f) {
  const int s = registry.slave_of_fm(f.id);
  if (s < 0) return false;  // left the registry (its VSFs decommissioned): it has no slave to look at
  const Process& sp = slave(s);
  return working(f) && registry.registered(s) && working(sp) && f.host == sp.host;
}

void ControlPlane::refresh_managed_of_fm(int fm) {
  for (int v : registry.vsfs_of_fm(fm)) refresh_managed(v);
}

void ControlPlane::refresh_managed_on(int slave_id) {
  // Farm managers in increasing ids hold increasing VSFs (the constructor's split): the full pass's order.
  for (int f : registry.fms_of(slave_id)) refresh_managed_of_fm(f);
}

void ControlPlane::refresh_managed(int v) {
  if (!manages(v) || !w.vsfs[v]->exists) return;  // another segment's VSF is that segment's to judge
  const Process& f = fm(fm_of_vsf[v]);
  const Process& sp = slave(registry.slave_of_fm(f.id));
  const bool managed = fm_managed(f);
  if (unmanaged_[v] == !managed) return;
  unmanaged_[v] = !managed;
  w.recorder.cp_unmanaged(v, !managed, now());
  event("unmanaged", {{"vsf", w.vsf_name(v)},
                      {"unmanaged", !managed},
                      {"farm_manager", f.alive ? (f.stalled ? "stalled" : "up") : "down"},
                      {"slave", sp.name}});
}

void ControlPlane::check_registry(const std::string& after) {
  for (const std::string& what : registry.check(static_cast<int>(w.vsfs.size()), mine)) {
    w.recorder.cp_invariant_violation("registry");
    event("invariant_violation", {{"after", after}, {"what", what}});
  }
}

// No CPU in two VSFs. A CPU listed by two VSFs has another owner (CpuRuntime::vsf) than one of them, so
// the audit is, per VSF: each CPU it lists is owned by it and listed once. That holds or fails for a VSF
// only when its lists or its CPUs' owners change, which World::roster_touched records: the audit reads
// those VSFs (a VSF found wrong stays listed, so it is reported at every audit, as a full audit would),
// and every VSF with --check-isolation full. The whole grid after each grant and health check made the
// audit O(grid x masters' rounds), the top of the 100,000-CPU day's profile.
void ControlPlane::check_cpus(const std::string& after) {
  if (seen_stamp_.size() != w.cpus.size()) seen_stamp_.assign(w.cpus.size(), 0);
  ++stamp_;
  auto audit = [&](const VsfRuntime& v) {
    bool wrong = false;
    auto mark = [&](const CpuRuntime* c) {
      if (c == nullptr) return;
      uint64_t& seen = seen_stamp_[static_cast<size_t>(c->id)];
      if (seen == stamp_ || c->vsf != v.index) {
        wrong = true;
        w.recorder.cp_invariant_violation("cpu in two VSFs");
        event("invariant_violation", {{"after", after}, {"what", "cpu " + c->name + " in two VSFs"}});
      }
      seen = stamp_;
    };
    mark(v.lb_cpu);
    for (const auto& t : v.tiers)
      for (const CpuRuntime* c : t.members) mark(c);
    return wrong;
  };
  if (w.isolation_check == grid::IsolationCheck::Full) {
    for (const auto& v : w.vsfs)
      if (manages(v->index)) audit(*v);
    return;
  }
  std::vector<int> changed = std::move(w.roster_changed);
  w.roster_changed.clear();
  std::sort(changed.begin(), changed.end());  // the full audit's order: the same events
  for (int v : changed) {
    if (!manages(v) || audit(*w.vsfs[static_cast<size_t>(v)]))  // another segment's: left for its audit
      w.roster_changed.push_back(v);
    else
      w.roster_dirty[static_cast<size_t>(v)] = 0;
  }
}

// The figure is the grid's: every segment's hosts that are on.
void ControlPlane::hosts_changed() {
  int on = 0;
  auto count = [&on](const ControlPlane& cp) {
    for (size_t h = 0; h < cp.host_powered.size(); ++h)
      if (cp.host_up(static_cast<int>(h))) ++on;
  };
  if (w.control_planes.empty()) count(*this);
  for (const ControlPlane* cp : w.control_planes) count(*cp);
  w.recorder.cp_hosts_on(now(), on);
}

void ControlPlane::detected(Process& p) {
  if (p.failed_at < 0 || p.detection_recorded) return;
  p.detection_recorded = true;
  w.recorder.cp_detection(now() - p.failed_at);
}

void ControlPlane::recovered(Process& p) {
  if (p.failed_at < 0) return;
  w.recorder.cp_recovery(now() - p.failed_at);
  p.failed_at = -1;
  p.detection_recorded = false;
}

void start_managers(ControlPlane& cp) {
  std::vector<bool> used(cp.host_powered.size(), false);
  used[static_cast<size_t>(cp.registry_host)] = true;
  for (const Process& s : cp.slaves) used[static_cast<size_t>(s.host)] = true;
  for (size_t h = 0; h < used.size(); ++h)
    if (!used[h] && cp.spec.power_off_idle_hosts) {
      cp.host_powered[h] = false;
      cp.host(static_cast<int>(h))->turn_off();
    }
  cp.hosts_changed();
  for (const Process& s : cp.slaves) cp.spawn_slave(s.id, false);
  for (const Process& f : cp.fms) cp.spawn_fm(f.id);
}

}  // namespace vsf::sim
