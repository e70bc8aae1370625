// The table of acting masters (see acting_masters.hpp).
#include "control/acting_masters.hpp"

namespace vsf::control {

std::optional<int> ActingMasters::epoch_of(int slave) const {
  auto it = epoch_.find(slave);
  if (it == epoch_.end()) return std::nullopt;
  return it->second;
}

std::vector<int> ActingMasters::lapsed(double now, int except) const {
  std::vector<int> out;
  for (const auto& [s, until] : lease_until_)
    if (until <= now && s != except) out.push_back(s);
  return out;
}

int ActingMasters::rivals(int epoch, int except) const {
  int n = 0;
  for (const auto& [s, e] : epoch_)
    if (e == epoch && s != except) ++n;
  return n;
}

void ActingMasters::take_office(int slave, int epoch, double lease_until) {
  epoch_[slave] = epoch;
  lease_until_[slave] = lease_until;
}

void ActingMasters::renew(int slave, double lease_until) {
  if (acting(slave)) lease_until_[slave] = lease_until;
}

void ActingMasters::leave_office(int slave) {
  epoch_.erase(slave);
  lease_until_.erase(slave);
}

}  // namespace vsf::control
