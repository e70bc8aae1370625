// The default metrics of a sweep: the capacity planner's figures of the whole grid.
#include "sweep/spec.hpp"

namespace vsf::sweep {

std::vector<Metric> default_metrics() {
  return {
      {"denials", "/grid/denials/needs"},
      {"denials_per_scale_out", "/grid/denials_per_scale_out"},
      {"idle_min", "/grid/idle_pool/min"},
      {"idle_mean", "/grid/idle_pool/mean"},
      {"idle_empty_fraction", "/grid/idle_pool/fraction_at_zero"},
      {"sla_violation_s_per_vsf_hour", "/grid/sla_violation_s_per_vsf_hour"},
      {"energy_j", "/grid/energy_j"},
  };
}

}  // namespace vsf::sweep
