// The lending and sites sections of summary.json (see lending_stats.hpp).
#include "metrics/lending_stats.hpp"

#include <algorithm>

namespace vsf {

namespace {

using ojson = nlohmann::ordered_json;

ojson quantiles(const LogHistogram& h) {
  auto q = [&](double p) {
    const auto v = h.quantile(p);
    return v ? ojson(*v) : ojson(nullptr);
  };
  return {{"count", static_cast<long>(h.count())}, {"p50", q(0.5)}, {"p95", q(0.95)}};
}

}  // namespace

LendingStats::LendingStats(const std::vector<SiteSpec>& sites) {
  for (const SiteSpec& spec : sites) {
    Site s;
    s.name = spec.name;
    s.cpus = spec.cpus.count;
    sites_.push_back(s);
  }
}

void LendingStats::add_sections(ojson& summary) const {
  summary["lending"] = lending_json();
  summary["sites"] = sites_json();
}

void LendingStats::lent(int cpu, int from, int to, double t) {
  ++cpus_lent_;
  ++pairs_[{from, to}].cpus;
  open_[cpu] = {from, to, t};
}

void LendingStats::returned(int cpu, double t) {
  auto it = open_.find(cpu);
  if (it == open_.end()) return;
  const Open& o = it->second;
  const double held = std::max(0.0, t - o.since);
  lent_s_ += held;
  pairs_[{o.from, o.to}].seconds += held;
  if (o.from >= 0 && o.from < static_cast<int>(sites_.size())) sites_[static_cast<size_t>(o.from)].lent_out_s += held;
  if (o.to >= 0 && o.to < static_cast<int>(sites_.size())) sites_[static_cast<size_t>(o.to)].borrowed_s += held;
  open_.erase(it);
}

void LendingStats::site_totals(int site, double revenue, double energy_j) {
  if (site < 0 || site >= static_cast<int>(sites_.size())) return;
  sites_[static_cast<size_t>(site)].revenue = revenue;
  sites_[static_cast<size_t>(site)].energy_j = energy_j;
}

void LendingStats::idle_sample(int site, int idle, double t) {
  if (site < 0 || site >= static_cast<int>(sites_.size())) return;
  Site& s = sites_[static_cast<size_t>(site)];
  if (!s.sampled) {
    s.sampled = true;
    s.first_t = t;
    s.idle_min = idle;
  } else {
    s.idle_acc += s.last_idle * (t - s.last_t);
  }
  s.idle_min = std::min(s.idle_min, idle);
  s.last_idle = idle;
  s.last_t = t;
}

void LendingStats::finish(double t) {
  std::vector<int> cpus;
  for (const auto& [cpu, o] : open_) cpus.push_back(cpu);
  for (int cpu : cpus) returned(cpu, t);
  for (size_t k = 0; k < sites_.size(); ++k)
    if (sites_[k].sampled) idle_sample(static_cast<int>(k), sites_[k].last_idle, std::max(t, sites_[k].last_t));
}

ojson LendingStats::lending_json() const {
  ojson by_pair = ojson::array();
  for (const auto& [key, p] : pairs_)
    by_pair.push_back({{"from", sites_[static_cast<size_t>(key.first)].name},
                       {"to", sites_[static_cast<size_t>(key.second)].name},
                       {"cpus", p.cpus},
                       {"cpu_seconds", p.seconds}});
  ojson refused = ojson::object();
  for (const auto& [reason, n] : refused_) refused[reason] = n;
  ojson o;
  o["requests"] = requests_;
  o["loans"] = loans_;
  o["cpus_lent"] = cpus_lent_;
  o["lent_cpu_seconds"] = lent_s_;
  o["by_pair"] = std::move(by_pair);
  o["refused"] = std::move(refused);
  o["lost_to_wan"] = lost_to_wan_;
  o["response_s"] = {{"home", quantiles(home_rt_)}, {"lent", quantiles(lent_rt_)}};
  if (ggm_energy_j_) o["global_manager_energy_j"] = *ggm_energy_j_;
  return o;
}

ojson LendingStats::sites_json() const {
  ojson out = ojson::array();
  for (const Site& s : sites_) {
    const double span = s.last_t - s.first_t;
    ojson mean = !s.sampled ? ojson(nullptr) : span > 0 ? ojson(s.idle_acc / span) : ojson(s.last_idle);
    out.push_back({{"name", s.name},
                   {"cpus", s.cpus},
                   {"idle_mean", mean},
                   {"idle_min", s.sampled ? ojson(s.idle_min) : ojson(nullptr)},
                   {"lent_out_cpu_seconds", s.lent_out_s},
                   {"borrowed_cpu_seconds", s.borrowed_s}});
    if (ggm_energy_j_) {
      out.back()["revenue"] = s.revenue;
      out.back()["energy_j"] = s.energy_j;
    }
  }
  return out;
}

}  // namespace vsf
