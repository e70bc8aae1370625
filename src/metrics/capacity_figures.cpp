// Capacity figures of summary.json (see capacity_figures.hpp).
#include "metrics/capacity_figures.hpp"

#include <cmath>

namespace vsf {

using ojson = nlohmann::ordered_json;

namespace {

ojson or_null(std::optional<double> v) { return v && std::isfinite(*v) ? ojson(*v) : ojson(nullptr); }

}  // namespace

ojson time_to_serve_json(const LogHistogram& h, long count, double sum, double max) {
  const bool any = count > 0;
  return {{"mean", any ? ojson(sum / static_cast<double>(count)) : ojson(nullptr)},
          {"p50", or_null(h.quantile(0.50))},
          {"p95", or_null(h.quantile(0.95))},
          {"p99", or_null(h.quantile(0.99))},
          {"max", any ? ojson(max) : ojson(nullptr)}};
}

ojson pool_percentiles_json(const std::map<int, double>& seconds_at) {
  double total = 0;
  for (const auto& [size, s] : seconds_at) total += s;
  auto at = [&](double q) -> ojson {
    if (total <= 0) return nullptr;
    double cumulative = 0;
    for (const auto& [size, s] : seconds_at) {
      cumulative += s;
      if (cumulative >= q * total) return size;
    }
    return seconds_at.rbegin()->first;  // rounding of the sum: the largest size
  };
  return {{"p5", at(0.05)}, {"p50", at(0.50)}, {"p95", at(0.95)}};
}

ojson cpu_hours_json(const std::vector<VsfStats>& vsfs, double busy_cpu_s) {
  double allocated_s = 0, serving_s = 0;
  for (const VsfStats& v : vsfs) {
    for (double s : v.cpu_seconds) allocated_s += s;
    serving_s += v.cpu_seconds[static_cast<size_t>(CpuState::Serving)];
  }
  return {{"allocated", allocated_s / 3600},
          {"serving", serving_s / 3600},
          {"busy", busy_cpu_s / 3600},
          {"utilization_of_allocated", allocated_s > 0 ? ojson(busy_cpu_s / allocated_s) : ojson(nullptr)}};
}

ojson denial_probability_json(long cpus_granted, long cpus_refused) {
  const long asked = cpus_granted + cpus_refused;
  return asked > 0 ? ojson(static_cast<double>(cpus_refused) / static_cast<double>(asked)) : ojson(nullptr);
}

}  // namespace vsf
