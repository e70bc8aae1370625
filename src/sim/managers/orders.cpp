// Provisioning orders' events (see orders.hpp).
#include "sim/managers/orders.hpp"

#include <algorithm>
#include <limits>
#include <simgrid/s4u.hpp>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_orders, vsf_control, "provisioning orders (review, credit check, build)");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

enum class Step { Received, Reviewed, CreditChecked };

struct Due {
  double t;
  size_t order;
  Step step;
};

// Every step of every order that happens before the end, by time; ties by order, then step.
std::vector<Due> steps_of(const std::vector<Order>& orders, double end_s) {
  std::vector<Due> due;
  for (size_t i = 0; i < orders.size(); ++i) {
    const OrderSteps& s = orders[i].steps;
    due.push_back({s.received_s, i, Step::Received});
    due.push_back({s.reviewed_s, i, Step::Reviewed});
    if (s.credit_checked_s >= 0) due.push_back({s.credit_checked_s, i, Step::CreditChecked});
  }
  due.erase(std::remove_if(due.begin(), due.end(), [end_s](const Due& d) { return d.t >= end_s; }), due.end());
  std::stable_sort(due.begin(), due.end(), [](const Due& a, const Due& b) { return a.t < b.t; });
  return due;
}

void record(World& w, const Order& o, Step step) {
  const OrderSteps& s = o.steps;
  nlohmann::json f{{"order", o.pointer}, {"vsf", o.vsf}, {"customer", o.customer}};
  switch (step) {
    case Step::Received:
      if (!o.plan.empty()) f["plan"] = o.plan;
      w.recorder.event(now(), "order_received", f);
      break;
    case Step::Reviewed:
      f["approved"] = s.approved;
      f["review_s"] = s.reviewed_s - s.received_s;
      w.recorder.event(now(), "order_reviewed", f);
      break;
    case Step::CreditChecked:
      f["passed"] = s.credit_passed;
      w.recorder.event(now(), "order_credit_checked", f);
      break;
  }
  XBT_VERB("order %s (%s): step %d", o.pointer.c_str(), o.vsf.c_str(), static_cast<int>(step));
}

}  // namespace

void start_orders(World& w) {
  if (w.scenario.orders.empty()) return;
  World* wp = &w;
  sg4::Actor::create("orders", w.platform.fabric, [wp] {
    for (const Due& d : steps_of(wp->scenario.orders, wp->end_s)) {
      sg4::this_actor::sleep_until(d.t);
      record(*wp, wp->scenario.orders[d.order], d.step);
    }
  });
}

void note_order_serving(World& w, const VsfRuntime& v) {
  if (v.spec->order < 0) return;
  const auto i = static_cast<size_t>(v.spec->order);
  if (!w.recorder.order_serving(i, now())) return;
  const Order& o = w.scenario.orders[i];
  w.recorder.event(now(), "order_serving",
                   {{"order", o.pointer}, {"vsf", o.vsf}, {"customer", o.customer}, {"lead_time_s", now() - o.at_s}});
}

double order_pool_check(World& w, const VsfRuntime& v, double interval) {
  if (v.spec->order < 0) return now();
  const auto i = static_cast<size_t>(v.spec->order);
  const Order& o = w.scenario.orders[i];
  const ProvisioningSpec& p = w.scenario.provisioning;
  if (w.recorder.order_refused(i)) return std::numeric_limits<double>::infinity();
  int need = v.spec->lb.enabled ? 1 : 0;
  for (const Tier& t : v.spec->tiers) need += t.initial;
  nlohmann::json f{{"order", o.pointer}, {"vsf", o.vsf}, {"customer", o.customer}};
  const double waited = now() - v.spec->start_s;
  const int pool = w.idle_at(v.spec->site);  // the VSF's home site's: it is built from there
  if (pool >= need) {
    f["pool_wait_s"] = waited;
    w.recorder.order_built(i, v.index, now(), waited);
    w.recorder.event(now(), "order_building", f);
    return now();
  }
  f["idle_pool"] = pool;
  f["needed"] = need;
  const bool refuse = p.when_pool_short == PoolShort::Refuse || waited >= p.max_wait_s;
  if (refuse) {
    f["reason"] = p.when_pool_short == PoolShort::Refuse ? "idle pool short" : "max_wait exceeded";
    w.recorder.order_refused(i, true);
    w.recorder.event(now(), "order_refused", f);
    return std::numeric_limits<double>::infinity();
  }
  if (waited == 0) w.recorder.event(now(), "order_waiting", f);
  return std::min(now() + interval, v.spec->start_s + p.max_wait_s);
}

}  // namespace vsf::sim
