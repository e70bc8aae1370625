#include "flow/quantile.hpp"

#include <cmath>
#include <limits>

namespace vsf::flow {

double quantile_from_survival(const std::function<double(double)>& survival, double p, double scale) {
  const double target = 1 - p;
  if (!(p < 1)) return std::numeric_limits<double>::infinity();
  if (survival(0) <= target) return 0;
  double lo = 0, hi = scale > 0 ? scale : 1;
  for (int i = 0; survival(hi) > target; ++i) {
    if (i > 2000) return std::numeric_limits<double>::infinity();
    lo = hi;
    hi *= 2;
  }
  // Invariant: survival(lo) > target >= survival(hi). Stop at a relative width of 1e-14 (about 47 halvings
  // from the bracket; the last few bits are not worth an evaluation each) or when no double lies between.
  for (;;) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi || hi - lo <= 1e-14 * hi) break;
    (survival(mid) > target ? lo : hi) = mid;
  }
  return hi;
}

}  // namespace vsf::flow
