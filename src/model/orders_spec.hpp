// The typed `provisioning` settings and `orders` of a scenario (issue 13 §1): customers order VSFs through
// the provisioning console; people review each order (in working hours, if given), a credit check
// follows, and an approved order is built from the idle pool. Plain data; src/orders/ holds the
// arithmetic (working hours, an order's steps from its draws).
#pragma once

#include <optional>
#include <string>

#include "model/faults_spec.hpp"

namespace vsf {

// The hours in which reviewers work, each day (or Monday to Friday only). Time 0 of a run is a Monday 00:00.
struct WorkingHours {
  double from_s = 9 * 3600;  // seconds after midnight
  double to_s = 17 * 3600;   // > from_s
  bool weekdays_only = false;
};

struct ProvisioningSpec {
  // Working time a review takes (from the draw); with review_hours it only advances within those hours.
  faults::Distribution review = faults::Distribution::constant(0);
  std::optional<WorkingHours> review_hours;
  double reject_probability = 0;
  // A credit agency's answer time: runs around the clock.
  faults::Distribution credit_check = faults::Distribution::constant(0);
  double credit_fail_probability = 0;
};

}  // namespace vsf
