// vsfsim_cache_step [--independent] [--loads N] [KiB...]: the 10x step of an ideal program on this machine. A model of
// a flow day's VSF-minute, with work exactly linear in the VSFs: each of N VSFs owns a block of hot state (KiB each,
// allocated apart), and every simulated minute each VSF in turn does a fixed amount of arithmetic (log1p, as the flow
// samples do) and a fixed number of dependent loads in its block (a chase through a random cycle of its lines, picked
// up where the last minute left it: pointer-following, as a VSF's runtime, flow, histograms and farm manager are
// reached). The same number of VSF-minutes is timed at 500 and at 5,000 VSFs (the scale series' 10,000 and 100,000
// CPUs); the step is 10 x the ratio of ns per VSF-minute. With
// --independent the loads do not depend on one another (read-modify-writes of random lines of the block, as a
// histogram's adds): the processor overlaps their misses, the layout a VSF's state would need. Whatever it
// prints above 10x is the machine's, not the program's: where 500 VSFs' hot state fits in the cache this
// machine gives a run and 5,000 VSFs' does not (README, Performance, Scale).
// A benchmark, not a test; nothing here uses vsfsim's code.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr size_t kLine = 64, kWords = kLine / sizeof(size_t);
constexpr size_t kVsfMinutes = 300'000;  // per size: the same work at 500 and 5,000 VSFs
constexpr int kLoads = 50;               // loads per VSF-minute, unless --loads says otherwise
constexpr int kMaxLoads = 100'000;
constexpr size_t kMaxKib = 1024;  // 5,000 VSFs of 1 MiB: 4.9 GiB
constexpr int kWork = 550;        // log1p per VSF-minute: about the flow day's arithmetic (~8 us)

struct Vsf {
  size_t* block;  // its lines, each holding the index (in words) of the next line of a random cycle
  size_t at = 0;  // where its chase stopped
};

// ns per VSF-minute with `n` VSFs of `kib` KiB of hot state each.
double ns_per_vsf_minute(size_t n, size_t kib, int loads, bool independent, double& sink) {
  const size_t lines = kib * 1024 / kLine;
  std::mt19937_64 rng(n * 1000 + kib);
  std::vector<Vsf> vsfs(n);
  std::vector<size_t> order(lines);
  for (Vsf& v : vsfs) {
    v.block = static_cast<size_t*>(std::aligned_alloc(kLine, lines * kLine));
    if (v.block == nullptr) {
      std::fprintf(stderr, "vsfsim_cache_step: no memory for %zu VSFs of %zu KiB\n", n, kib);
      std::exit(2);
    }
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    for (size_t i = 0; i < lines; ++i) v.block[order[i] * kWords] = order[(i + 1) % lines] * kWords;
  }
  double x = 0.5;
  const auto t0 = std::chrono::steady_clock::now();
  for (size_t done = 0; done < kVsfMinutes;) {
    for (size_t k = 0; k < n && done < kVsfMinutes; ++k, ++done) {
      Vsf& v = vsfs[k];
      for (int i = 0; i < kWork; ++i) x = std::log1p(x * 0.999 + 1e-9);
      if (independent) {
        for (int i = 0; i < loads; ++i) ++v.block[(rng() % lines) * kWords + 1];  // a line's second word
      } else {
        for (int i = 0; i < loads; ++i) v.at = v.block[v.at];
      }
    }
  }
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  for (Vsf& v : vsfs) {
    sink += static_cast<double>(v.at);
    std::free(v.block);
  }
  sink += x;
  return ns / kVsfMinutes;
}

// `arg` as a whole number from 1 to `max`; 0 when it is not one.
size_t number(const std::string& arg, size_t max) {
  if (arg.empty() || arg.size() > 6 || arg.find_first_not_of("0123456789") != std::string::npos) return 0;
  const size_t n = std::stoul(arg);
  return n <= max ? n : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<size_t> sizes;
  bool independent = false;
  int loads = kLoads;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    if (arg == "--independent") {
      independent = true;
    } else if (arg == "--loads" && k + 1 < argc && number(argv[k + 1], kMaxLoads) > 0) {
      loads = static_cast<int>(number(argv[++k], kMaxLoads));
    } else if (number(arg, kMaxKib) > 0) {
      sizes.push_back(number(arg, kMaxKib));
    } else {
      std::fprintf(stderr,
                   "vsfsim_cache_step: '%s' is not --independent, --loads N (1 to %d) or a size in KiB (1 to %zu)\n",
                   arg.c_str(), kMaxLoads, kMaxKib);
      return 2;
    }
  }
  if (sizes.empty()) sizes = {2, 4, 8, 16, 32, 64};
  double sink = 0;
  std::printf("%d %s loads and %d log1p per VSF-minute, %zu VSF-minutes per size\n\n", loads,
              independent ? "independent" : "dependent", kWork, kVsfMinutes);
  std::printf(
      "| hot KiB per VSF | at 500 VSFs: MiB, ns per VSF-minute | at 5,000 VSFs | 10x step |\n"
      "|---:|---:|---:|---:|\n");
  for (size_t kib : sizes) {
    const double small = ns_per_vsf_minute(500, kib, loads, independent, sink),
                 large = ns_per_vsf_minute(5000, kib, loads, independent, sink);
    std::printf("| %zu | %.1f MiB, %.0f | %.0f MiB, %.0f | %.1fx |\n", kib, 500.0 * kib / 1024, small,
                5000.0 * kib / 1024, large, 10 * large / small);
  }
  std::fprintf(stderr, "(%g)\n", sink);  // keeps the work
}
