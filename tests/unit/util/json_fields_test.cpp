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
  CHECK(*read_number(r.src, json(1.5), "/h", Sign::positive) == 1.5);
  CHECK_FALSE(read_number(r.src, json(0), "/i", Sign::positive));
  CHECK(*read_number(r.src, json(0), "/j", Sign::non_negative) == 0);
  CHECK_FALSE(read_number(r.src, json(-1), "/k", Sign::non_negative));
  CHECK_FALSE(read_number(r.src, json("1"), "/l", Sign::any));
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
  CHECK(*read_quantity(r.src, json("250ms"), "/a", Quantity::duration, Sign::positive) == Approx(0.25));
  CHECK(*read_quantity(r.src, json(0), "/a", Quantity::duration, Sign::non_negative) == 0);  // zero needs no unit
  CHECK(*read_quantity(r.src, json(12), "/a", Quantity::rate, Sign::non_negative) == 12);    // rates may be numbers
  CHECK(*read_quantity(r.src, json("-5min"), "/a", Quantity::duration, Sign::any) == -300);
  CHECK_FALSE(read_quantity(r.src, json("5MB"), "/b", Quantity::duration, Sign::any));
  CHECK_FALSE(read_quantity(r.src, json(0.5), "/c", Quantity::duration, Sign::any));
  CHECK_FALSE(read_quantity(r.src, json("0s"), "/d", Quantity::duration, Sign::positive));
  CHECK_FALSE(read_quantity(r.src, json("-1W"), "/e", Quantity::power, Sign::non_negative));
  CHECK(r.messages() ==
        "/b: expected a duration such as \"250ms\" or \"2h\", found \"5MB\", which is a size\n"
        "/c: expected a duration such as \"250ms\" or \"2h\", found 0.5 (a unit is required)\n"
        "/d: expected a positive duration, found \"0s\"\n"
        "/e: expected a power >= 0, found \"-1W\"\n");
}

TEST_CASE("arrays and objects: the key table, required keys, late key checks", "[json_fields]") {
  Reads r;
  const json doc = json::parse(R"({"name": "a", "cpu": 4, "a/b": 1})");
  Fields f(r.src, doc, "/grid", {"name", "cpus", "uplink"}, "the grid");
  CHECK(f.ok());
  CHECK(f.at("cpus") == "/grid/cpus");
  CHECK(f.has("name"));
  CHECK_FALSE(f.require("uplink"));
  std::string name;
  CHECK(f.string("name", name, Need::required));
  CHECK(name == "a");
  int cpus = 7;
  CHECK_FALSE(f.integer("cpus", cpus, 1, 10));  // absent and optional: no message, default kept
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
  Fields not_object(late.src, json(1), "/i", {"a"}, "a VSF");
  CHECK_FALSE(not_object.ok());
  CHECK_FALSE(not_object.get("a"));
  CHECK(late.messages() ==
        "/e/targte: unknown key \"targte\" in a \"cpu\" fault event; did you mean \"target\"?\n"
        "/f: expected a fault event (a JSON object), found an empty array\n"
        "/g: expected a non-empty array, found an empty array\n"
        "/h: expected an array, found an empty object\n"
        "/i: expected a VSF (a JSON object), found 1\n");
}
