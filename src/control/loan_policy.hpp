// Which site lends CPUs to a segment short of idle ones (issue 14 §2; patent "A wide area computing grid":
// "the computing resources of each Kilo Pool of a center are available for allocation ... to a VSF located in
// any other center"). Plain rules, no SimGrid: the global grid manager (sim/managers/global_manager.hpp)
// applies them to the figures it holds.
//
// Policies (GlobalManagerSpec::lending):
//  - never: the home pool gives what it can; the rest is refused.
//  - when_empty: the home pool gives what it can; only the rest is asked of other sites, the site with the
//    most idle CPUs first (ties: the lower site index), among sites with a path of working WAN links to the
//    home site.
//  - by_cost: every CPU goes where its hour is cheapest: the home site at its cpu_hour_cost, another
//    reachable site at its cpu_hour_cost + the path's cost_per_gb x the data one CPU-hour sends over the WAN
//    (data_gb_per_cpu_hour). Cheapest first (ties: home first, then the lower index), each site giving what
//    it has idle, until the request is met.
#pragma once

#include <vector>

#include "model/sites_spec.hpp"

namespace vsf::control {

// One WAN link as the rules see it.
struct WanEdge {
  int a = 0, b = 0;
  bool up = true;
  double latency_s = 0;
  double cost_per_gb = 0;
};

// A shortest path (fewest links; ties: the lowest link indices first) of working links between sites `from`
// and `to`: reachable with no links when from == to, not reachable when no such path exists.
struct WanPath {
  bool reachable = false;
  std::vector<int> links;
  double latency_s = 0;    // one way: the sum of its links' latencies
  double cost_per_gb = 0;  // the sum of its links' prices
};
WanPath wan_path(int sites, const std::vector<WanEdge>& links, int from, int to);

// A site as a loan decision sees it.
struct LenderView {
  int idle = 0;              // idle CPUs it can give now
  double cpu_hour_cost = 0;  // SiteSpec::cpu_hour_cost
  WanPath path;              // from the borrower's home site (reachable and empty for the home site itself)
};

struct LoanPlan {
  int local = 0;                           // CPUs from the home pool
  std::vector<std::pair<int, int>> loans;  // (lender site, CPUs), in the order taken
  int refused = 0;                         // what no site gives
  int lent() const {
    int n = 0;
    for (const auto& l : loans) n += l.second;
    return n;
  }
};

// `wanted` CPUs for a VSF of site `home`; sites[k] is site k's view. data_gb_per_cpu_hour only matters to
// by_cost (see data_gb_per_cpu_hour below).
LoanPlan plan_loans(Lending policy, int home, int wanted, const std::vector<LenderView>& sites,
                    double data_gb_per_cpu_hour);

// The estimate by_cost prices the WAN with: the data one CPU of a tier sends and receives in an hour of
// full load, (request + response bytes) x the requests per second its cores complete (cores x speed /
// work per request) x 3600, in GB (1e9 bytes). Full load is the case that matters (a scale-out is asked
// under load) and it needs no forecast. 0 when the work is 0 (nothing to price).
double data_gb_per_cpu_hour(double request_bytes, double response_bytes, double work_flops, double speed_flops,
                            int cores);

}  // namespace vsf::control
