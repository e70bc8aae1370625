// summary.json's vsfs[].api: what the farm manager made of the customer API's calls to one VSF (issue 13 §3),
// timed calls and rules' calls together. Only for a VSF with api_calls or api_rules.
#pragma once

#include <array>
#include <nlohmann/json.hpp>

#include "model/customer_api_spec.hpp"

namespace vsf {

struct ApiStats {
  bool shown = false;  // the VSF has calls or rules: the summary has the object
  long calls = 0;
  std::array<long, kApiOutcomes.size()> by_outcome{};  // indexed by ApiOutcome
  long cpus_asked = 0;                                 // asked of the master (accepted and cut asks)
  long cpus_released = 0;                              // released through the slave

  void add(ApiOutcome o, int asked, int released) {
    ++calls;
    ++by_outcome[static_cast<size_t>(o)];
    cpus_asked += asked;
    cpus_released += released;
  }
  nlohmann::ordered_json to_json() const {
    nlohmann::ordered_json by;
    for (ApiOutcome o : kApiOutcomes) by[to_string(o)] = by_outcome[static_cast<size_t>(o)];
    return {
        {"calls", calls}, {"by_outcome", std::move(by)}, {"cpus_asked", cpus_asked}, {"cpus_released", cpus_released}};
  }
};

}  // namespace vsf
