// The customer API's calls and rules as the farm manager takes them (see customer_api.hpp).
#include "sim/managers/customer_api.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <simgrid/s4u.hpp>

#include "control/lease.hpp"
#include "sim/dataplane/tier_queue.hpp"
#include "sim/managers/direct_allocation.hpp"
#include "sim/managers/plan_enforcement.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_api, vsf_control, "farm managers: the customer API's calls and rules");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

bool is_due(double t) { return control::is_due(now(), t); }

// A call as judged: its event's fields, then the counts.
struct Call {
  int tier = 0;
  int change = 0;  // signed, as asked
  const char* source = "call";
  std::string pointer;  // "/api_calls/3" or "/vsfs/0/api_rules/1"
  double made_at = 0;
  double queue = -1;  // rules: the queue read (-1: a timed call)
};

void record(World& w, int vsf, const std::string& vsf_name, const Call& c, ApiOutcome outcome, int allowed,
            const std::string& reason, nlohmann::json extra = nlohmann::json::object()) {
  nlohmann::json f{{"vsf", vsf_name},          {"tier", vsf >= 0 ? w.tier_name(vsf, c.tier) : std::string()},
                   {"source", c.source},       {"call", c.pointer},
                   {"called_at_s", c.made_at}, {"change", c.change},
                   {"allowed", allowed},       {"outcome", to_string(outcome)}};
  if (!reason.empty()) f["reason"] = reason;
  if (c.queue >= 0) f["queue"] = c.queue;
  f.update(extra);
  XBT_VERB("%s: API call %s (%+d) %s, %+d", vsf_name.c_str(), c.pointer.c_str(), c.change, to_string(outcome), allowed);
  w.recorder.event(now(), "api_call", std::move(f));
  if (vsf >= 0) w.recorder.api_call(vsf, outcome, std::max(0, allowed), std::max(0, -allowed));
}

std::string not_existing(const World& w, const VsfRuntime& v) {
  if (now() >= v.spec->end_s) return "the VSF has ended";
  if (v.spec->order >= 0 && w.recorder.order_refused(static_cast<size_t>(v.spec->order)))
    return "the VSF does not exist (its order was refused)";
  return "the VSF does not exist yet";
}

// What the calls taken at one instant already asked for and released, per tier: not yet granted (so not
// pending) nor released (still serving), they count against the limits, and a CPU is not released twice.
struct Batch {
  std::vector<int> asked, released;
};

// One call: judged against the VSF, its plan and the tier's bounds; an action unless refused.
std::optional<ApiAction> judge(World& w, VsfRuntime& v, const Call& c, const std::pair<int, int>& bounds, Batch& b) {
  const std::string& name = v.spec->name;
  if (!v.exists || now() >= v.spec->end_s) {  // end_s: whatever the decommission leaves of the VSF's state
    record(w, v.index, name, c, ApiOutcome::Refused, 0, not_existing(w, v));
    return std::nullopt;
  }
  const ServicePlan* plan = plan_of(w, *v.spec);
  if (plan != nullptr && plan->sizing == PlanSizing::Fixed) {
    record(w, v.index, name, c, ApiOutcome::Refused, 0, "the plan is fixed", {{"plan", plan->name}});
    return std::nullopt;
  }
  const TierRuntime& tier = v.tiers[static_cast<size_t>(c.tier)];
  const TierCounts tc = count_tier(tier);
  const auto k = static_cast<size_t>(c.tier);
  int all = tier_cpus_held(v);
  for (size_t i = 0; i < b.asked.size(); ++i) all += b.asked[i] - b.released[i];
  const int size = tc.serving + tc.pending + b.asked[k] - b.released[k];
  ApiAction a;
  a.tier = c.tier;
  int allowed = 0;
  std::string why, limit;  // the limit that cut or refused it, as a reason and as a name
  if (c.change > 0) {
    if (c.change > plan_headroom(plan, all)) {
      record(w, v.index, name, c, ApiOutcome::Refused, 0, "beyond the plan's max_cpus",
             {{"plan", plan->name}, {"held", all}, {"max_cpus", *plan->max_cpus}});
      return std::nullopt;
    }
    allowed = std::clamp(bounds.second - size, 0, c.change);
    why = "the tier is at its max";
    limit = "the tier's max";
  } else {
    int room = std::min(size - bounds.first, tc.serving - b.released[k]);
    why = "the tier is at its min";
    limit = "the tier's min";
    if (plan != nullptr && plan->min_cpus && all - *plan->min_cpus < room) {
      room = all - *plan->min_cpus;
      why = "the VSF is at its plan's min_cpus";
      limit = "the plan's min_cpus";
    }
    a.release = newest_serving(tier, b.released[k] + std::clamp(room, 0, -c.change));
    a.release.erase(a.release.begin(), a.release.begin() + std::min<long>(b.released[k], a.release.size()));
    allowed = -static_cast<int>(a.release.size());
  }
  if (allowed == 0) {
    record(w, v.index, name, c, ApiOutcome::Refused, 0, why);
    return std::nullopt;
  }
  const bool cut = allowed != c.change;
  record(w, v.index, name, c, cut ? ApiOutcome::Cut : ApiOutcome::Accepted, allowed, cut ? "cut to " + limit : "");
  a.ask = std::max(0, allowed);
  b.asked[k] += a.ask;
  b.released[k] += static_cast<int>(a.release.size());
  return a;
}

// Rule r of the VSF at its check: a call if the queue passes a threshold and the cooldown has passed.
std::optional<Call> check_rule(World& w, VsfRuntime& v, const ApiRule& r, double last) {
  if (!v.exists || now() >= v.spec->end_s || now() < last + r.cooldown_s - control::kTimerSlack) return std::nullopt;
  const double q = tier_queue(w, v, r.tier_index);
  Call c{r.tier_index, 0, "rule", r.pointer, now(), q};
  if (q > r.queue_above)
    c.change = r.ask;
  else if (r.queue_below >= 0 && q < r.queue_below)
    c.change = -r.release;
  else
    return std::nullopt;
  return c;
}

// The first check of a rule on the VSF's grid start + k * interval after now.
double next_check(const VsfSpec& s, const ApiRule& r) {
  const double k = std::floor((now() - s.start_s) / r.interval_s + 1e-9) + 1;
  return s.start_s + std::max(1.0, k) * r.interval_s;
}

}  // namespace

std::vector<ApiProgress> api_progress(const Scenario& s) {
  std::vector<ApiProgress> out(s.vsfs.size());
  for (size_t i = 0; i < s.api_calls.size(); ++i)
    if (s.api_calls[i].vsf_index >= 0) {
      ApiProgress& p = out[static_cast<size_t>(s.api_calls[i].vsf_index)];
      p.calls.push_back(i);
      p.call_at.push_back(s.api_calls[i].at_s);
    }
  for (size_t v = 0; v < s.vsfs.size(); ++v)
    for (const ApiRule& r : s.vsfs[v].api_rules) {
      out[v].rule_check.push_back(s.vsfs[v].start_s + r.interval_s);
      out[v].rule_last.push_back(-kNever);
    }
  return out;
}

double api_due(const ApiProgress& p) {
  double t = p.next < p.call_at.size() ? p.call_at[p.next] : kNever;
  for (double c : p.rule_check) t = std::min(t, c);
  return t;
}

std::vector<ApiAction> take_api_calls(World& w, VsfRuntime& v, ApiProgress& p,
                                      const std::vector<std::pair<int, int>>& bounds) {
  std::vector<ApiAction> out;
  Batch batch{std::vector<int>(v.tiers.size(), 0), std::vector<int>(v.tiers.size(), 0)};
  auto take = [&](const Call& c) {
    if (auto a = judge(w, v, c, bounds[static_cast<size_t>(c.tier)], batch)) out.push_back(std::move(*a));
  };
  for (; p.next < p.calls.size() && is_due(w.scenario.api_calls[p.calls[p.next]].at_s); ++p.next) {
    const ApiCall& a = w.scenario.api_calls[p.calls[p.next]];
    take(Call{a.tier_index, a.delta, "call", a.pointer, a.at_s, -1});
  }
  for (size_t i = 0; i < p.rule_check.size(); ++i) {
    if (!is_due(p.rule_check[i])) continue;
    const ApiRule& r = v.spec->api_rules[i];
    p.rule_check[i] = now() >= v.spec->end_s ? kNever : next_check(*v.spec, r);
    if (auto c = check_rule(w, v, r, p.rule_last[i])) {
      p.rule_last[i] = now();
      take(*c);
    }
  }
  return out;
}

// Calls no farm manager will take: to an ordered VSF that was never built, or made at or after the VSF's end
// (its farm manager lets it go then, decommission.hpp).
void start_api_refusals(World& w) {
  std::vector<const ApiCall*> orphans;
  const auto ended_by = [&w](const ApiCall& c) {
    return c.vsf_index >= 0 && c.at_s >= w.scenario.vsfs[static_cast<size_t>(c.vsf_index)].end_s;
  };
  for (const ApiCall& c : w.scenario.api_calls)
    if ((c.vsf_index < 0 || ended_by(c)) && c.at_s < w.end_s) orphans.push_back(&c);
  if (orphans.empty()) return;
  World* wp = &w;
  sg4::Actor::create("api_refusals", w.platform.fabric, [wp, orphans] {
    for (const ApiCall* c : orphans) {
      sg4::this_actor::sleep_until(c->at_s);
      if (c->vsf_index >= 0)
        record(*wp, c->vsf_index, c->vsf, Call{c->tier_index, c->delta, "call", c->pointer, c->at_s, -1},
               ApiOutcome::Refused, 0, "the VSF has ended");
      else
        record(*wp, -1, c->vsf, Call{0, c->delta, "call", c->pointer, c->at_s, -1}, ApiOutcome::Refused, 0,
               "the VSF does not exist (its order was not built)", {{"tier", c->tier}});
    }
  });
}

}  // namespace vsf::sim
