// FlatSet: the isolation search's holder sets. Checked against std::set on random edits.
#include "util/flat_set.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <vector>

using namespace vsf;

TEST_CASE("FlatSet inserts once, erases what it holds and walks in increasing order", "[flat_set]") {
  FlatSet<int> s;
  CHECK(s.empty());
  for (int x : {5, 1, 9, 5, 3}) s.insert(x);
  CHECK(s.size() == 4);
  CHECK(std::vector<int>(s.begin(), s.end()) == std::vector<int>{1, 3, 5, 9});
  CHECK(s.count(5) == 1);
  CHECK(s.count(4) == 0);
  s.erase(4);  // absent: no change
  s.erase(1);
  s.erase(9);
  CHECK(std::vector<int>(s.begin(), s.end()) == std::vector<int>{3, 5});
}

TEST_CASE("FlatSet holds what std::set holds after random edits", "[flat_set]") {
  std::mt19937 rng(11);
  for (unsigned range : {1U, 8U, 300U}) {
    FlatSet<unsigned> s;
    std::set<unsigned> ref;
    for (int k = 0; k < 4000; ++k) {
      const unsigned x = rng() % range;
      if (rng() % 3 != 0) {
        s.insert(x);
        ref.insert(x);
      } else {
        s.erase(x);
        ref.erase(x);
      }
      REQUIRE(s.size() == ref.size());
      REQUIRE(s.count(x) == ref.count(x));
    }
    CHECK(std::vector<unsigned>(s.begin(), s.end()) == std::vector<unsigned>(ref.begin(), ref.end()));
  }
}
