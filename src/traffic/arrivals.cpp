// ArrivalProcess: a non-homogeneous Poisson process by thinning (Lewis and Shedler 1979). Candidates
// come from a homogeneous process at an upper bound of the rate over a window; each is kept with
// probability rate(t) / bound. Windows are short so the bound stays close to the rate (few rejected
// candidates) and it is computed once per window, not per arrival. Restarting the candidate process
// at a window end is exact because the exponential distribution is memoryless.
#include <algorithm>
#include <limits>

#include "traffic/random.hpp"
#include "traffic/rate.hpp"

namespace vsf {

ArrivalProcess::ArrivalProcess(const RateFunction& rate, uint64_t seed) : rate_(rate), rng_(seed) {}

double ArrivalProcess::next(double t, double end) {
  while (t < end) {
    if (!(t >= window_start_ && t < window_end_)) {
      window_start_ = t;
      window_end_ = t + kWindowS;
      bound_ = rate_.max_rate(window_start_, window_end_);
    }
    const double limit = std::min(window_end_, end);
    if (!(bound_ > 0)) {
      t = limit;
      continue;
    }
    double candidate = t + exponential(rng_, bound_);
    if (!(candidate > t)) candidate = std::nextafter(t, limit);  // t so large that the gap rounds away
    if (candidate >= limit) {
      t = limit;
      continue;
    }
    // Draw the acceptance variate even when rate == bound, so the draw sequence depends only on the seed
    // and the candidates, not on floating-point ties.
    if (uniform_open01(rng_) * bound_ < rate_.rate(candidate)) return candidate;
    t = candidate;
  }
  return std::numeric_limits<double>::infinity();
}

}  // namespace vsf
