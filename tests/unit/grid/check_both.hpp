// The isolation check as the grid tests call it: incremental (what a run uses by default) and full (the
// reference), which must agree violation for violation; the incremental result is returned.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "grid/grid_model.hpp"

namespace vsf::grid::test {

inline std::string describe(const std::vector<Violation>& v) {
  std::string out;
  for (const Violation& x : v)
    out += x.node + " (owner " + std::to_string(x.owner) + ", from " + std::to_string(x.reached_from) + "); ";
  return out.empty() ? "none" : out;
}

inline std::vector<Violation> check_both(const GridModel& g) {
  const std::vector<Violation> inc = g.check_isolation(IsolationCheck::Incremental);
  const std::vector<Violation> full = g.check_isolation(IsolationCheck::Full);
  INFO("incremental: " << describe(inc));
  INFO("full: " << describe(full));
  REQUIRE(describe(inc) == describe(full));
  return inc;
}

}  // namespace vsf::grid::test
