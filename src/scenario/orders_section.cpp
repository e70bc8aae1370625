// The `provisioning` settings and the `orders` (issue 13 §1). Each order is resolved here, before the run,
// from its own random stream (orders/order_flow.hpp): the simulation replays its steps as events and
// creates an approved order's VSF, through the normal lifecycle, when the order is built.
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "faults/distribution_parse.hpp"
#include "orders/order_flow.hpp"
#include "scenario/clock_read.hpp"
#include "scenario/key_tables.hpp"
#include "scenario/order_building.hpp"
#include "scenario/sections.hpp"
#include "util/json_util.hpp"

namespace vsf::scenario_detail {

namespace {

void read_review_hours(const Source& src, const json& v, const std::string& ptr, std::optional<WorkingHours>& out) {
  Fields f(src, v, ptr, scenario_keys::review_hours(), "review hours");
  if (!f.ok()) return;
  WorkingHours h;
  const auto from = read_clock(src, f, "from");
  const auto to = read_clock(src, f, "to");
  f.read("weekdays_only", h.weekdays_only);
  if (!from || !to) return;
  if (!(*to > *from)) {
    src.error(f.at("to"), fmt::format("expected the end of the working day after its start ({}), found {}",
                                      f.get("from")->get<std::string>(), json_found(*f.get("to"))));
    return;
  }
  h.from_s = *from;
  h.to_s = *to;
  out = h;
}

void read_provisioning(const Source& src, const json& value, const std::string& pointer, ProvisioningSpec& p) {
  Fields f(src, value, pointer, scenario_keys::provisioning(), "the provisioning settings");
  if (!f.ok()) return;
  if (const json* r = f.value("review"))
    if (auto d = faults::detail::read_distribution(src, *r, f.at("review"))) p.review = *d;
  if (const json* h = f.value("review_hours")) read_review_hours(src, *h, f.at("review_hours"), p.review_hours);
  f.read("reject_probability", p.reject_probability);
  if (const json* c = f.value("credit_check"))
    if (auto d = faults::detail::read_distribution(src, *c, f.at("credit_check"))) p.credit_check = *d;
  f.read("credit_fail_probability", p.credit_fail_probability);
  f.read("when_pool_short", p.when_pool_short, kPoolShorts);
  f.read("max_wait", p.max_wait_s);
}

// A create order: its VSF is read, then resolved (order_building.hpp).
void read_create(const Source& src, const Fields& f, size_t i, const std::string& base_dir, Scenario& scenario,
                 const Parsed& parsed, Order& o, VsfIndex& index, std::vector<VsfSpec>& ordered) {
  VsfSpec v;
  if (const json* vj = f.value("vsf")) v = read_ordered_vsf(src, *vj, f.at("vsf"), base_dir, scenario, parsed);
  if (!v.name.empty() && index.count(v.name))
    src.error(
        pointer_join(f.at("vsf"), "name"),
        fmt::format("duplicate VSF name \"{}\": an ordered VSF's name must differ from every other VSF's", v.name));
  if (f.read("customer", o.customer)) v.customer = o.customer;
  if (f.read("plan", o.plan)) {
    check_reference(src, scenario.models.plans, o.plan, f.at("plan"), "plan", parsed.models);
    v.plan = o.plan;
  }
  check_vsf_plan(src, scenario.models, v, f.at("vsf"));
  resolve_create(scenario, i, o, std::move(v), index, ordered);
}

void read_decommission(const Source& src, const Fields& f, size_t i, Scenario& scenario, Order& o,
                       const VsfIndex& index, std::vector<VsfSpec>& ordered) {
  f.read("decommission", o.vsf);
  if (!o.vsf.empty() && !index.count(o.vsf))
    src.error(f.at("decommission"),
              fmt::format("expected the name of a VSF of vsfs or of an earlier order, found \"{}\"", o.vsf));
  f.read("customer", o.customer);
  resolve_decommission(scenario, i, o, index, ordered);
}

// The explicit orders, then those of order_arrivals (after them: they shift no explicit order's stream).
void read_orders(const Source& src, const Fields& top, const json* value, const std::string& pointer,
                 const std::string& base_dir, Scenario& scenario, const Parsed& parsed) {
  const json empty = json::array();
  const json* arr = read_array(src, value ? *value : empty, pointer, false);
  if (!arr) return;
  VsfIndex index;
  for (size_t k = 0; k < scenario.vsfs.size(); ++k) index.emplace(scenario.vsfs[k].name, static_cast<int>(k));
  std::vector<VsfSpec> ordered;
  for (size_t i = 0; i < arr->size(); ++i) {
    Order o;
    o.pointer = pointer_join(pointer, i);
    Fields f(src, (*arr)[i], o.pointer, scenario_keys::order(), "an order");
    if (!f.ok()) continue;
    if (f.read("at", o.at_s) && o.at_s >= scenario.duration_s)
      src.error(f.at("at"), fmt::format("expected an order before the end of the run ({} s), found {} s",
                                        scenario.duration_s, o.at_s));
    if (f.has("vsf") == f.has("decommission")) {
      src.error(o.pointer,
                "expected exactly one of \"vsf\" (a VSF to build) and \"decommission\" (the name of a "
                "VSF to end)");
      continue;
    }
    if (f.has("decommission")) {
      if (f.has("plan"))
        src.error(f.at("plan"), "a decommission order has no \"plan\": it ends a VSF, whose plan is its own");
      read_decommission(src, f, i, scenario, o, index, ordered);
    } else {
      read_create(src, f, i, base_dir, scenario, parsed, o, index, ordered);
    }
    scenario.orders.push_back(std::move(o));
  }
  for (VsfSpec& v : ordered) scenario.vsfs.push_back(std::move(v));
  if (const json* a = top.value("order_arrivals"))
    read_order_arrivals(src, *a, "/order_arrivals", base_dir, scenario, parsed, index);
}

}  // namespace

void read_provisioning_and_orders(const Source& src, const Fields& top, const std::string& base_dir, Scenario& scenario,
                                  const Parsed& parsed) {
  if (const json* p = top.value("provisioning")) read_provisioning(src, *p, "/provisioning", scenario.provisioning);
  read_orders(src, top, top.value("orders"), "/orders", base_dir, scenario, parsed);
}

}  // namespace vsf::scenario_detail
