// Inverse-CDF draws and analytic moments of the fault distributions, and the names of kinds and roles.
#include "model/faults_spec.hpp"

#include <algorithm>
#include <cmath>

namespace vsf::faults {

namespace {

// In [0, 1): 53 random bits, so 1 - u is never 0 and every log below is finite.
double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

}  // namespace

double Distribution::draw(std::mt19937_64& rng) const {
  const double u = uniform01(rng);
  switch (type) {
    case Type::Exponential:
      return -mean_s * std::log1p(-u);
    case Type::Weibull:
      return scale_s * std::pow(-std::log1p(-u), 1.0 / shape);
    case Type::Constant:
      return value_s;
    case Type::Empirical: {
      // The inverse of the empirical CDF: each sample with probability 1/n (a bootstrap of the file).
      if (samples_s.empty()) return 0;
      size_t i = static_cast<size_t>(u * static_cast<double>(samples_s.size()));
      return samples_s[std::min(i, samples_s.size() - 1)];
    }
  }
  return 0;
}

double Distribution::mean() const {
  switch (type) {
    case Type::Exponential:
      return mean_s;
    case Type::Weibull:
      return scale_s * std::tgamma(1 + 1 / shape);
    case Type::Constant:
      return value_s;
    case Type::Empirical: {
      double sum = 0;
      for (double s : samples_s) sum += s;
      return samples_s.empty() ? 0 : sum / static_cast<double>(samples_s.size());
    }
  }
  return 0;
}

double Distribution::variance() const {
  switch (type) {
    case Type::Exponential:
      return mean_s * mean_s;
    case Type::Weibull: {
      const double g1 = std::tgamma(1 + 1 / shape);
      return scale_s * scale_s * (std::tgamma(1 + 2 / shape) - g1 * g1);
    }
    case Type::Constant:
      return 0;
    case Type::Empirical: {
      if (samples_s.empty()) return 0;
      const double m = mean();
      double sum = 0;
      for (double s : samples_s) sum += (s - m) * (s - m);
      return sum / static_cast<double>(samples_s.size());
    }
  }
  return 0;
}

Distribution Distribution::exponential(double mean) {
  Distribution d;
  d.type = Type::Exponential;
  d.mean_s = mean;
  return d;
}

Distribution Distribution::weibull(double shape, double scale) {
  Distribution d;
  d.type = Type::Weibull;
  d.shape = shape;
  d.scale_s = scale;
  return d;
}

Distribution Distribution::constant(double value) {
  Distribution d;
  d.type = Type::Constant;
  d.value_s = value;
  return d;
}

Distribution Distribution::empirical(std::vector<double> samples) {
  Distribution d;
  d.type = Type::Empirical;
  std::sort(samples.begin(), samples.end());
  d.samples_s = std::move(samples);
  return d;
}

namespace {

constexpr const char* kKindNames[kFaultKindCount] = {"cpu",          "control_host", "manager",  "vlan_switch",
                                                     "vlan_port",    "san_switch",   "san_port", "storage",
                                                     "cp_partition", "registry",     "wan",      "global_manager"};

}  // namespace

const char* kind_name(FaultKind k) { return kKindNames[static_cast<int>(k)]; }

std::optional<FaultKind> kind_from_name(const std::string& name) {
  for (int i = 0; i < kFaultKindCount; ++i)
    if (name == kKindNames[i]) return static_cast<FaultKind>(i);
  return std::nullopt;
}

const char* role_name(ManagerRole r) {
  switch (r) {
    case ManagerRole::Master:
      return "master";
    case ManagerRole::Slave:
      return "slave";
    case ManagerRole::FarmManager:
      return "farm_manager";
  }
  return "?";
}

const char* mode_name(ManagerMode m) {
  switch (m) {
    case ManagerMode::Crash:
      return "crash";
    case ManagerMode::Stall:
      return "stall";
  }
  return "?";
}

}  // namespace vsf::faults
