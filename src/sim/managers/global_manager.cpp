// The global grid manager: its collection actor, loans, their return and loss, and its faults (see
// global_manager.hpp).
#include "sim/managers/global_manager.hpp"

#include <simgrid/plugins/energy.h>
#include <xbt/log.h>

#include <algorithm>
#include <cmath>
#include <simgrid/s4u.hpp>

#include "metrics/lending_stats.hpp"
#include "sim/dataplane/flow_dataplane.hpp"
#include "sim/faults/fault_dataplane.hpp"
#include "sim/lifecycle/cpu_lifecycle.hpp"
#include "sim/managers/control_plane_runtime.hpp"
#include "sim/managers/ggm_reach.hpp"
#include "sim/managers/messages.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_global_manager, vsf_control, "global grid manager: reports and cross-site loans");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

GlobalManager* ggm_of(World& w) { return w.global_manager.get(); }

const std::string& site_name(const World& w, int k) { return w.scenario.grid.sites[static_cast<size_t>(k)].name; }

// The data one CPU of the asking tier moves over the WAN in an hour of full load (by_cost's price).
double tier_gb_per_cpu_hour(const World& w, const VsfRuntime& v, int tier) {
  const RoleBlueprint* role = tier == kLbTier ? v.lb_role : v.tiers[static_cast<size_t>(tier)].role;
  if (role == nullptr) return 0;
  const auto& hw = w.scenario.models.hardware;
  const HardwareProfile* p = hw.empty() ? nullptr : &hw.begin()->second;
  for (const CpuRuntime& c : w.cpus)  // the grid's first CPU's profile stands for the lender's
    if (c.hw != nullptr) {
      p = c.hw;
      break;
    }
  if (p == nullptr) return 0;
  return control::data_gb_per_cpu_hour(role->request_bytes, role->response_bytes, role->work_flops, p->speed_flops,
                                       p->cores);
}

// Lowest-id allocatable CPUs of a site, up to n.
std::vector<CpuRuntime*> take_idle(World& w, int site, int n) {
  std::vector<CpuRuntime*> out;
  const IndexRange r = w.scenario.grid.sites[static_cast<size_t>(site)].cpus;
  const size_t end = static_cast<size_t>(r.first + r.count);
  for (size_t id = w.allocatable.next(static_cast<size_t>(r.first)); id < end && static_cast<int>(out.size()) < n;
       id = w.allocatable.next(id + 1))
    out.push_back(&w.cpus[id]);
  return out;
}

// The array a CPU lent from `site` to VSF v boots and reads from.
int lent_array(const World& w, const VsfRuntime& v, int site) {
  if (w.scenario.global_manager.lent_boot == LentBoot::BridgedSan) return v.storage;
  const IndexRange a = w.scenario.grid.sites[static_cast<size_t>(site)].arrays;
  return a.count > 0 ? a.first : v.storage;
}

// A site's figures so far: the bills of the VSFs homed there (0 without billing), and the energy of its
// CPUs' hosts plus the busy energy of its flow VSFs (the flow model accounts that per VSF, not per host: a
// flow VSF's lent CPUs' busy energy counts at its home site).
std::pair<double, double> site_revenue_energy(const World& w, int site, double t) {
  double revenue = 0, joules = 0;
  for (const auto& v : w.vsfs) {
    if (v->spec->site != site) continue;
    revenue += w.recorder.revenue_at(v->index, t);
    if (v->flow) joules += busy_joules_at(*v->flow, t);  // up to t, as the hosts' energy is
  }
  const IndexRange r = w.scenario.grid.sites[static_cast<size_t>(site)].cpus;
  for (int id = r.first; id < r.first + r.count; ++id)
    joules += sg_host_get_consumed_energy(w.cpus[static_cast<size_t>(id)].host);
  return {revenue, joules};
}

void refuse(World& w, const ScaleRequest& ask, const std::string& reason, int cpus) {
  if (LendingStats* s = w.recorder.lending()) s->refused(reason, cpus);
  w.recorder.event(
      now(), "loan_refused",
      {{"vsf", w.vsf_name(ask.vsf)}, {"tier", w.tier_name(ask.vsf, ask.tier)}, {"refused", cpus}, {"reason", reason}});
}

// The grant of lent CPUs reaches the borrower's farm manager through its segment after the round trip.
void send_lent_grant(ControlPlane& cp, ScaleGrant g, int master_host, double delay) {
  ControlPlane* cpp = &cp;
  sg4::Actor::create("loan-grant", cp.w.platform.fabric, [cpp, g, master_host, delay]() mutable {
    sg4::this_actor::sleep_for(delay);
    GlobalManager* m = ggm_of(cpp->w);
    if (m == nullptr || m->down) return;  // lost with the GGM: the farm manager's tick joins the CPUs anyway
    // A CPU a WAN failure took while its grant was on its way (loan_lost then, as a joined one) never
    // joins: it is no longer pending, so the farm manager evicts it back to its pool and may ask again.
    std::vector<int> live;
    for (int id : g.cpus) {
      const CpuRuntime& cpu = cpp->w.cpus[static_cast<size_t>(id)];
      if (cpu.vsf == g.vsf && !cpu.lost) {
        live.push_back(id);
      } else {
        cpp->join_pending.erase(id);
        cpp->demand_pending.erase(id);
      }
    }
    g.cpus = std::move(live);
    if (!g.cpus.empty()) cpp->send(master_host, cpp->fm(g.fm), std::move(g));
  });
}

// Makes the loans of `plan` for `ask`; returns the CPUs lent. A lender gives what its pool holds now, which
// may be less than the GGM's view of it (`stale`: the CPUs the plan counted on and did not find).
int lend(GlobalManager& m, ControlPlane& cp, const ScaleRequest& ask, const control::LoanPlan& plan, int home,
         int master_host, double round_trip, int& stale) {
  World& w = m.w;
  VsfRuntime& v = *w.vsfs[static_cast<size_t>(ask.vsf)];
  ScaleGrant g{-1, ask.fm, ask.vsf, ask.tier, ask.asked_at, ask.reason, {}};
  stale = 0;
  for (const auto& [site, n] : plan.loans) {
    int& known = m.known_idle[static_cast<size_t>(site)];
    known = std::max(0, known - n);  // asked of it: the view holds that until the next report
    const std::vector<CpuRuntime*> got = take_idle(w, site, n);
    stale += n - static_cast<int>(got.size());
    for (CpuRuntime* c : got) {
      CpuRuntime& cpu = *c;
      cpu.data_array = lent_array(w, v, site);
      // The VSF's volume mirrored at the lender (idempotent): the isolation check knows the copy as its own.
      if (w.scenario.global_manager.lent_boot == LentBoot::Mirror) w.grid.add_mirror(ask.vsf, cpu.data_array);
      allocate(w, cpu, ask.vsf, ask.tier, "loan");
      cp.join_pending.insert(cpu.id);
      if (ask.reason == ScaleReason::Demand)
        cp.demand_pending.insert(cpu.id);
      else
        cp.demand_pending.erase(cpu.id);
      m.loans[cpu.id] = {ask.vsf, site, home, now()};
      if (LendingStats* s = w.recorder.lending()) s->lent(cpu.id, site, home, now());
      w.cpu_event(now(), "cpu_lent", cpu,
                  {{"from_site", site_name(w, site)},
                   {"to_site", site_name(w, home)},
                   {"array", w.grid.storage()[static_cast<size_t>(cpu.data_array)].name}});
      g.cpus.push_back(cpu.id);
    }
  }
  if (!g.cpus.empty()) {
    if (LendingStats* s = w.recorder.lending()) s->loan();
    send_lent_grant(cp, g, master_host, round_trip);
  }
  return static_cast<int>(g.cpus.size());
}

}  // namespace

GlobalManager::GlobalManager(World& world)
    : w(world),
      spec(world.scenario.global_manager),
      wan_down(world.scenario.grid.wan.size(), false),
      denials(world.scenario.grid.sites.size(), 0),
      reports(world.scenario.grid.sites.size()) {
  // Before its first collection the GGM knows the pools it was set up with (every CPU idle at the start).
  for (int k = 0; k < sites(); ++k) known_idle.push_back(w.idle_at(k));
}

// Routes over the WAN are static, as the fabric's (and SimGrid's) are: a failed link on the route cuts it,
// there is no detour over other links.
control::WanPath GlobalManager::path(int from, int to) const {
  std::vector<control::WanEdge> edges;
  for (const WanLink& l : w.scenario.grid.wan) edges.push_back({l.a, l.b, true, l.latency_s, l.cost_per_gb});
  control::WanPath p = control::wan_path(sites(), edges, from, to);
  for (int i : p.links)
    if (wan_down[static_cast<size_t>(i)]) p.reachable = false;
  return p;
}

void GlobalManager::collect() {
  for (int k = 0; k < sites(); ++k) {
    const IndexRange r = w.scenario.grid.sites[static_cast<size_t>(k)].cpus;
    int held = 0, unusable = 0, lent_out = 0;
    for (int id = r.first; id < r.first + r.count; ++id) {
      const CpuRuntime& c = w.cpus[static_cast<size_t>(id)];
      held += c.vsf >= 0 ? 1 : 0;
      unusable += c.usable() ? 0 : 1;
      lent_out += loans.count(id) ? 1 : 0;
    }
    // A segment cut off by the WAN, or by a partition of the control network, is not heard.
    const bool heard = path(k, spec.site).reachable && ggm_reaches(w, k);
    nlohmann::json report = {{"site", site_name(w, k)},
                             {"reachable", heard},
                             {"idle", w.idle_at(k)},
                             {"held", held},
                             {"lent_out", lent_out},
                             {"cpus_down", unusable},
                             {"denied_cpus", denials[static_cast<size_t>(k)]}};
    const auto [revenue, joules] = site_revenue_energy(w, k, now());
    report["revenue"] = revenue;
    report["energy_j"] = joules;
    if (heard) {
      known_idle[static_cast<size_t>(k)] = w.idle_at(k);
      reports[static_cast<size_t>(k)] = report;
    }
    w.recorder.event(now(), "global_report", std::move(report));
  }
}

void GlobalManager::sample_sites() const {
  LendingStats* s = w.recorder.lending();
  if (s == nullptr) return;
  for (int k = 0; k < sites(); ++k) s->idle_sample(k, w.idle_at(k), now());
}

void GlobalManager::spawn() {
  GlobalManager* self = this;
  const double interval = std::max(1e-3, spec.interval_s);
  sg4::Actor::create("global-manager", w.platform.global_manager, [self, interval] {
    // Collections fall on multiples of the interval, also after a restart.
    for (double t = std::ceil(now() / interval + 1e-9) * interval;; t += interval) {
      if (t >= self->w.end_s) return;
      sg4::this_actor::sleep_until(t);
      self->collect();
    }
  });
}

void start_global_manager(World& w) {
  if (w.scenario.grid.sites.empty() || !w.scenario.global_manager.present || w.platform.global_manager == nullptr)
    return;
  w.global_manager = std::make_shared<GlobalManager>(w);
  GlobalManager* m = w.global_manager.get();
  m->spawn();
  const double interval = std::max(1e-3, m->spec.interval_s);
  // The sites' pools are sampled from the fabric host: the summary's figures do not stop with the GGM.
  sg4::Actor::create("sites-sampler", w.platform.fabric, [m, interval] {
    for (double t = 0;; t += interval) {
      if (t >= m->w.end_s) return;
      sg4::this_actor::sleep_until(t);
      m->sample_sites();
    }
  });
}

void report_global_manager(World& w) {
  LendingStats* s = w.recorder.lending();
  if (w.global_manager == nullptr || s == nullptr) return;
  s->global_manager_energy(sg_host_get_consumed_energy(w.platform.global_manager));
  for (int k = 0; k < w.global_manager->sites(); ++k) {
    const auto [revenue, joules] = site_revenue_energy(w, k, w.end_s);
    s->site_totals(k, revenue, joules);
  }
}

LoanAnswer ask_for_loans(ControlPlane& cp, const ScaleRequest& ask, int share, int master_host) {
  World& w = cp.w;
  LoanAnswer a;
  a.local = std::min(share, ask.cpus);
  GlobalManager* m = ggm_of(w);
  if (m == nullptr || m->spec.lending == Lending::Never) return a;
  const Lending policy = m->spec.lending;
  if (policy == Lending::WhenEmpty && a.local >= ask.cpus) return a;  // the home pool meets it: no question
  const int home = w.vsfs[static_cast<size_t>(ask.vsf)]->spec->site;
  if (LendingStats* s = w.recorder.lending()) s->requested();
  w.recorder.event(now(), "loan_request",
                   {{"vsf", w.vsf_name(ask.vsf)},
                    {"tier", w.tier_name(ask.vsf, ask.tier)},
                    {"site", site_name(w, home)},
                    {"requested", ask.cpus},
                    {"local", a.local},
                    {"policy", to_string(policy)}});
  a.asked = true;
  const int beyond_home = ask.cpus - a.local;
  if (m->down) {
    if (beyond_home > 0) refuse(w, ask, "global manager down", beyond_home);
    return a;
  }
  if (!ggm_reaches(w, home)) {
    if (beyond_home > 0) refuse(w, ask, "global manager unreachable", beyond_home);
    return a;
  }
  const control::WanPath to_ggm = m->path(home, m->spec.site);
  if (!to_ggm.reachable) {
    if (beyond_home > 0) refuse(w, ask, "unreachable", beyond_home);
    return a;
  }
  std::vector<control::LenderView> views;
  for (int k = 0; k < m->sites(); ++k) {
    views.push_back({k == home ? a.local : m->known_idle[static_cast<size_t>(k)],
                     w.scenario.grid.sites[static_cast<size_t>(k)].cpu_hour_cost, m->path(home, k)});
    // The GGM must also reach the lender's segment to have it give up its CPUs.
    if (k != home && (!m->path(m->spec.site, k).reachable || !ggm_reaches(w, k))) views.back().path.reachable = false;
  }
  const control::LoanPlan plan =
      control::plan_loans(policy, home, ask.cpus, views, tier_gb_per_cpu_hour(w, *w.vsfs[ask.vsf], ask.tier));
  a.local = plan.local;
  int stale = 0;
  a.lent = lend(*m, cp, ask, plan, home, master_host, 2 * to_ggm.latency_s, stale);
  if (stale > 0) refuse(w, ask, "stale report", stale);
  const int refused = ask.cpus - a.local - a.lent - stale;
  if (refused > 0) refuse(w, ask, "no lender", refused);
  return a;
}

void loan_ended(World& w, CpuRuntime& cpu) {
  cpu.data_array = -1;
  GlobalManager* m = ggm_of(w);
  if (m == nullptr) return;
  auto it = m->loans.find(cpu.id);
  if (it == m->loans.end()) return;
  const double held = now() - it->second.since;
  const int borrower = it->second.vsf;
  m->loans.erase(it);
  if (LendingStats* s = w.recorder.lending()) s->returned(cpu.id, now());
  w.cpu_event(now(), "loan_returned", cpu,
              {{"from", w.vsf_name(borrower)}, {"site", site_name(w, cpu.site)}, {"held_s", held}});
}

void note_denial(World& w, int v, int refused) {
  GlobalManager* m = ggm_of(w);
  if (m == nullptr || v < 0) return;
  const int site = w.vsfs[static_cast<size_t>(v)]->spec->site;
  if (site >= 0 && site < static_cast<int>(m->denials.size())) m->denials[static_cast<size_t>(site)] += refused;
}

}  // namespace vsf::sim

namespace vsf::sim {

// A request actor's RequestWorker is its actor data (requests.cpp sets it): the flag lives there, so a
// request costs one comparison per stay and nothing more unless it meets a lent CPU.
void note_stay(const VsfRuntime& v, const CpuRuntime& cpu) {
  if (cpu.site == v.spec->site) return;
  if (auto* rw = sg4::Actor::self()->get_data<RequestWorker>()) rw->on_lent = true;
}

void note_served(World& w, const VsfRuntime&, double response_s) {
  LendingStats* s = w.recorder.lending();
  if (s == nullptr) return;
  const auto* rw = sg4::Actor::self()->get_data<RequestWorker>();
  s->served(rw != nullptr && rw->on_lent, response_s);
}

}  // namespace vsf::sim
