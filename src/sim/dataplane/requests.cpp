// Traffic generators and request actors (see requests.hpp for what a request does).
#include "sim/dataplane/requests.hpp"

#include <xbt/log.h>

#include <algorithm>
#include <cmath>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>

#include "sim/dataplane/dispatch.hpp"
#include "sim/managers/global_manager.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_requests, vsf_dataplane, "vsfsim requests: traffic generators and request actors");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

// Request actors only run this file's code and short simcalls (SimGrid's kernel runs on its own
// stack): measured with guard pages, 2 KiB overflows and 4 KiB suffices, kill unwinding included. 16 KiB
// keeps a 4x margin while a saturated grid's thousands of queued requests cost 16 KiB each, not the
// engine's default 8 MiB.
constexpr unsigned kRequestStackKiB = 16;            // Actor::set_stacksize counts KiB
constexpr int kIoRequestsPerWorker = 32;             // see RequestWorker
constexpr size_t kLbStay = static_cast<size_t>(-1);  // stay() at the VSF's LB rather than at tier k

// SimGrid aborts the whole run on a transfer started to or from a host that is off (an assertion, not
// an exception): a crashed CPU must fail the request as a failure would, with an exception.
void transfer(sg4::Host* from, sg4::Host* to, double bytes) {
  if (bytes <= 0) return;
  if (!from->is_on() || !to->is_on()) throw simgrid::HostFailureException(XBT_THROW_POINT, "host off");
  sg4::Comm::sendto(from, to, static_cast<uint64_t>(bytes));
}

void execute(sg4::Host* host, double flops) {
  if (flops <= 0) return;
  if (!host->is_on()) throw simgrid::HostFailureException(XBT_THROW_POINT, "host off");
  sg4::Exec::init()->set_flops_amount(flops)->set_host(host)->wait();
}

double draw_work(VsfRuntime& v, const WorkModel& work) {
  if (work.mean_flops <= 0) return 0;
  if (work.constant) return work.mean_flops;
  return v.work_rng.exponential(work.mean_flops);
}

// The VSF's data volume is read over the SAN: the array's disk and the path to the CPU's HBA work at
// the same time, and the slower of the two sets the pace. A lent CPU reads its data_array (a mirror at
// its own site, or the VSF's array over the bridged SAN, crossing the WAN).
void san_read(World& w, VsfRuntime& v, const CpuRuntime& cpu, double bytes) {
  const size_t array = static_cast<size_t>(cpu.data_array >= 0 ? cpu.data_array : v.storage);
  auto io = w.platform.disk[array]->read_async(static_cast<sg_size_t>(bytes));
  auto comm = sg4::Comm::sendto_async(w.platform.storage[array], cpu.hba, static_cast<uint64_t>(bytes));
  io->wait();
  comm->wait();
}

// Gets the request onto a core of one of t's servers, `bytes` sent from the caller to that server:
// through the tier's shared queue (sent once a core is granted), or sent to the chosen server and
// queued there. Ok: `s` holds a core; release_core() then leave_server() follow.
// Failures. A fault surfaces as a simgrid::Exception from an exec or a transfer (host or link off), as a
// failed server (fail_server) or as the VSF's storage being down. Every level catches the exception
// itself (simgrid::Exception only: an actor kill is not one) so that the cores and outstanding counts it
// holds are given back; the request then ends as Fault. try/catch costs nothing while nothing throws.
Outcome enter(World& w, VsfRuntime& v, TierRuntime& t, sg4::Host* caller, double bytes, double deadline, Server*& s) {
  if (t.dispatch == Dispatch::SharedQueue) {
    Outcome o = acquire_shared(w, v, t, deadline, s);
    if (o != Outcome::Ok) return o;
    try {
      transfer(caller, s->cpu->host, bytes);
    } catch (const simgrid::Exception& e) {
      XBT_VERB("request of %s lost on its way in: %s", v.spec->name.c_str(), e.what());
      release_core(w, v, t, *s);
      leave_server(*s);
      s = nullptr;
      return Outcome::Fault;
    }
    return o;
  }
  s = pick_server(t);
  if (s == nullptr) return Outcome::Dropped;
  Outcome o;
  try {
    transfer(caller, s->cpu->host, bytes);
    o = take_core(w, v, t, *s, deadline);
  } catch (const simgrid::Exception& e) {
    XBT_VERB("request of %s lost on its way in: %s", v.spec->name.c_str(), e.what());
    o = Outcome::Fault;
  }
  if (o != Outcome::Ok) {
    leave_server(*s);
    s = nullptr;
  }
  return o;
}

Outcome visit(World& w, VsfRuntime& v, size_t k, sg4::Host* caller, double deadline);

// The request's stay on server s of tier k (holding one of its cores until released): its work, its
// SAN read, its calls to the next tier and its response. Throws simgrid::Exception on a fault. `left`:
// when it left its caller for tier k (the tier's visit time in timeseries.csv ends with the SAN read).
Outcome stay(World& w, VsfRuntime& v, size_t k, Server& s, sg4::Host* caller, double deadline, double left,
             bool& holding) {
  TierRuntime& t = k == kLbStay ? v.lb_tier : v.tiers[k];
  if (s.failed) return Outcome::Fault;
  note_stay(v, *s.cpu);
  sg4::Host* host = s.cpu->host;
  execute(host, draw_work(v, t.work));
  if (k != kLbStay && t.role->san_bytes > 0) {
    if (v.storage_down) return Outcome::Fault;
    san_read(w, v, *s.cpu, t.role->san_bytes);
  }
  if (k != kLbStay) w.recorder.tier_done(v.index, static_cast<int>(k), now(), now() - left);
  release_core(w, v, t, s);
  holding = false;
  Outcome o = Outcome::Ok;
  const size_t next = k == kLbStay ? 0 : k + 1;
  if (next < v.tiers.size()) {
    const int calls = k == kLbStay ? 1 : v.tiers[next].spec->calls;
    for (int i = 0; i < calls && o == Outcome::Ok; ++i) o = visit(w, v, next, host, deadline);
  }
  // The client's response carries tier 0's size; the LB forwards it.
  const double bytes = k == kLbStay ? v.tiers[0].role->response_bytes : t.role->response_bytes;
  if (o == Outcome::Ok) transfer(host, caller, bytes);
  return o;
}

Outcome stay_safely(World& w, VsfRuntime& v, size_t k, TierRuntime& t, Server& s, sg4::Host* caller, double deadline,
                    double left) {
  bool holding = true;
  Outcome o;
  try {
    o = stay(w, v, k, s, caller, deadline, left, holding);
  } catch (const simgrid::Exception& e) {
    XBT_VERB("request of %s lost at %s: %s", v.spec->name.c_str(), s.cpu->name.c_str(), e.what());
    o = Outcome::Fault;
  }
  if (holding) release_core(w, v, t, s);
  leave_server(s);
  return o;
}

Outcome visit(World& w, VsfRuntime& v, size_t k, sg4::Host* caller, double deadline) {
  TierRuntime& t = v.tiers[k];
  const double left = now();
  w.recorder.tier_visit(v.index, static_cast<int>(k), left);
  Server* s = nullptr;
  Outcome o = enter(w, v, t, caller, t.role->request_bytes, deadline, s);
  if (o != Outcome::Ok) return o;
  return stay_safely(w, v, k, t, *s, caller, deadline, left);
}

// The client's request and response carry tier 0's sizes; the LB forwards them. The clients are those
// of the VSF's home site (with sites): a server lent from another site answers across the WAN.
Outcome walk(World& w, VsfRuntime& v, double deadline) {
  sg4::Host* internet = w.platform.internet_of_site[static_cast<size_t>(v.spec->site)];
  if (v.lb_role == nullptr) return visit(w, v, 0, internet, deadline);
  TierRuntime& lb = v.lb_tier;
  Server* s = nullptr;
  Outcome o = enter(w, v, lb, internet, v.tiers[0].role->request_bytes, deadline, s);
  if (o != Outcome::Ok) return o;
  return stay_safely(w, v, kLbStay, lb, *s, internet, deadline, now());
}

void handle_request(World& w, VsfRuntime& v, double t0) {
  w.recorder.offered(v.index, t0);
  v.window.offered();
  if (w.uplink_down_for(v)) {  // the request never reaches the grid (its site's uplink failed)
    w.recorder.dropped_by_fault(v.index, t0);
    return;
  }
  const double deadline = t0 + v.spec->timeout_s;
  Outcome o = walk(w, v, deadline);
  const double t = now();
  // With no server to take it because faults took them all, a request is lost to the fault too.
  if (o == Outcome::Fault || (o == Outcome::Dropped && v.fault_outage)) {
    w.recorder.dropped_by_fault(v.index, t);
    return;
  }
  if (o == Outcome::Dropped) {
    w.recorder.dropped(v.index, t);
    return;
  }
  v.window.response(t - t0);
  if (o == Outcome::Ok && t <= deadline) {
    w.recorder.served(v.index, t, t - t0);
    note_served(w, v, t - t0);
  } else
    w.recorder.timed_out(v.index, t);
}

// The body of a request actor: serve the request it was created for, then wait for the next one.
class WorkerLoop {
 public:
  WorkerLoop(World& w, RequestWorker& self) : w_(&w), self_(&self) {}
  void operator()() const {
    self_->io_requests = 0;
    sg4::Actor::self()->set_data(self_);  // for note_stay
    for (;;) {
      self_->on_lent = false;
      handle_request(*w_, *self_->vsf, self_->t0);
      if (self_->vsf->san_io && ++self_->io_requests >= kIoRequestsPerWorker) {
        w_->spare_workers.push_back(self_);
        return;
      }
      w_->idle_workers.push_back(self_);
      self_->wake->acquire();
    }
  }

 private:
  World* w_;
  RequestWorker* self_;
};

// Hands the request to an idle worker, or starts a new one when all are busy.
void dispatch_request(World& w, VsfRuntime& v, double t0) {
  RequestWorker* k;
  if (!w.idle_workers.empty()) {
    k = w.idle_workers.back();
    w.idle_workers.pop_back();
    k->vsf = &v;
    k->t0 = t0;
    k->wake->release();
    return;
  }
  if (!w.spare_workers.empty()) {
    k = w.spare_workers.back();
    w.spare_workers.pop_back();
  } else {
    w.workers.push_back(std::make_unique<RequestWorker>());
    k = w.workers.back().get();
    k->wake = sg4::Semaphore::create(0);
  }
  k->vsf = &v;
  k->t0 = t0;
  sg4::Actor::init("request", w.platform.internet)->set_stacksize(kRequestStackKiB)->start(WorkerLoop(w, *k));
}

class Generator {
 public:
  Generator(World& w, VsfRuntime& v) : w_(&w), v_(&v) {}
  void operator()() const {
    World& w = *w_;
    VsfRuntime& v = *v_;
    ArrivalProcess arrivals(v.rate, stream_seed(w.scenario.seed, Stream::Arrivals, v.index));
    double t = v.spec->start_s;
    const double last = std::min(w.end_s, v.spec->end_s);  // no arrival once decommissioned
    for (;;) {
      t = arrivals.next(t, last);
      if (!std::isfinite(t) || t >= last) return;
      sg4::this_actor::sleep_until(t);
      dispatch_request(w, v, t);
    }
  }

 private:
  World* w_;
  VsfRuntime* v_;
};

}  // namespace

void start_traffic(World& w, VsfRuntime& v) {
  sg4::Actor::create("traffic:" + v.spec->name, w.platform.internet, Generator(w, v));
}

}  // namespace vsf::sim
