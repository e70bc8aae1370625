// The loan rules (see loan_policy.hpp).
#include "control/loan_policy.hpp"

#include <algorithm>
#include <deque>
#include <numeric>

namespace vsf::control {

WanPath wan_path(int sites, const std::vector<WanEdge>& links, int from, int to) {
  WanPath p;
  if (from < 0 || to < 0 || from >= sites || to >= sites) return p;
  if (from == to) {
    p.reachable = true;
    return p;
  }
  // Breadth first over working links, links in index order: the fewest hops, ties to the lowest indices.
  std::vector<int> via(static_cast<size_t>(sites), -1);
  std::vector<char> seen(static_cast<size_t>(sites), 0);
  std::deque<int> queue{from};
  seen[static_cast<size_t>(from)] = 1;
  while (!queue.empty() && !seen[static_cast<size_t>(to)]) {
    const int u = queue.front();
    queue.pop_front();
    for (size_t i = 0; i < links.size(); ++i) {
      const WanEdge& e = links[i];
      if (!e.up) continue;
      const int v = e.a == u ? e.b : e.b == u ? e.a : -1;
      if (v < 0 || v >= sites || seen[static_cast<size_t>(v)]) continue;
      seen[static_cast<size_t>(v)] = 1;
      via[static_cast<size_t>(v)] = static_cast<int>(i);
      queue.push_back(v);
    }
  }
  if (!seen[static_cast<size_t>(to)]) return p;
  p.reachable = true;
  for (int v = to; v != from;) {
    const int i = via[static_cast<size_t>(v)];
    const WanEdge& e = links[static_cast<size_t>(i)];
    p.links.insert(p.links.begin(), i);
    p.latency_s += e.latency_s;
    p.cost_per_gb += e.cost_per_gb;
    v = e.a == v ? e.b : e.a;
  }
  return p;
}

namespace {

// Takes up to `need` from site k in `order`, recording loans (the home site's share is `local`).
void fill(LoanPlan& plan, int home, const std::vector<int>& order, const std::vector<LenderView>& sites, int& need) {
  for (int k : order) {
    if (need <= 0) break;
    const int give = std::min(need, std::max(0, sites[static_cast<size_t>(k)].idle));
    if (give <= 0) continue;
    need -= give;
    if (k == home)
      plan.local += give;
    else
      plan.loans.emplace_back(k, give);
  }
}

}  // namespace

LoanPlan plan_loans(Lending policy, int home, int wanted, const std::vector<LenderView>& sites,
                    double data_gb_per_cpu_hour) {
  LoanPlan plan;
  int need = std::max(0, wanted);
  const int n = static_cast<int>(sites.size());
  if (home < 0 || home >= n) {
    plan.refused = need;
    return plan;
  }
  std::vector<int> order;
  if (policy == Lending::ByCost) {
    std::vector<double> cost(static_cast<size_t>(n));
    for (int k = 0; k < n; ++k) {
      const LenderView& s = sites[static_cast<size_t>(k)];
      if (k != home && !s.path.reachable) continue;
      cost[static_cast<size_t>(k)] =
          s.cpu_hour_cost + (k == home ? 0 : s.path.cost_per_gb * std::max(0.0, data_gb_per_cpu_hour));
      order.push_back(k);
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      if (cost[static_cast<size_t>(a)] != cost[static_cast<size_t>(b)])
        return cost[static_cast<size_t>(a)] < cost[static_cast<size_t>(b)];
      return (a == home) > (b == home);  // home first on a tie; else index order (stable)
    });
  } else {
    order.push_back(home);
    if (policy == Lending::WhenEmpty) {
      std::vector<int> others;
      for (int k = 0; k < n; ++k)
        if (k != home && sites[static_cast<size_t>(k)].path.reachable) others.push_back(k);
      std::stable_sort(others.begin(), others.end(), [&](int a, int b) {
        return sites[static_cast<size_t>(a)].idle > sites[static_cast<size_t>(b)].idle;
      });
      order.insert(order.end(), others.begin(), others.end());
    }
  }
  fill(plan, home, order, sites, need);
  plan.refused = need;
  return plan;
}

double data_gb_per_cpu_hour(double request_bytes, double response_bytes, double work_flops, double speed_flops,
                            int cores) {
  if (work_flops <= 0 || speed_flops <= 0 || cores <= 0) return 0;
  const double per_s = cores * speed_flops / work_flops;
  return (std::max(0.0, request_bytes) + std::max(0.0, response_bytes)) * per_s * 3600 / 1e9;
}

}  // namespace vsf::control
