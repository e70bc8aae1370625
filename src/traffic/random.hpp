// Random draws from a seeded std::mt19937_64 by our own inverse-CDF formulas: std:: distributions are
// implementation-defined, these give the same numbers on every platform and compiler.
#pragma once

#include <cmath>
#include <random>

namespace vsf {

// Uniform in the open interval (0, 1): the top 53 bits of one draw, centred in their cell, so that
// log(u) is always finite.
inline double uniform_open01(std::mt19937_64& rng) { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; }

// Exponential with the given rate (mean 1 / rate), always > 0.
inline double exponential(std::mt19937_64& rng, double rate) { return -std::log(uniform_open01(rng)) / rate; }

}  // namespace vsf
