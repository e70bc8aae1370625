// vsfsim_memory_latency [MiB...]: the time of one dependent load over a random cycle of cache lines
// spanning each size (default 1 to 512 MiB), on 4 KiB pages and on 2 MiB pages where the kernel gives
// them (madvise). The curve shows how much of the machine's cache a run gets: the scale series' 10x step
// costs more than 10x where the larger grid's working set falls out of it (README, Performance, Scale).
// A benchmark, not a test; nothing here uses vsfsim's code.
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr size_t kLine = 64, kSteps = 20'000'000;

// ns per load over `mib` MiB; `huge`: ask for 2 MiB pages.
double chase(size_t mib, bool huge) {
  const size_t lines = mib * 1024 * 1024 / kLine, words = kLine / sizeof(size_t);
  auto* next = static_cast<size_t*>(std::aligned_alloc(1 << 21, lines * kLine));
  if (next == nullptr) return -1;
  if (huge) madvise(next, lines * kLine, MADV_HUGEPAGE);
  std::vector<size_t> order(lines);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937_64(1));
  for (size_t i = 0; i < lines; ++i) next[order[i] * words] = order[(i + 1) % lines] * words;
  size_t p = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (size_t s = 0; s < kSteps; ++s) p = next[p];
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  volatile size_t sink = p;  // keeps the chase
  (void)sink;
  std::free(next);
  return ns / kSteps;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<size_t> sizes;
  for (int k = 1; k < argc; ++k) sizes.push_back(std::stoul(argv[k]));
  if (sizes.empty()) sizes = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
  std::printf("| MiB | ns per load, 4 KiB pages | ns per load, 2 MiB pages |\n|---:|---:|---:|\n");
  for (size_t mib : sizes) std::printf("| %zu | %.1f | %.1f |\n", mib, chase(mib, false), chase(mib, true));
}
