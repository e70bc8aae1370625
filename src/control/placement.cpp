// Placement and arbitration rules (see placement.hpp).
#include "control/placement.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace vsf::control {

int least_loaded(const Registry& r, const std::vector<int>& candidates, int extra, int max_vsfs) {
  int best = -1, best_load = 0;
  for (int s : candidates) {
    if (!r.registered(s)) continue;
    const int load = r.vsf_count(s);
    if (load + extra > max_vsfs) continue;
    if (best < 0 || load < best_load || (load == best_load && s < best)) {
      best = s;
      best_load = load;
    }
  }
  return best;
}

Placement choose_placement(Reassign policy, bool existing_available, double expected_existing_s,
                           double expected_new_s) {
  if (!existing_available) return Placement::NewSlave;
  switch (policy) {
    case Reassign::Existing:
      return Placement::Existing;
    case Reassign::New:
      return Placement::NewSlave;
    case Reassign::Auto:
      return expected_existing_s <= expected_new_s ? Placement::Existing : Placement::NewSlave;
  }
  throw std::logic_error("reassignment policy of no known kind");
}

std::vector<int> share_pool(const std::vector<int>& asks, int available) {
  std::vector<int> out(asks.size(), 0);
  long total = 0;
  for (int a : asks) total += std::max(0, a);
  if (total <= available) {
    for (size_t i = 0; i < asks.size(); ++i) out[i] = std::max(0, asks[i]);
    return out;
  }
  if (available <= 0) return out;
  std::vector<long> rem(asks.size(), 0);
  int given = 0;
  for (size_t i = 0; i < asks.size(); ++i) {
    const long num = static_cast<long>(available) * std::max(0, asks[i]);
    out[i] = static_cast<int>(num / total);
    rem[i] = num % total;
    given += out[i];
  }
  std::vector<size_t> order(asks.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rem[a] > rem[b]; });
  for (size_t k = 0; k < order.size() && given < available; ++k) {
    const size_t i = order[k];
    if (out[i] < asks[i]) {
      ++out[i];
      ++given;
    }
  }
  return out;
}

}  // namespace vsf::control
