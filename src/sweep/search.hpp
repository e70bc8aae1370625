// The capacity question: the smallest integer value v in [low, high] of one scenario pointer whose
// metric has a one-sided upper confidence bound <= at_most. Bisection, assuming the metric falls as v
// rises; at each probed value replications are added (min_replications first, then more) until the bound
// decides it (upper bound <= target: passes; lower bound > target: fails) or the cap is reached (then it
// fails: the answer stays conservative). Runs already finished are reused.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "sweep/spec.hpp"

namespace vsf::sweep {

// Makes sure replications 1..n at value v exist (running what is missing) and returns their metric values
// (failed runs or missing metrics: the search reports them and stops).
using Evaluate = std::function<std::vector<double>(int64_t v, int n)>;

struct Probe {
  int64_t value = 0;
  std::vector<double> samples;
  double mean = 0;
  std::optional<double> upper, lower;
  bool passes = false;
};

struct SearchResult {
  std::optional<int64_t> answer;                 // none: even `high` fails the target
  std::vector<Probe> probes;                     // in the order probed
  std::optional<Probe> at_answer, below_answer;  // the intervals at the answer and at answer - 1
};

SearchResult search(const Search& spec, const Evaluate& evaluate);

}  // namespace vsf::sweep
