// cut_list and quoted_list: a long list in a message names the first few items, then "and N more".
#include "util/list_cut.hpp"

#include <catch2/catch.hpp>

#include "util/suggest.hpp"

using namespace vsf;

namespace {
std::vector<std::string> numbered(size_t n) {
  std::vector<std::string> out;
  for (size_t i = 1; i <= n; ++i) out.push_back("v" + std::to_string(i));
  return out;
}
}  // namespace

TEST_CASE("cut_list names every item of a short list", "[list_cut]") {
  CHECK(cut_list({}) == "");
  CHECK(cut_list({"a"}) == "a");
  CHECK(cut_list({"a", "b", "c"}) == "a, b, c");
  CHECK(cut_list(numbered(kListShown)).find("more") == std::string::npos);
  CHECK(cut_list({"a", "b"}, 2, " + ") == "a + b");
}

TEST_CASE("cut_list cuts a long list after the first few, then says how many are left", "[list_cut]") {
  CHECK(cut_list(numbered(800), 3) == "v1, v2, v3 and 797 more");
  CHECK(cut_list(numbered(4), 3) == "v1, v2, v3 and 1 more");
  CHECK(cut_list(numbered(5), 0) == "5 more");
  const std::string cut = cut_list(numbered(800));
  CHECK(cut == "v1, v2, v3, v4, v5, v6, v7, v8 and 792 more");
  CHECK(cut.size() < 60);
}

TEST_CASE("quoted_list quotes the words it names and counts the rest", "[list_cut][suggest]") {
  CHECK(quoted_list({"a", "b"}) == "\"a\", \"b\"");
  CHECK(quoted_list(numbered(5), 2) == "\"v1\", \"v2\" and 3 more");
  CHECK(quoted_list(numbered(1000)).size() < 200);
}
