// Shadow mode's counts and CPU-seconds estimate (see shadow_tally.hpp).
#include "metrics/shadow_tally.hpp"

#include <algorithm>

namespace vsf {

ShadowTally::ShadowTally(std::string name, std::string policy, const std::vector<int>& initial, double start_s)
    : name_(std::move(name)), policy_(std::move(policy)), size_(initial), since_(initial.size(), start_s) {}

void ShadowTally::decision(int tier, double t, int observed, int applied, int min, int max) {
  if (tier < 0 || static_cast<size_t>(tier) >= size_.size()) return;  // the LB: policies do not size it
  ++decisions_;
  if (applied == 0) return;  // its bounds cut it all: the size stays
  if (applied > 0) {
    ++outs_;
    out_cpus_ += applied;
  } else {
    ++ins_;
    in_cpus_ -= applied;
  }
  const size_t k = static_cast<size_t>(tier);
  closed_ += size_[k] * std::max(0.0, t - since_[k]);
  size_[k] = std::clamp(observed + applied, std::min(min, max), max);
  since_[k] = std::max(since_[k], t);
}

double ShadowTally::cpu_seconds(double t) const {
  double s = closed_;
  for (size_t k = 0; k < size_.size(); ++k) s += size_[k] * std::max(0.0, t - since_[k]);
  return s;
}

nlohmann::ordered_json ShadowTally::json(double t_end, bool named) const {
  nlohmann::ordered_json o;
  if (named) o["name"] = name_;
  o["policy"] = policy_;
  o["decisions"] = decisions_;
  o["scale_outs"] = {{"count", outs_}, {"cpus", out_cpus_}};
  o["scale_ins"] = {{"count", ins_}, {"cpus", in_cpus_}};
  o["cpu_seconds_estimate"] = cpu_seconds(t_end);
  return o;
}

}  // namespace vsf
