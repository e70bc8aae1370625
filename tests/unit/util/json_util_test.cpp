// JSON helpers: pointers, positions of syntax errors, duplicate keys, --set style writes.
#include "util/json_util.hpp"

#include <catch2/catch.hpp>

#include "util/json_parse.hpp"

using namespace vsf;
using nlohmann::json;

TEST_CASE("pointers escape ~ and /", "[json]") {
  CHECK(pointer_join("", "a") == "/a");
  CHECK(pointer_join("/a", "b/c~d") == "/a/b~1c~0d");
  CHECK(pointer_join("/vsfs", 3) == "/vsfs/3");
  CHECK(pointer_join(pointer_join("/vsfs/0/tiers", 1), "max") == "/vsfs/0/tiers/1/max");
  CHECK(pointer_join("/a~1b", "~1") == "/a~1b/~01");  // an escaped base stays as it is
  CHECK(pointer_join("", "") == "/");
  CHECK(pointer_join("/", "x") == "//x");
}

TEST_CASE("line and column of a byte offset", "[json]") {
  std::string text = "{\n  \"a\": 1,\n  x\n}";
  auto [line, col] = line_column(text, text.find('x'));
  CHECK(line == 3);
  CHECK(col == 3);
  CHECK(line_column("abc", 0) == std::make_pair(1, 1));
  CHECK(line_column("abc", 99) == std::make_pair(1, 4));
}

TEST_CASE("syntax errors carry line and column", "[json]") {
  Diagnostics d;
  CHECK_FALSE(parse_json("f.json", "{\n  \"a\": 1,\n  \"b\": ]\n}", d));
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].line == 3);
  CHECK(d.items()[0].column == 8);
  CHECK(d.items()[0].format().rfind("f.json:3:8: invalid JSON: ", 0) == 0);
  Diagnostics e;
  CHECK_FALSE(parse_json("g.json", "", e));
  CHECK(e.size() == 1);
}

TEST_CASE("too deep nesting is refused at the bracket that goes one level too deep", "[json]") {
  // Regression: this error was the only syntax error without a line and column.
  Diagnostics deep;
  CHECK_FALSE(parse_json("d.json", std::string(1000, '[') + std::string(1000, ']'), deep));
  REQUIRE(deep.size() == 1);
  CHECK(deep.items()[0].format() == "d.json:1:65: invalid JSON: nested more than 64 levels deep");
  // Brackets in strings do not count; the 65th open level is the "{" on line 3, after 2 + 62 bytes.
  const std::string text = "{\"s\": \"[[[[{{{{\\\"[[[[\",\n \"a\": [\n  " + std::string(62, '[') + "{\"b\": [1]}" +
                           std::string(63, ']') + "}";
  Diagnostics at;
  CHECK_FALSE(parse_json("a.json", text, at));
  REQUIRE(at.size() == 1);
  CHECK(at.items()[0].format() == "a.json:3:65: invalid JSON: nested more than 64 levels deep");
  // Exactly 64 levels parse.
  Diagnostics ok;
  CHECK(parse_json("ok.json", std::string(64, '[') + std::string(64, ']'), ok));
  CHECK(ok.empty());
  CHECK(too_deep_at("[{\"x\": [1]}]", 2) == size_t{7});
  CHECK_FALSE(too_deep_at("[{\"x\": [1]}]", 3));
  CHECK_FALSE(too_deep_at("\"[[[[\"", 1));
}

TEST_CASE("duplicate keys are reported by pointer", "[json]") {
  Diagnostics d;
  CHECK_FALSE(parse_json("f.json", R"({"a": [1, {"x": 1}, {"x": 2, "y": {"k": 1, "k": 2}}], "a2": 0})", d));
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].pointer == "/a/2/y/k");
  Diagnostics top;
  CHECK_FALSE(parse_json("f.json", R"({"name": "a", "name": "b"})", top));
  CHECK(top.items().at(0).pointer == "/name");
  Diagnostics ok;
  auto doc = parse_json("f.json", R"({"a": {"x": 1}, "b": {"x": 2}})", ok);
  CHECK(doc);
  CHECK(ok.empty());
}

TEST_CASE("set_at_pointer needs an existing parent", "[json]") {
  json doc = json::parse(R"({"vsfs": [{"tiers": [{"max": 4}]}], "seed": 1})");
  CHECK_FALSE(set_at_pointer(doc, "/vsfs/0/tiers/0/max", 12));
  CHECK(doc["vsfs"][0]["tiers"][0]["max"] == 12);
  CHECK_FALSE(set_at_pointer(doc, "/vsfs/0/name", "x"));  // a new key in an existing object
  CHECK(doc["vsfs"][0]["name"] == "x");
  CHECK_FALSE(set_at_pointer(doc, "/vsfs/-", json::object()));
  CHECK(doc["vsfs"].size() == 2);
  auto missing = set_at_pointer(doc, "/vsfs/7/name", "y");
  REQUIRE(missing);
  CHECK(missing->find("index 7 does not exist") != std::string::npos);
  CHECK(set_at_pointer(doc, "/grid/cpus", 4));  // no /grid
  CHECK(set_at_pointer(doc, "/seed/x", 4));     // a number has no children
  CHECK(set_at_pointer(doc, "seed", 4));        // not a pointer
  CHECK(set_at_pointer(doc, "", 4));
  CHECK(set_at_pointer(doc, "/vsfs/01/name", 4));  // leading zeros are not indices
  CHECK(set_at_pointer(doc, "/a~2b", 4));
  CHECK_FALSE(set_at_pointer(doc, "/a~1b", 4));
  CHECK(doc.contains("a/b"));
  CHECK_FALSE(set_at_pointer(doc, "/c~0~1d", 5));
  CHECK(doc.contains("c~/d"));
}

TEST_CASE("set_at_pointer messages name the part that is missing", "[json]") {
  json doc = json::parse(R"({"vsfs": [{"tiers": [{"max": 4}]}], "seed": 1, "a/b": {}})");
  CHECK(*set_at_pointer(doc, "", 1) == "the pointer is empty; it must name a value, such as /duration");
  CHECK(*set_at_pointer(doc, "seed", 1) == "\"seed\" is not a JSON pointer: it must start with \"/\"");
  CHECK(*set_at_pointer(doc, "/a~2b", 1) == "\"/a~2b\" is not a valid JSON pointer: \"~\" must be followed by 0 or 1");
  CHECK(*set_at_pointer(doc, "/a~", 1) == "\"/a~\" is not a valid JSON pointer: \"~\" must be followed by 0 or 1");
  CHECK(*set_at_pointer(doc, "/grid/cpus", 1) == "the document has no key \"grid\"");
  CHECK(*set_at_pointer(doc, "/vsfs/0/tiers/3/max", 1) == "\"/vsfs/0/tiers\" has 1 elements; index 3 does not exist");
  CHECK(*set_at_pointer(doc, "/vsfs/01/x", 1) == "\"/vsfs\" is an array; \"01\" is not an index");
  CHECK(*set_at_pointer(doc, "/vsfs/1234567890/x", 1) == "\"/vsfs\" is an array; \"1234567890\" is not an index");
  CHECK(*set_at_pointer(doc, "/seed/x", 1) == "\"/seed\" is an integer, not an object or array");
  CHECK(*set_at_pointer(doc, "/a~1b/c/d", 1) == "\"/a~1b\" has no key \"c\"");
}

TEST_CASE("invalid UTF-8 is replaced, valid text kept", "[json]") {
  CHECK(valid_utf8("plain") == "plain");
  CHECK(valid_utf8("\xC2\xB5s") == "\xC2\xB5s");  // U+00B5
  CHECK(valid_utf8("a\xFFz") == "a\xEF\xBF\xBDz");
  CHECK(valid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong "/"
  CHECK(valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(valid_utf8("\xE2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // truncated
}
