// The JSON spelling of every choice of the typed scenario: the loader accepts exactly these names and
// events print them, so they are part of the file format and of the results.
#include <array>
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "model/scenario.hpp"

using namespace vsf;

namespace {

// The names of `values`, in order.
template <typename E, size_t N>
std::vector<std::string> names_of(const std::array<E, N>& values) {
  std::vector<std::string> names;
  for (E e : values) names.emplace_back(to_string(e));
  return names;
}

// The list holds every value once, in declaration order: a value inserted in the enum but not in the
// list shows as a gap, and one appended after the list's last has a name of its own (to_string must
// name every value, -Wswitch sees to that), while the number past the end is no value ("?"). A scoped
// enum's underlying type is fixed (int), so that number is a valid value of the type.
template <typename E, size_t N>
bool lists_every_value_in_order(const std::array<E, N>& values) {
  for (size_t i = 0; i < N; ++i)
    if (static_cast<size_t>(values[i]) != i) return false;
  return std::string(to_string(static_cast<E>(N))) == "?";
}

}  // namespace

TEST_CASE("choices are spelled as in scenario files, in the documented order", "[model]") {
  CHECK(names_of(kWorkDistributions) == std::vector<std::string>{"exponential", "constant"});
  CHECK(names_of(kSwitchKinds) == std::vector<std::string>{"vlan", "san"});
  CHECK(names_of(kTrafficKinds) == std::vector<std::string>{"constant", "steps", "diurnal", "flash_crowd", "trace"});
  CHECK(names_of(kTraceTimeFormats) == std::vector<std::string>{"seconds", "iso8601"});
  CHECK(names_of(kTraceValueKinds) == std::vector<std::string>{"rate", "count"});
  CHECK(names_of(kPolicyTypes) ==
        std::vector<std::string>{"none", "threshold", "target_tracking", "step", "scheduled", "predictive"});
  CHECK(names_of(kPolicyMetrics) == std::vector<std::string>{"utilization", "requests_per_cpu"});
  CHECK(names_of(kRateLimitTypes) == std::vector<std::string>{"pods", "percent"});
  CHECK(names_of(kSelectPolicies) == std::vector<std::string>{"max", "min", "disabled"});
  CHECK(names_of(kAdjustmentTypes) == std::vector<std::string>{"change_in_capacity", "percent_change_in_capacity"});
  CHECK(names_of(kDispatches) == std::vector<std::string>{"round_robin", "least_outstanding", "shared_queue"});
  CHECK(names_of(kAdminOps) == std::vector<std::string>{"add", "remove"});
  CHECK(names_of(kReassigns) == std::vector<std::string>{"existing", "new", "auto"});
  CHECK(std::string(to_string(Quorum::Majority)) == "majority");
  CHECK(std::string(to_string(Quorum::Count)) == "count");
}

TEST_CASE("each list of values holds every value of its enum once", "[model]") {
  CHECK(lists_every_value_in_order(kWorkDistributions));
  CHECK(lists_every_value_in_order(kSwitchKinds));
  CHECK(lists_every_value_in_order(kTrafficKinds));
  CHECK(lists_every_value_in_order(kTraceTimeFormats));
  CHECK(lists_every_value_in_order(kTraceValueKinds));
  CHECK(lists_every_value_in_order(kPolicyTypes));
  CHECK(lists_every_value_in_order(kPolicyMetrics));
  CHECK(lists_every_value_in_order(kRateLimitTypes));
  CHECK(lists_every_value_in_order(kSelectPolicies));
  CHECK(lists_every_value_in_order(kAdjustmentTypes));
  CHECK(lists_every_value_in_order(kDispatches));
  CHECK(lists_every_value_in_order(kAdminOps));
  CHECK(lists_every_value_in_order(kReassigns));
}

TEST_CASE("fault kind names round-trip", "[model][faults]") {
  std::set<std::string> seen;
  for (int k = 0; k < faults::kFaultKindCount; ++k) {
    const auto kind = static_cast<faults::FaultKind>(k);
    const std::string name = faults::kind_name(kind);
    CHECK(seen.insert(name).second);
    CHECK(faults::kind_from_name(name) == kind);
  }
  CHECK(!faults::kind_from_name("rack"));
  CHECK(std::string(faults::role_name(faults::ManagerRole::FarmManager)) == "farm_manager");
  CHECK(std::string(faults::mode_name(faults::ManagerMode::Stall)) == "stall");
}
