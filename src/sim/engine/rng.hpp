// Deterministic random draws for the simulation: seeded std::mt19937_64 streams and inverse-CDF
// distributions written here, because std:: distributions differ between standard libraries and the
// same scenario + seed must give byte-identical results everywhere.
#pragma once

#include <cmath>
#include <cstdint>
#include <memory>
#include <random>

namespace vsf::sim {

// SplitMix64 finaliser: derives independent stream seeds from (scenario seed, stream id), so adding a
// VSF or a stream never shifts the draws of another.
inline uint64_t mix_seed(uint64_t seed, uint64_t stream) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Stream ids: one per purpose and VSF, so that e.g. service times do not depend on arrival draws.
// Flow: flow fidelity's response samples; DemandArrivals and DemandHolds: a VSF's cpu_demand.
enum class Stream : uint64_t { Arrivals = 1, Work = 2, Flow = 3, DemandArrivals = 4, DemandHolds = 5, CdnHits = 6 };
inline uint64_t stream_seed(uint64_t seed, Stream s, int vsf) {
  return mix_seed(seed, (static_cast<uint64_t>(s) << 32) + static_cast<uint64_t>(vsf));
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  // uniform in [0, 1) with 53 random bits
  double uniform() { return static_cast<double>(gen_() >> 11) * 0x1.0p-53; }
  double exponential(double mean) { return -std::log1p(-uniform()) * mean; }

 private:
  std::mt19937_64 gen_;
};

// An Rng made at its first draw, with the same draws as one made at once from the same seed. A VSF holds
// a stream per purpose (world.hpp) and most VSFs never draw from some of them (request work in flow
// fidelity, cpu_demand, CDN hits); at 2.5 KiB per std::mt19937_64, those were 10 KiB per VSF.
class LazyRng {
 public:
  explicit LazyRng(uint64_t seed) : seed_(seed) {}
  double uniform() { return rng().uniform(); }
  double exponential(double mean) { return rng().exponential(mean); }

 private:
  Rng& rng() {
    if (!rng_) rng_ = std::make_unique<Rng>(seed_);
    return *rng_;
  }
  uint64_t seed_;
  std::unique_ptr<Rng> rng_;
};

}  // namespace vsf::sim
