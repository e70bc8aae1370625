// SplitMix64 (Steele, Lea & Flood 2014): one step of its state and its output function, a bijective mix.
// Seeds of independent random streams are derived with it, so distinct (seed, domain, index) give unrelated
// streams and adding one stream never shifts another's draws.
#pragma once

#include <cstdint>

namespace vsf::util {

inline uint64_t splitmix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace vsf::util
