// Server choice and core hand-off for the data plane (see dispatch.hpp for the queueing models).
//
// Invariants: a server's own FIFO is non-empty only while all its cores are busy; a tier's shared FIFO
// is non-empty only while no accepting server has an idle core. Freeing a core therefore either hands
// it to the first waiter (the core stays busy) or makes it idle.
#include "sim/dataplane/dispatch.hpp"

#include <xbt/log.h>

#include <algorithm>
#include <simgrid/s4u/Semaphore.hpp>

#include "sim/dataplane/flow_dataplane.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_dispatch, vsf_dataplane,
                                "vsfsim dispatch: servers of a tier, their cores and queues");

namespace vsf::sim {

namespace {

void busy_delta(VsfRuntime& v, TierRuntime& t, Server& s, int delta) {
  const double t_now = now();
  s.busy += delta;
  t.busy.add(t_now, delta);
  if (t.in_vsf_utilization) v.busy.add(t_now, delta);
}

void capacity_delta(VsfRuntime& v, TierRuntime& t, int delta) {
  const double t_now = now();
  t.capacity.add(t_now, delta);
  if (t.in_vsf_utilization) v.capacity.add(t_now, delta);
}

size_t queue_limit(const TierRuntime& t) { return static_cast<size_t>(std::max(0, t.role->queue_limit)); }

Server* choose(TierRuntime& t) {
  const size_t n = t.active.size();
  if (n == 0) return nullptr;
  const size_t start = t.rr++ % n;
  if (t.dispatch == Dispatch::RoundRobin) return t.active[start];
  // least_outstanding: ties go to the first one after the rotating start, so equal servers share load.
  Server* best = t.active[start];
  for (size_t i = 1; i < n && best->outstanding > 0; ++i) {
    Server* s = t.active[(start + i) % n];
    if (s->outstanding < best->outstanding) best = s;
  }
  return best;
}

void drop_capacity(VsfRuntime& v, TierRuntime& t, Server& s) {
  if (!s.in_capacity) return;
  s.in_capacity = false;
  capacity_delta(v, t, -s.cores);
}

enum class Wait { Granted, GrantedLate, TimedOut, Failed };

// Blocks in FIFO `q` until a core is handed over or the deadline passes.
Wait wait_in(World& w, Fifo<Waiter*>& q, double deadline, Server*& out) {
  const double remaining = deadline - now();
  if (remaining <= 0) return Wait::TimedOut;
  Waiter me{w.sems.take(), nullptr, false};
  q.push_back(&me);
  const bool timed_out = me.sem->acquire_timeout(remaining);
  if (!timed_out) {
    w.sems.put(std::move(me.sem));
    if (me.failed) return Wait::Failed;
    out = me.granted;
    return Wait::Granted;
  }
  if (me.granted != nullptr || me.failed) {
    // The timer fired first, then a core was handed over (or the server failed) in the same instant:
    // the semaphore kept the permit. Take it so the semaphore is clean again, and own the core.
    me.sem->acquire();
    w.sems.put(std::move(me.sem));
    if (me.failed) return Wait::Failed;
    out = me.granted;
    return Wait::GrantedLate;
  }
  q.erase_first(&me);
  w.sems.put(std::move(me.sem));
  return Wait::TimedOut;
}

// TierRuntime::first_*: after `active` changed.
void refresh_first(TierRuntime& t) {
  const Server* s = t.active.empty() ? nullptr : t.active.front();
  t.first_cpu = s != nullptr ? s->cpu : nullptr;
  t.first_host = s != nullptr ? s->cpu->host : nullptr;
  t.first_cores = s != nullptr ? s->cores : 0;
}

}  // namespace

Outcome acquire_shared(World& w, VsfRuntime& v, TierRuntime& t, double deadline, Server*& out) {
  while (!t.free_cores.empty()) {
    Server* s = t.free_cores.front();
    t.free_cores.pop_front();
    if (!s->accepting) continue;  // an idle core of a server that has since started draining
    busy_delta(v, t, *s, +1);
    ++s->outstanding;
    out = s;
    return Outcome::Ok;
  }
  if (t.active.empty() || t.shared.size() >= queue_limit(t) * t.active.size()) return Outcome::Dropped;
  // The granting server counts us in its outstanding when it hands the core over.
  Wait r = wait_in(w, t.shared, deadline, out);
  if (r == Wait::Granted) return Outcome::Ok;
  if (r == Wait::Failed) return Outcome::Fault;
  if (r == Wait::GrantedLate) {
    release_core(w, v, t, *out);
    leave_server(*out);
    out = nullptr;
  }
  return Outcome::TimedOut;
}

Server* pick_server(TierRuntime& t) {
  Server* s = choose(t);
  if (s != nullptr) ++s->outstanding;
  return s;
}

Outcome take_core(World& w, VsfRuntime& v, TierRuntime& t, Server& s, double deadline) {
  if (s.failed) return Outcome::Fault;
  if (s.busy < s.cores) {  // then its queue is empty
    busy_delta(v, t, s, +1);
    return Outcome::Ok;
  }
  if (s.queue.size() >= queue_limit(t)) return Outcome::Dropped;
  Server* granted = nullptr;
  Wait r = wait_in(w, s.queue, deadline, granted);
  if (r == Wait::Granted) return Outcome::Ok;
  if (r == Wait::Failed) return Outcome::Fault;
  if (r == Wait::GrantedLate) release_core(w, v, t, s);
  return Outcome::TimedOut;
}

void release_core(World&, VsfRuntime& v, TierRuntime& t, Server& s) {
  if (s.failed) return;  // fail_server dropped its busy cores already
  Fifo<Waiter*>* q = nullptr;
  if (t.dispatch == Dispatch::SharedQueue) {
    if (s.accepting) q = &t.shared;
  } else {
    q = &s.queue;  // a draining server still serves what was dispatched to it
  }
  if (q != nullptr && !q->empty()) {
    Waiter* next = q->front();
    q->pop_front();
    next->granted = &s;
    if (t.dispatch == Dispatch::SharedQueue) ++s.outstanding;
    next->sem->release();
    return;  // the core passes to `next`: still busy
  }
  busy_delta(v, t, s, -1);
  if (t.dispatch == Dispatch::SharedQueue && s.accepting) t.free_cores.push_back(&s);
}

void leave_server(Server& s) {
  --s.outstanding;
  if (!s.accepting && s.outstanding == 0 && s.drained && !s.failed) s.drained->release();
}

void add_server(VsfRuntime& v, TierRuntime& t, Server& s) {
  FlowChange change(t.flow);
  t.active.push_back(&s);
  if (t.active.size() == 1) refresh_first(t);
  s.in_capacity = true;
  capacity_delta(v, t, s.cores);
  if (t.dispatch != Dispatch::SharedQueue || t.flow != nullptr) return;  // a fluid has no waiters
  for (int c = 0; c < s.cores; ++c) {
    if (!t.shared.empty()) {
      Waiter* next = t.shared.front();
      t.shared.pop_front();
      busy_delta(v, t, s, +1);
      ++s.outstanding;
      next->granted = &s;
      next->sem->release();
    } else {
      t.free_cores.push_back(&s);
    }
  }
}

void stop_accepting(TierRuntime& t, Server& s) {
  FlowChange change(t.flow);
  s.accepting = false;
  if (auto it = std::find(t.active.begin(), t.active.end(), &s); it != t.active.end()) {
    const bool first = it == t.active.begin();
    t.active.erase(it);
    if (first) refresh_first(t);
  }
}

void drain_server(VsfRuntime& v, TierRuntime& t, Server& s) {
  FlowChange change(t.flow);  // a fluid's server holds no requests: it drains at once
  stop_accepting(t, s);
  if (s.outstanding > 0 && !s.failed) {
    XBT_VERB("draining the server on %s: %d requests outstanding", s.cpu->name.c_str(), s.outstanding);
    simgrid::s4u::SemaphorePtr sem = simgrid::s4u::Semaphore::create(0);  // kept alive while we wait on it
    s.drained = sem;
    sem->acquire();
    s.drained.reset();
  }
  drop_capacity(v, t, s);
}

void fail_server(VsfRuntime& v, TierRuntime& t, Server& s) {
  if (s.failed) return;
  FlowChange change(t.flow);
  s.failed = true;
  stop_accepting(t, s);
  drop_capacity(v, t, s);
  if (s.busy > 0) busy_delta(v, t, s, -s.busy);
  // Its own FIFO's waiters will never get a core from it. A shared queue's waiters are not bound to
  // it, but with no server left in the tier none will serve them before a replacement boots (minutes).
  auto fail_all = [](Fifo<Waiter*>& q) {
    while (!q.empty()) {
      Waiter* next = q.front();
      q.pop_front();
      next->failed = true;
      next->sem->release();
    }
  };
  XBT_VERB("server on %s failed: %zu requests waiting for it and %zu in its tier's shared queue lost",
           s.cpu->name.c_str(), s.queue.size(), t.active.empty() ? t.shared.size() : 0);
  fail_all(s.queue);
  if (t.active.empty()) fail_all(t.shared);
  if (s.drained) s.drained->release();
}

}  // namespace vsf::sim
