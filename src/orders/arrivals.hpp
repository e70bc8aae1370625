// The order arrival process (issue 13 §1, `order_arrivals`): when customers order, as a Poisson process or
// a list of times, and which template each order is drawn from. Plain arithmetic on a stream of its own
// (arrivals_stream): the same seed gives the same orders, and they shift no other order's draws.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace vsf::orders {

// The stream of entry `entry` of order_arrivals under this seed.
std::mt19937_64 arrivals_stream(uint64_t seed, size_t entry);

// A uniform draw in [0, 1) from the stream.
double unit_draw(std::mt19937_64& rng);

// Arrival times of a Poisson process of `rate_per_s` in [from_s, to_s): exponential gaps from from_s.
std::vector<double> poisson_times(double rate_per_s, double from_s, double to_s, std::mt19937_64& rng);

// The template a uniform draw `u` in [0, 1) picks, each with probability weight / sum of weights (> 0).
size_t pick_weighted(const std::vector<double>& weights, double u);

}  // namespace vsf::orders
