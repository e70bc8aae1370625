// x % d for the small divisors of the samples' shuffle (vsf_flow.cpp strata), without a division: a 64-bit
// `div` is tens of cycles, and a data-centre day shuffles billions of strata. Lemire, Kaser & Kurz,
// "Faster remainder by direct computation" (2019): with M = ceil(2^128 / d), x % d is the high 64 bits of
// (M * x mod 2^128) * d, exact for every 64-bit x and every d < 2^64 (the fraction M / 2^128 carries 128
// bits, at least the 64 of x plus the bits of d). The result is the same number as x % d, so the shuffle
// and everything drawn after it are unchanged.
#pragma once

#include <array>
#include <cstdint>

namespace vsf::flow {

class SmallRemainder {
 public:
  static constexpr uint64_t kMaxDivisor = 64;  // the samples' largest count (kMaxFlowSamples)

  // x % d for 1 <= d <= kMaxDivisor, else falls back on the division.
  static uint64_t of(uint64_t x, uint64_t d) {
    if (d == 0 || d > kMaxDivisor) return x % d;
    const unsigned __int128 low = magic()[d] * x;  // wraps mod 2^128 on purpose
    // high 64 bits of the 192-bit product low * d, from its two 64-bit halves
    const unsigned __int128 lo_part = static_cast<unsigned __int128>(static_cast<uint64_t>(low)) * d;
    const unsigned __int128 hi_part = static_cast<unsigned __int128>(static_cast<uint64_t>(low >> 64)) * d;
    return static_cast<uint64_t>((hi_part + (lo_part >> 64)) >> 64);
  }

 private:
  using Table = std::array<unsigned __int128, kMaxDivisor + 1>;
  static constexpr Table make() {
    Table t{};
    for (uint64_t d = 1; d <= kMaxDivisor; ++d) t[d] = ~static_cast<unsigned __int128>(0) / d + 1;  // d = 1: 0
    return t;
  }
  static const Table& magic() {
    static constexpr Table kTable = make();
    return kTable;
  }
};

}  // namespace vsf::flow
