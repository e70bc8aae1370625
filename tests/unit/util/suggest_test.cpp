// "Did you mean": the edit distance, the nearest plausible candidate, and the wordings built on them.
#include "util/suggest.hpp"

#include <catch2/catch.hpp>

using namespace vsf;

TEST_CASE("nearest key suggestions", "[suggest]") {
  std::vector<std::string> keys = {"name", "duration", "models", "grid", "vsfs", "actions", "outputs"};
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(nearest("duraton", keys) == std::optional<std::string>("duration"));
  CHECK(nearest("Duration", keys) == std::optional<std::string>("duration"));
  CHECK(nearest("vsf", keys) == std::optional<std::string>("vsfs"));
  CHECK(nearest("output", keys) == std::optional<std::string>("outputs"));
  CHECK_FALSE(nearest("zzzzzzzz", keys));
  CHECK(suggestion_suffix("modles", keys) == "; did you mean \"models\"?");
  CHECK(suggestion_suffix("qqqqqq", {"a", "b"}) == "; expected one of: \"a\", \"b\"");
}

TEST_CASE("one wording for a suggestion and for a list", "[suggest]") {
  const std::vector<std::string> header = {"timestamp", "requests", "bytes_sent"};
  CHECK(did_you_mean("timestmp", header) == "did you mean \"timestamp\"?");
  CHECK(did_you_mean("TIMESTAMP", header) == "did you mean \"timestamp\"?");  // case does not count
  CHECK(did_you_mean("zzz", header).empty());
  CHECK(quoted_list(header) == "\"timestamp\", \"requests\", \"bytes_sent\"");
  CHECK(quoted_list({}).empty());
  CHECK(suggestion_suffix("zzz", {}).empty());
}
