// IdSet: the idle pool's index. Checked against std::set on random edits, across word boundaries.
#include "util/id_set.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <set>

using namespace vsf;

TEST_CASE("IdSet walks its ids in increasing order across words", "[id_set]") {
  IdSet s(200);
  CHECK(s.size() == 0);
  CHECK(s.next(0) == 200);
  for (size_t id : {0, 63, 64, 127, 199}) s.set(id, true);
  s.set(64, true);  // already in: no change of size
  CHECK(s.size() == 5);
  CHECK(s.next(0) == 0);
  CHECK(s.next(1) == 63);
  CHECK(s.next(64) == 64);
  CHECK(s.next(65) == 127);
  CHECK(s.next(128) == 199);
  CHECK(s.next(200) == 200);
  s.set(63, false);
  s.set(63, false);
  CHECK(s.size() == 4);
  CHECK(s.next(1) == 64);
  CHECK_FALSE(s.contains(63));
  CHECK(s.contains(199));
  CHECK_FALSE(s.contains(500));
}

TEST_CASE("IdSet holds what std::set holds after random edits", "[id_set]") {
  std::mt19937 rng(7);
  for (size_t cap : {1, 64, 65, 1000}) {
    IdSet s(cap);
    std::set<size_t> ref;
    for (int k = 0; k < 5000; ++k) {
      const size_t id = rng() % cap;
      const bool in = rng() % 3 != 0;
      s.set(id, in);
      if (in)
        ref.insert(id);
      else
        ref.erase(id);
    }
    REQUIRE(s.size() == ref.size());
    std::set<size_t> walked;
    for (size_t id = s.next(0); id < cap; id = s.next(id + 1)) walked.insert(id);
    CHECK(walked == ref);
  }
}
