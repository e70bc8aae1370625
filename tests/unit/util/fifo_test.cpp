// Fifo: the request queues of tiers and servers. Checked against std::deque on random pushes, pops and
// removals (across its reclaim threshold), and for holding no memory while never used.
#include "util/fifo.hpp"

#include <catch2/catch.hpp>
#include <deque>
#include <random>
#include <vector>

using namespace vsf;

namespace {

std::vector<int> contents(const Fifo<int>& f) { return {f.begin(), f.end()}; }

}  // namespace

TEST_CASE("Fifo holds nothing until its first push, and keeps order", "[fifo]") {
  Fifo<int> f;
  CHECK(f.empty());
  CHECK(f.capacity() == 0);
  for (int k = 1; k <= 5; ++k) f.push_back(k);
  CHECK(f.size() == 5);
  CHECK(f.front() == 1);
  f.pop_front();
  CHECK(f.front() == 2);
  CHECK(f.erase_first(4));
  CHECK_FALSE(f.erase_first(4));
  CHECK_FALSE(f.erase_first(1));  // popped already
  CHECK(contents(f) == std::vector<int>{2, 3, 5});
  while (!f.empty()) f.pop_front();
  CHECK(f.size() == 0);
  f.push_back(9);
  CHECK(contents(f) == std::vector<int>{9});
  CHECK(f.erase_first(9));
  CHECK(f.empty());
}

TEST_CASE("Fifo holds what std::deque holds after random pushes, pops and removals", "[fifo]") {
  std::mt19937 rng(11);
  for (int bias : {2, 3, 5}) {  // pushes per pop: short queues, and long ones that pass the reclaim threshold
    Fifo<int> f;
    std::deque<int> ref;
    int next = 0;
    for (int step = 0; step < 20000; ++step) {
      const unsigned op = rng() % (bias + 2);
      if (op < static_cast<unsigned>(bias)) {
        f.push_back(next);
        ref.push_back(next++);
      } else if (op == static_cast<unsigned>(bias) && !ref.empty()) {
        REQUIRE(f.front() == ref.front());
        f.pop_front();
        ref.pop_front();
      } else if (!ref.empty()) {
        const int x = ref[rng() % ref.size()];
        REQUIRE(f.erase_first(x));
        ref.erase(std::find(ref.begin(), ref.end(), x));
      }
      REQUIRE(f.size() == ref.size());
      REQUIRE(f.empty() == ref.empty());
      if (step % 97 == 0) REQUIRE(contents(f) == std::vector<int>(ref.begin(), ref.end()));
    }
  }
}

TEST_CASE("Fifo reclaims popped slots of a queue that never empties", "[fifo]") {
  Fifo<int> f;
  for (int k = 0; k < 40; ++k) f.push_back(k);
  for (int k = 40; k < 100000; ++k) {  // 40 to 41 queued, forever: the storage must not grow with the pops
    f.push_back(k);
    REQUIRE(f.front() == k - 40);
    f.pop_front();
  }
  CHECK(f.size() == 40);
  CHECK(f.capacity() <= 256);
}
