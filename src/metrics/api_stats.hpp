// summary.json's vsfs[].api: what the farm manager made of the customer API's calls to one VSF (issue 13 §3),
// timed calls and rules' calls together. Only for a VSF with api_calls or api_rules.
#pragma once

#include <fmt/format.h>

#include <array>
#include <nlohmann/json.hpp>
#include <string>

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
  void merge(const ApiStats& o) {
    shown = shown || o.shown;
    calls += o.calls;
    for (size_t i = 0; i < by_outcome.size(); ++i) by_outcome[i] += o.by_outcome[i];
    cpus_asked += o.cpus_asked;
    cpus_released += o.cpus_released;
  }
  // The human summary's line (all VSFs merged).
  std::string human_line() const {
    return fmt::format("customer API: {} calls ({} accepted, {} cut, {} refused); {} CPUs asked, {} released\n", calls,
                       by_outcome[0], by_outcome[1], by_outcome[2], cpus_asked, cpus_released);
  }
  nlohmann::ordered_json to_json() const {
    nlohmann::ordered_json by;
    for (ApiOutcome o : kApiOutcomes) by[to_string(o)] = by_outcome[static_cast<size_t>(o)];
    return {
        {"calls", calls}, {"by_outcome", std::move(by)}, {"cpus_asked", cpus_asked}, {"cpus_released", cpus_released}};
  }
};

}  // namespace vsf
