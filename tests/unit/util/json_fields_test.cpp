// The checked JSON field reader: each reader's messages for a wrong type and an out-of-range value, the
// key table of an object (unknown keys with a suggestion, required keys), and objects whose keys are
// checked later.
#include "util/json_fields.hpp"

#include <catch2/catch.hpp>
#include <limits>

using namespace vsf;

namespace {

// The messages a read adds, one per line.
struct Reads {
  Diagnostics diags;
  Source src{"s.json", &diags};
  std::string messages() const {
    std::string out;
    for (const auto& d : diags.items()) out += d.pointer + ": " + d.message + "\n";
    return out;
  }
};

}  // namespace

TEST_CASE("strings, booleans and choices", "[json_fields]") {
  Reads r;
  CHECK(*read_string(r.src, json("web"), "/a") == "web");
  CHECK(*read_string(r.src, json(""), "/a", true) == "");
  CHECK_FALSE(read_string(r.src, json(""), "/b"));
  CHECK_FALSE(read_string(r.src, json(nullptr), "/c"));
  CHECK(*read_bool(r.src, json(true), "/d"));
  CHECK_FALSE(read_bool(r.src, json("yes"), "/e"));
  CHECK(*read_choice(r.src, json("rate"), "/f", {"rate", "count"}) == "rate");
  CHECK_FALSE(read_choice(r.src, json("cont"), "/g", {"rate", "count"}));
  CHECK_FALSE(read_choice(r.src, json(3), "/h", {"rate", "count"}));
  CHECK(r.messages() ==
        "/b: expected a non-empty string, found \"\"\n"
        "/c: expected a string, found null\n"
        "/e: expected true or false, found \"yes\"\n"
        "/g: expected one of \"rate\", \"count\", found \"cont\"; did you mean \"count\"?\n"
        "/h: expected one of \"rate\", \"count\", found 3\n");
}

TEST_CASE("integers and numbers with their ranges", "[json_fields]") {
  Reads r;
  CHECK(*read_integer(r.src, json(4), "/a", 0, 10) == 4);
  CHECK(*read_integer(r.src, json(2.0), "/a", 0, 10) == 2);  // integral floats are integers
  CHECK_FALSE(read_integer(r.src, json(2.5), "/b", 0, 10));
  CHECK_FALSE(read_integer(r.src, json(-1), "/c", 0, std::numeric_limits<long long>::max()));
  CHECK(*read_uint64(r.src, json(18446744073709551615ULL), "/d") == UINT64_MAX);
  CHECK_FALSE(read_uint64(r.src, json(-1), "/e"));
  CHECK(*read_number(r.src, json(0.5), "/f", 0, 1) == 0.5);
  CHECK_FALSE(read_number(r.src, json(2), "/g", 0, 1));
  CHECK(*read_number(r.src, json(1.5), "/h", Sign::Positive) == 1.5);
  CHECK_FALSE(read_number(r.src, json(0), "/i", Sign::Positive));
  CHECK(*read_number(r.src, json(0), "/j", Sign::NonNegative) == 0);
  CHECK_FALSE(read_number(r.src, json(-1), "/k", Sign::NonNegative));
  CHECK_FALSE(read_number(r.src, json("1"), "/l", Sign::Any));
  CHECK(r.messages() ==
        "/b: expected an integer between 0 and 10, found 2.5\n"
        "/c: expected an integer >= 0, found -1\n"
        "/e: expected an integer between 0 and 18446744073709551615, found -1\n"
        "/g: expected a number between 0 and 1, found 2\n"
        "/i: expected a number > 0, found 0\n"
        "/k: expected a number >= 0, found -1\n"
        "/l: expected a number, found \"1\"\n");
}

TEST_CASE("quantities: units, signs and what a wrong unit is", "[json_fields]") {
  Reads r;
  CHECK(*read_quantity(r.src, json("250ms"), "/a", Quantity::Duration, Sign::Positive) == Approx(0.25));
  CHECK(*read_quantity(r.src, json(0), "/a", Quantity::Duration, Sign::NonNegative) == 0);  // zero needs no unit
  CHECK(*read_quantity(r.src, json(12), "/a", Quantity::Rate, Sign::NonNegative) == 12);    // rates may be numbers
  CHECK(*read_quantity(r.src, json("-5min"), "/a", Quantity::Duration, Sign::Any) == -300);
  CHECK_FALSE(read_quantity(r.src, json("5MB"), "/b", Quantity::Duration, Sign::Any));
  CHECK_FALSE(read_quantity(r.src, json(0.5), "/c", Quantity::Duration, Sign::Any));
  CHECK_FALSE(read_quantity(r.src, json("0s"), "/d", Quantity::Duration, Sign::Positive));
  CHECK_FALSE(read_quantity(r.src, json("-1W"), "/e", Quantity::Power, Sign::NonNegative));
  CHECK(r.messages() ==
        "/b: expected a duration such as \"250ms\" or \"2h\", found \"5MB\", which is a size\n"
        "/c: expected a duration such as \"250ms\" or \"2h\", found 0.5 (a unit is required)\n"
        "/d: expected a positive duration, found \"0s\"\n"
        "/e: expected a power >= 0, found \"-1W\"\n");
}

TEST_CASE("arrays and objects: the key table, required keys, late key checks", "[json_fields]") {
  Reads r;
  const json doc = json::parse(R"({"name": "a", "cpu": 4, "a/b": 1})");
  using namespace keys;
  const KeyTable table = {{"name", string(), required, none, "the name"},
                          {"cpus", integer(1, 10), optional, "7", "how many"},
                          {"uplink", object(), required, none, "the uplink"}};
  Fields f(r.src, doc, "/grid", table, "the grid");
  CHECK(f.ok());
  CHECK(f.at("cpus") == "/grid/cpus");
  CHECK(f.has("name"));
  CHECK_FALSE(f.value("uplink"));
  std::string name;
  CHECK(f.read("name", name));
  CHECK(name == "a");
  int cpus = 7;
  CHECK_FALSE(f.read("cpus", cpus));  // absent and optional: no message, default kept
  CHECK(cpus == 7);
  CHECK(r.messages() ==
        "/grid/a~1b: unknown key \"a/b\" in the grid; expected one of: \"name\", \"cpus\", \"uplink\"\n"
        "/grid/cpu: unknown key \"cpu\" in the grid; did you mean \"cpus\"?\n"
        "/grid: missing required key \"uplink\"\n");

  Reads late;
  const json event = json::parse(R"({"kind": "cpu", "targte": 1})");
  REQUIRE(read_object(late.src, event, "/e", "a fault event"));
  CHECK(member(event, "kind") != nullptr);
  CHECK(member(event, "target") == nullptr);
  CHECK(member(json(3), "kind") == nullptr);
  reject_unknown(late.src, event, "/e", {"kind", "target"}, "a \"cpu\" fault event");
  CHECK_FALSE(read_object(late.src, json::array(), "/f", "a fault event"));
  CHECK_FALSE(read_array(late.src, json::array(), "/g", true));
  CHECK(read_array(late.src, json::array(), "/g", false));
  CHECK_FALSE(read_array(late.src, json::object(), "/h", false));
  Fields not_object(late.src, json(1), "/i", table, "a VSF");
  CHECK_FALSE(not_object.ok());
  CHECK_FALSE(not_object.get("a"));
  CHECK(late.messages() ==
        "/e/targte: unknown key \"targte\" in a \"cpu\" fault event; did you mean \"target\"?\n"
        "/f: expected a fault event (a JSON object), found an empty array\n"
        "/g: expected a non-empty array, found an empty array\n"
        "/h: expected an array, found an empty object\n"
        "/i: expected a VSF (a JSON object), found 1\n");
}

TEST_CASE("reads take their type, unit, sign, range and need from the key table", "[json_fields]") {
  using namespace keys;
  const KeyTable table = {{"lease", duration(positive), optional, "15s", "a lease"},
                          {"high", number(0, 1), optional, "0.75", "a threshold"},
                          {"shape", number(positive), required, none, "a shape"},
                          {"hosts", integer(1, 1000), optional, "1", "hosts"},
                          {"note", text(), optional, "", "free text"},
                          {"name", string(), optional, none, "a name"},
                          {"warm", boolean(), optional, "true", "warm start"}};
  Reads r;
  const json doc = json::parse(R"({"lease": "0s", "high": 2, "hosts": 1001, "note": "", "name": "", "warm": 1})");
  Fields f(r.src, doc, "/x", table, "x");
  double d = 5;
  CHECK_FALSE(f.read("lease", d));
  CHECK_FALSE(f.read("high", d));
  CHECK_FALSE(f.read("shape", d));
  CHECK(d == 5);
  int n = 3;
  CHECK_FALSE(f.read("hosts", n));
  std::string s = "x";
  CHECK(f.read("note", s));
  CHECK(s.empty());
  CHECK_FALSE(f.read("name", s));
  bool b = false;
  CHECK_FALSE(f.read("warm", b));
  CHECK(r.messages() ==
        "/x/lease: expected a positive duration, found \"0s\"\n"
        "/x/high: expected a number between 0 and 1, found 2\n"
        "/x: missing required key \"shape\"\n"
        "/x/hosts: expected an integer between 1 and 1000, found 1001\n"
        "/x/name: expected a non-empty string, found \"\"\n"
        "/x/warm: expected true or false, found 1\n");
  // A key outside the table, or read as another type than its table's, is a bug in the reader.
  CHECK_THROWS_AS(f.read("leese", d), std::logic_error);
  CHECK_THROWS_AS(f.read("hosts", d), std::logic_error);
  CHECK_THROWS_AS(f.read("lease", n), std::logic_error);
}

TEST_CASE("every quantity has an upper bound, and messages cut what they echo", "[json_fields][bounds]") {
  Reads r;
  CHECK(*read_quantity(r.src, json("1000d"), "/ok", Quantity::Duration, Sign::Positive) == 1000 * 86400.0);
  CHECK(*read_quantity(r.src, json("-5min"), "/ok", Quantity::Duration, Sign::Any) == -300);
  CHECK_FALSE(read_quantity(r.src, json("1e300s"), "/a", Quantity::Duration, Sign::Positive));
  CHECK_FALSE(read_quantity(r.src, json("-1e300s"), "/b", Quantity::Duration, Sign::Any));
  CHECK_FALSE(read_quantity(r.src, json(1e200), "/c", Quantity::Rate, Sign::NonNegative));
  CHECK_FALSE(read_quantity(r.src, json("2EB"), "/d", Quantity::Size, Sign::Positive));  // not a unit: a plain error
  CHECK_FALSE(read_quantity(r.src, json("1e19B"), "/e", Quantity::Size, Sign::Positive));
  CHECK(r.messages() ==
        "/a: expected a duration of at most 1000 years (3.156e10 s), found \"1e300s\"\n"
        "/b: expected a duration of at most 1000 years (3.156e10 s), found \"-1e300s\"\n"
        "/c: expected a rate of at most 1e9 requests/s, found 1e+200\n"
        "/d: expected a size such as \"512MiB\" or \"2GB\", found \"2EB\"\n"
        "/e: expected a size of at most 1 EB (1e18 B), found \"1e19B\"\n");
  // Each kind's bound holds at the bound and refuses just above it.
  for (Quantity q : {Quantity::Duration, Quantity::Bandwidth, Quantity::Size, Quantity::Work, Quantity::Speed,
                     Quantity::Power, Quantity::Rate}) {
    CHECK(quantity_max(q) > 0);
    CHECK(std::string(quantity_max_text(q)) != "?");
  }
}

TEST_CASE("an unknown key of 5,000 characters is cut in the message and in the pointer it prints",
          "[json_fields][bounds]") {
  Reads r;
  const std::string key(5000, 'x');
  reject_unknown(r.src, json{{key, 1}, {"nam", 2}}, "/vsfs/0", {"name"}, "a VSF");
  REQUIRE(r.diags.size() == 2);
  const std::string shown = r.diags.format();
  CHECK(shown.size() < 400);
  CHECK(shown.find(std::string(57, 'x') + "...") != std::string::npos);
  CHECK(shown.find("s.json: /vsfs/0/" + std::string(56, 'x') + "...: unknown key \"" + std::string(57, 'x') +
                   "...\" in a VSF") != std::string::npos);
  // short tokens are printed whole
  CHECK(shown.find("s.json: /vsfs/0/nam: unknown key \"nam\" in a VSF; did you mean \"name\"?") != std::string::npos);
}
