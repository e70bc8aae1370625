// The top-level `order_arrivals` (issue 13 §1): orders generated at load from a Poisson process or a CSV
// of times, each drawn from weighted templates, and appended to Scenario::orders after the explicit ones.
// Every draw (times, template, lifetime) comes from the entry's own stream (orders::arrivals_stream), and
// each generated order's review and credit draws from its own order_stream: same seed, same orders, and
// explicit orders keep their outcomes. A template's `lifetime` makes its customer decommission the VSF
// that long after its order is approved (the VSF's start); one never built is never decommissioned.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "faults/distribution_parse.hpp"
#include "faults/fault_csv.hpp"
#include "orders/arrivals.hpp"
#include "scenario/key_tables.hpp"
#include "scenario/order_building.hpp"
#include "scenario/vsf_groups.hpp"
#include "util/json_util.hpp"
#include "util/units.hpp"

namespace vsf::scenario_detail {

namespace {

struct Template {
  std::string pointer;
  double weight = 1;
  VsfSpec vsf;
  bool own_customer = false;  // the template names its customer: every order of it is that customer's
  std::optional<faults::Distribution> lifetime;
  std::optional<Vary> vary;  // as a VSF group's: each order's VSF its own draws
};

// A generated create order, before its steps are resolved.
struct Arrival {
  double at_s;
  size_t tmpl;
  double lifetime_s;  // infinity: kept to the end
};

// "rate": a number of orders per hour, or a rate string ("3/h", "1/min"); > 0.
std::optional<double> read_order_rate(const Source& src, const json& v, const std::string& ptr) {
  std::optional<double> per_s;
  if (v.is_number() && v.get<double>() > 0) per_s = v.get<double>() / 3600;
  if (v.is_string()) per_s = parse_rate(v.get<std::string>());
  if (per_s && *per_s > 0 && std::isfinite(*per_s)) return per_s;
  src.error(ptr,
            fmt::format("expected orders per hour (a number > 0) or a rate such as \"3/h\", found {}", json_found(v)));
  return std::nullopt;
}

std::optional<Template> read_template(const Source& src, const json& v, const std::string& ptr,
                                      const std::string& base_dir, const Scenario& scenario, const Parsed& parsed) {
  Fields f(src, v, ptr, scenario_keys::arrival_template(), "an order template");
  if (!f.ok()) return std::nullopt;
  Template t;
  t.pointer = ptr;
  f.read("weight", t.weight);
  if (const json* vj = f.value("vsf")) t.vsf = read_ordered_vsf(src, *vj, f.at("vsf"), base_dir, scenario, parsed);
  t.own_customer = f.read("customer", t.vsf.customer);
  std::string plan;
  if (f.read("plan", plan)) {
    check_reference(src, scenario.models.plans, plan, f.at("plan"), "plan", parsed.models);
    t.vsf.plan = plan;
  }
  if (f.has("vsf")) check_vsf_plan(src, scenario.models, t.vsf, f.at("vsf"));
  if (const json* l = f.value("lifetime")) t.lifetime = faults::detail::read_distribution(src, *l, f.at("lifetime"));
  if (const json* vj = f.value("vary")) read_vary(src, *vj, f.at("vary"), t.vsf, t.vary.emplace());
  return t;
}

// One entry's order times, sorted, within the run.
std::vector<double> entry_times(const Source& src, const Fields& f, const std::string& ptr, const Scenario& scenario,
                                std::mt19937_64& rng) {
  if (f.has("process") == f.has("csv")) {
    src.error(ptr, "expected exactly one of \"process\" (with \"rate\") and \"csv\" (a file of order times)");
    return {};
  }
  std::vector<double> times;
  if (f.has("csv")) {
    std::string csv;
    if (!f.read("csv", csv)) return {};
    const auto col = faults::detail::load_time_column(src, f.at("csv"), faults::detail::resolve_beside(src.file, csv),
                                                      std::string("at"), false);
    if (col) times = *col;
    std::sort(times.begin(), times.end());
  } else {
    std::string process;
    if (f.read("process", process) && process != "poisson")
      src.error(f.at("process"), fmt::format("expected \"poisson\", found {}", json_found(*f.get("process"))));
    double from = 0, to = scenario.duration_s;
    f.read("from", from);
    f.read("to", to);
    if (f.has("to") && !(to > from))
      src.error(f.at("to"),
                fmt::format("expected the end of the arrivals after their start ({} s), found {} s", from, to));
    const json* r = f.value("rate");
    if (!r) {
      src.error(ptr, "a \"poisson\" process needs a \"rate\"");
      return {};
    }
    if (auto per_s = read_order_rate(src, *r, f.at("rate")))
      times = orders::poisson_times(*per_s, from, std::min(to, scenario.duration_s), rng);
  }
  times.erase(std::remove_if(times.begin(), times.end(), [&](double t) { return t >= scenario.duration_s; }),
              times.end());
  return times;
}

// Every entry's templates (into `templates`) and arrivals: times, then each one's template and lifetime.
std::vector<Arrival> draw_arrivals(const Source& src, const json& arr, const std::string& pointer,
                                   const std::string& base_dir, const Scenario& scenario, const Parsed& parsed,
                                   std::vector<Template>& templates) {
  std::vector<Arrival> arrivals;
  for (size_t j = 0; j < arr.size(); ++j) {
    const std::string ptr = pointer_join(pointer, j);
    Fields f(src, arr[j], ptr, scenario_keys::order_arrival(), "an order arrival process");
    if (!f.ok()) continue;
    const json* tj = f.value("templates");
    const json* tarr = tj ? read_array(src, *tj, f.at("templates"), true) : nullptr;
    if (!tarr) continue;
    const size_t first = templates.size();
    std::vector<double> weights;
    for (size_t m = 0; m < tarr->size(); ++m)
      if (auto t = read_template(src, (*tarr)[m], pointer_join(f.at("templates"), m), base_dir, scenario, parsed)) {
        weights.push_back(t->weight);
        templates.push_back(std::move(*t));
      }
    std::mt19937_64 rng = orders::arrivals_stream(scenario.seed, j);
    const std::vector<double> times = entry_times(src, f, ptr, scenario, rng);  // its errors too, in any case
    if (weights.size() != tarr->size()) continue;
    for (double t : times) {
      const size_t m = first + orders::pick_weighted(weights, orders::unit_draw(rng));
      const auto& life = templates[m].lifetime;
      arrivals.push_back({t, m, life ? life->draw(rng) : std::numeric_limits<double>::infinity()});
    }
  }
  return arrivals;
}

// The VSFs each template's orders build, NAME-1 ... NAME-n for its n orders: copies of its VSF, or with
// `vary` a VSF group's copies (vsf_groups.hpp), whose draws come from streams of the seed, the template's
// place and k (position kTemplatePosition + its index, beyond any vsfs entry's).
std::vector<std::vector<VsfSpec>> shapes_of(const Source& src, const Scenario& scenario,
                                            const std::vector<Template>& templates,
                                            const std::vector<Arrival>& arrivals) {
  constexpr size_t kTemplatePosition = 1u << 30;
  std::vector<int> n(templates.size(), 0);
  for (const Arrival& a : arrivals) ++n[a.tmpl];
  std::vector<std::vector<VsfSpec>> out(templates.size());
  for (size_t m = 0; m < templates.size(); ++m) {
    const Template& t = templates[m];
    VsfEntry entry;
    entry.spec = t.vsf;
    entry.group = true;
    entry.count = n[m];
    if (t.vary) entry.vary = *t.vary;
    const std::string blame = "/traffic_scale";
    out[m] = expand_group(src, pointer_join(t.pointer, "vsf"), scenario.seed, kTemplatePosition + m, entry,
                          scenario.traffic_scale, &blame);
    for (size_t k = 0; k < out[m].size(); ++k)
      if (!t.own_customer) out[m][k].customer = fmt::format("{}-{}", t.vsf.customer, k + 1);
  }
  return out;
}

}  // namespace

void read_order_arrivals(const Source& src, const json& value, const std::string& pointer, const std::string& base_dir,
                         Scenario& scenario, const Parsed& parsed, VsfIndex& index) {
  const json* arr = read_array(src, value, pointer, false);
  if (!arr) return;
  std::vector<Template> templates;
  const std::vector<Arrival> arrivals = draw_arrivals(src, *arr, pointer, base_dir, scenario, parsed, templates);
  if (src.diags->size() > 0) return;  // nothing generated from a broken definition
  std::vector<std::vector<VsfSpec>> shapes = shapes_of(src, scenario, templates, arrivals);
  std::vector<int> count(templates.size(), 0);  // orders so far of each template
  std::vector<VsfSpec> ordered;
  std::vector<std::pair<size_t, double>> lifetimes;  // generated order index, lifetime
  for (const Arrival& a : arrivals) {
    const Template& t = templates[a.tmpl];
    const int k = ++count[a.tmpl];
    VsfSpec v = std::move(shapes[a.tmpl][static_cast<size_t>(k - 1)]);
    if (index.count(v.name)) {
      src.error(pointer_join(t.pointer, "vsf/name"),
                fmt::format("the generated order's VSF name \"{}\" is already a VSF's: names must be unique", v.name));
      return;
    }
    Order o;
    o.at_s = a.at_s;
    o.pointer = fmt::format("{}#{}", t.pointer, k);
    const size_t i = scenario.orders.size();
    resolve_create(scenario, i, o, std::move(v), index, ordered);
    scenario.orders.push_back(std::move(o));
    if (std::isfinite(a.lifetime_s)) lifetimes.emplace_back(i, a.lifetime_s);
  }
  for (const auto& [i, life] : lifetimes) {
    const Order& create = scenario.orders[i];
    const int vi = create.vsf_index;
    if (vi < 0) continue;  // never built: nothing for the customer to end
    const double start = ordered[static_cast<size_t>(vi) - scenario.vsfs.size()].start_s;
    if (start + life >= scenario.duration_s) continue;
    Order o;
    o.at_s = start + life;
    o.pointer = create.pointer + "/decommission";
    o.vsf = create.vsf;
    o.customer = create.customer;
    const size_t d = scenario.orders.size();
    resolve_decommission(scenario, d, o, index, ordered);
    scenario.orders.push_back(std::move(o));
  }
  for (VsfSpec& v : ordered) scenario.vsfs.push_back(std::move(v));
}

}  // namespace vsf::scenario_detail
