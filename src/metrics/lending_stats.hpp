// summary.json's `lending` and `sites` sections (issue 14; only for a scenario with `sites`): what the
// global grid manager lent, from where to where, for how long, what it refused and what WAN failures took
// back, the response-time price of a lent CPU, and each site's pool. Plain C++, fed by the sim layer
// (sim/managers/global_manager.cpp, sim/dataplane/requests.cpp) through Recorder::lending().
//
// lending:
//   requests              loan requests the global manager received (a segment short of idle CPUs asked)
//   loans                 loan decisions that lent at least one CPU
//   cpus_lent             CPUs lent (cpu_lent events)
//   lent_cpu_seconds      seconds lent CPUs were held by their borrowers (loans still open end at the run's end)
//   by_pair[]             {from, to, cpus, cpu_seconds}, one per (lender, borrower) pair that lent, in site order
//   refused               {reason: CPUs}: CPUs asked and not lent ("global manager down", "unreachable",
//                         "global manager unreachable", "no lender", "stale report"); keys sorted
//   lost_to_wan           lent CPUs their VSF lost to a WAN link failure
//   response_s            {home: {count, p50, p95}, lent: {count, p50, p95}}: response times of requests served
//                         without / with a lent CPU on their way (flow fidelity: its response samples, each
//                         weighted by the requests it stands for; null quantiles without one)
//   global_manager_energy_j  joules the global grid manager's host used (with a global_manager only)
// sites[]: {name, cpus, idle_mean, idle_min, lent_out_cpu_seconds, borrowed_cpu_seconds}; the idle pool is
//   sampled at every global_manager interval (time-weighted mean over the samples, min of them). With a
//   global_manager also revenue (the bills of the VSFs homed there) and energy_j (its CPUs' hosts, and the busy
//   energy of the flow VSFs homed there).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "metrics/histogram.hpp"
#include "model/sites_spec.hpp"

namespace vsf {

class LendingStats {
 public:
  explicit LendingStats(const std::vector<SiteSpec>& sites);

  void requested() { ++requests_; }
  void loan() { ++loans_; }
  void lent(int cpu, int from, int to, double t);
  void returned(int cpu, double t);  // back to its own pool (or the run ends): its seconds are counted
  void lost_to_wan() { ++lost_to_wan_; }
  void refused(const std::string& reason, int cpus) { refused_[reason] += cpus; }
  // A request served (weight: how many it stands for, a flow-fidelity sample's share of the interval's).
  void served(bool on_lent, double response_s, double weight = 1) {
    (on_lent ? lent_rt_ : home_rt_).add(response_s, weight);
  }
  void idle_sample(int site, int idle, double t);
  void finish(double t);
  // With a global manager (set once at the end): its host's energy and each site's revenue and energy.
  void global_manager_energy(double joules) { ggm_energy_j_ = joules; }
  void site_totals(int site, double revenue, double energy_j);

  nlohmann::ordered_json lending_json() const;
  nlohmann::ordered_json sites_json() const;
  void add_sections(nlohmann::ordered_json& summary) const;  // "lending" and "sites"

 private:
  struct Open {
    int from = 0, to = 0;
    double since = 0;
  };
  struct Site {
    std::string name;
    int cpus = 0;
    double idle_acc = 0, first_t = -1, last_t = 0;
    int last_idle = 0, idle_min = 0;
    bool sampled = false;
    double lent_out_s = 0, borrowed_s = 0;
    double revenue = 0, energy_j = 0;
  };
  struct Pair {
    long cpus = 0;
    double seconds = 0;
  };
  std::vector<Site> sites_;
  std::map<int, Open> open_;  // by CPU
  std::map<std::pair<int, int>, Pair> pairs_;
  std::map<std::string, long> refused_;
  long requests_ = 0, loans_ = 0, cpus_lent_ = 0, lost_to_wan_ = 0;
  double lent_s_ = 0;
  std::optional<double> ggm_energy_j_;  // set: a global manager ran, and its figures are written
  LogHistogram home_rt_, lent_rt_;
};

}  // namespace vsf
