// SmallRemainder (the samples' shuffle) must give exactly x % d: the flow's outputs depend on every draw.
#include "flow/remainder.hpp"

#include <catch2/catch.hpp>
#include <cstdint>

#include "flow/vsf_flow.hpp"

using vsf::flow::SampleRng;
using vsf::flow::SmallRemainder;

TEST_CASE("remainder: equals the division for every small divisor on random and extreme numerators") {
  SampleRng rng(12345);
  const uint64_t extremes[] = {
      0, 1, 63, 64, 65, UINT64_MAX, UINT64_MAX - 1, uint64_t{1} << 63, (uint64_t{1} << 63) - 1};
  long mismatches = 0;
  for (uint64_t d = 1; d <= SmallRemainder::kMaxDivisor + 3; ++d) {
    for (uint64_t x : extremes) mismatches += SmallRemainder::of(x, d) != x % d;
    for (int i = 0; i < 20000; ++i) {
      const uint64_t x = rng();
      mismatches += SmallRemainder::of(x, d) != x % d;
      // near multiples of d, where a rounding error of the reciprocal would show first
      const uint64_t near = x - x % d;
      mismatches += SmallRemainder::of(near, d) != 0;
      if (near > 0) mismatches += SmallRemainder::of(near - 1, d) != d - 1;
    }
  }
  CHECK(mismatches == 0);
}
