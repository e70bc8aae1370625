#include "metrics/order_stats.hpp"

#include <algorithm>
#include <cmath>

namespace vsf {

namespace {

using ojson = nlohmann::ordered_json;

// Nearest rank of a sorted, non-empty sample: the smallest value with at least q of the sample at or below it.
double nearest_rank(const std::vector<double>& sorted, double q) {
  const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::max<size_t>(rank, 1) - 1];
}

}  // namespace

void OrderStats::serving(size_t order, double t) {
  if (order < serving_s_.size() && serving_s_[order] < 0) serving_s_[order] = t;
}

void OrderStats::built(size_t order, double pool_wait_s) {
  if (order < wait_s_.size()) wait_s_[order] = pool_wait_s;
}

void OrderStats::refuse(size_t order) {
  if (order < refused_.size()) refused_[order] = true;
}

void OrderStats::decommission(size_t order, bool carried_out) {
  if (order < decommission_.size()) decommission_[order] = carried_out ? 1 : 2;
}

namespace {

// Decommission orders by outcome; absent (null) when the scenario has none, so older summaries keep their shape.
ojson decommissions_json(const std::vector<Order>& orders, const std::vector<int>& outcome, double end_s) {
  long received = 0, carried_out = 0, nothing = 0, any = 0;
  for (size_t i = 0; i < orders.size(); ++i) {
    if (orders[i].kind != OrderKind::Decommission) continue;
    ++any;
    if (orders[i].at_s >= end_s) continue;
    ++received;
    carried_out += outcome[i] == 1;
    nothing += outcome[i] == 2;
  }
  if (any == 0) return nullptr;
  return {{"received", received},
          {"carried_out", carried_out},
          {"nothing_to_end", nothing},
          {"pending", received - carried_out - nothing}};
}

}  // namespace

ojson OrderStats::to_json(double end_s) const {
  long received = 0, approved = 0, rejected = 0, credit_failed = 0, refused = 0, built = 0, serving = 0;
  std::vector<double> lead;
  double wait_sum = 0, wait_max = 0;
  for (size_t i = 0; i < orders_.size(); ++i) {
    const Order& o = orders_[i];
    const OrderSteps& s = o.steps;
    if (o.at_s >= end_s || o.kind != OrderKind::Create) continue;
    ++received;
    if (s.reviewed_s < end_s) ++(s.approved ? approved : rejected);
    if (s.approved && s.credit_checked_s < end_s && !s.credit_passed) ++credit_failed;
    if (refused_[i]) ++refused;
    if (wait_s_[i] >= 0) {
      ++built;
      wait_sum += wait_s_[i];
      wait_max = std::max(wait_max, wait_s_[i]);
    }
    if (serving_s_[i] >= 0) {
      ++serving;
      lead.push_back(serving_s_[i] - o.at_s);
    }
  }
  ojson j;
  j["received"] = received;
  j["approved"] = approved;
  j["rejected"] = rejected;
  j["credit_failed"] = credit_failed;
  j["refused"] = refused;
  j["built"] = built;
  j["serving"] = serving;
  j["pending"] = received - rejected - credit_failed - refused - serving;
  std::sort(lead.begin(), lead.end());
  ojson l;
  l["p50"] = lead.empty() ? ojson(nullptr) : ojson(nearest_rank(lead, 0.5));
  l["p95"] = lead.empty() ? ojson(nullptr) : ojson(nearest_rank(lead, 0.95));
  l["max"] = lead.empty() ? ojson(nullptr) : ojson(lead.back());
  j["lead_time_s"] = std::move(l);
  j["pool_wait_s"] = {{"mean", built > 0 ? ojson(wait_sum / static_cast<double>(built)) : ojson(nullptr)},
                      {"max", built > 0 ? ojson(wait_max) : ojson(nullptr)}};
  if (ojson d = decommissions_json(orders_, decommission_, end_s); !d.is_null()) j["decommissions"] = std::move(d);
  return j;
}

}  // namespace vsf
