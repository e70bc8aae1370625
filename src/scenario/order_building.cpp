// Resolving create and decommission orders (see order_building.hpp).
#include "scenario/order_building.hpp"

#include <algorithm>

#include "orders/order_flow.hpp"

namespace vsf::scenario_detail {

void resolve_create(Scenario& scenario, size_t i, Order& o, VsfSpec v, VsfIndex& index, std::vector<VsfSpec>& ordered) {
  o.vsf = v.name;
  o.customer = v.customer;
  o.plan = v.plan;
  std::mt19937_64 rng = orders::order_stream(scenario.seed, i);
  o.steps = orders::run_order(scenario.provisioning, o.at_s, orders::draw_order(scenario.provisioning, rng));
  const bool built = o.steps.outcome == OrderOutcome::Approved && o.steps.ready_s < scenario.duration_s;
  const int at = static_cast<int>(scenario.vsfs.size() + ordered.size());
  if (!v.name.empty()) index.emplace(v.name, built ? at : -1);
  if (!built) return;
  v.start_s = o.steps.ready_s;
  v.order = static_cast<int>(i);
  o.vsf_index = at;
  ordered.push_back(std::move(v));
}

void resolve_decommission(Scenario& scenario, size_t i, Order& o, const VsfIndex& index,
                          std::vector<VsfSpec>& ordered) {
  o.kind = OrderKind::Decommission;
  std::mt19937_64 rng = orders::order_stream(scenario.seed, i);
  o.steps = orders::run_order(scenario.provisioning, o.at_s, orders::draw_order(scenario.provisioning, rng));
  o.steps.approved = true;
  o.steps.credit_checked_s = -1;
  o.steps.credit_passed = false;
  o.steps.outcome = OrderOutcome::Approved;
  o.steps.ready_s = o.steps.reviewed_s;
  const auto it = index.find(o.vsf);
  if (it == index.end() || it->second < 0) return;  // never built: nothing to end, at ready_s
  o.vsf_index = it->second;
  const size_t base = scenario.vsfs.size();
  VsfSpec& v = static_cast<size_t>(it->second) < base ? scenario.vsfs[static_cast<size_t>(it->second)]
                                                      : ordered[static_cast<size_t>(it->second) - base];
  if (o.customer.empty()) o.customer = v.customer;
  o.steps.ready_s = std::max(o.steps.reviewed_s, v.start_s);
  if (o.steps.ready_s < v.end_s) {
    v.end_s = o.steps.ready_s;
    v.decommission_order = static_cast<int>(i);
  }
}

}  // namespace vsf::scenario_detail
