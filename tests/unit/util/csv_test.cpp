// The one CSV dialect: RFC 4180 quoting, any line end, a byte-order mark, comments and blank records, line
// numbers that survive quoted line breaks, and problems that stay with their record; then the capped
// problem reporter.
#include "util/csv.hpp"

#include <catch2/catch.hpp>

using namespace vsf;

namespace {

using Fields = std::vector<std::string>;

// (line, problem) of every record with bad syntax.
std::vector<std::pair<int, std::string>> problems(const std::vector<CsvRow>& rows) {
  std::vector<std::pair<int, std::string>> out;
  for (const auto& r : rows)
    if (!r.problem.empty()) out.emplace_back(r.line, r.problem);
  return out;
}

}  // namespace

TEST_CASE("CSV reader: quotes, CRLF, BOM, blank lines and line numbers", "[csv]") {
  auto t = parse_csv(
      "\xEF\xBB\xBF"
      "a, b ,c\r\n\r\n1,\"x, \"\"y\"\"\",\"multi\nline\"\n2,3,4");
  REQUIRE(problems(t).empty());
  REQUIRE(t.size() == 3);
  CHECK(t[0].fields == Fields{"a", "b", "c"});
  CHECK(t[0].line == 1);
  CHECK(t[1].line == 3);
  CHECK(t[1].fields == Fields{"1", "x, \"y\"", "multi\nline"});
  CHECK(t[2].line == 5);
  CHECK(t[2].fields == Fields{"2", "3", "4"});
  auto bad = parse_csv("a,b\n1,\"open\n");
  REQUIRE(problems(bad).size() == 1);
  CHECK(problems(bad)[0] == std::make_pair(2, std::string("a quoted field is not closed")));
  auto after = parse_csv("a,b\n\"1\"x,2\n");
  REQUIRE(problems(after).size() == 1);
  CHECK(problems(after)[0] == std::make_pair(2, std::string("unexpected text after a closing quote")));
}

TEST_CASE("CSV reader: comments, blank records and every line end", "[csv]") {
  auto t = parse_csv("# a log\nhost,ttr\n  # indented comment\na,4h\n\n \t \nb, 1800\r\"\"\rc,\"30min\"\r\nd,#0");
  REQUIRE(problems(t).empty());
  REQUIRE(t.size() == 5);
  CHECK(t[0].fields == Fields{"host", "ttr"});
  CHECK(t[0].line == 2);
  CHECK(t[1].fields == Fields{"a", "4h"});
  CHECK(t[1].line == 4);
  CHECK(t[2].fields == Fields{"b", "1800"});  // trimmed
  CHECK(t[2].line == 7);
  CHECK(t[3].fields == Fields{"c", "30min"});
  CHECK(t[3].line == 9);
  CHECK(t[4].fields == Fields{"d", "#0"});  // '#' starts a comment only at the start of a record
  CHECK(t[4].line == 10);
  CHECK(parse_csv("").empty());
  CHECK(parse_csv("\n\n# only a comment").empty());
}

TEST_CASE("CSV reader: quotes open only a field's first non-blank character", "[csv]") {
  auto t = parse_csv("  \"a, b\"  ,x\"y\"z,\"\",,\" \"\n");
  REQUIRE(t.size() == 1);
  CHECK(t[0].problem.empty());
  CHECK(t[0].fields == Fields{"a, b", "x\"y\"z", "", "", " "});  // quoted fields are kept as written
  auto trailing = parse_csv("1,2,");
  REQUIRE(trailing.size() == 1);
  CHECK(trailing[0].fields == Fields{"1", "2", ""});
}

TEST_CASE("CSV reader: a record with bad syntax keeps its line and the records after it", "[csv]") {
  auto t = parse_csv("t\n\"1\"x,\"2\"y\n3\n\"4\n5\n");
  REQUIRE(t.size() == 4);
  CHECK(t[1].line == 2);
  CHECK(t[1].problem == "unexpected text after a closing quote");  // once per record
  CHECK(t[2].fields == Fields{"3"});
  CHECK(t[2].problem.empty());
  CHECK(t[3].line == 4);  // the quote runs to the end of the file
  CHECK(t[3].problem == "a quoted field is not closed");
  auto lone = parse_csv("\"open");
  REQUIRE(lone.size() == 1);
  CHECK(lone[0].problem == "a quoted field is not closed");
}

TEST_CASE("CSV problems name the file and line, at most 20 and then a count", "[csv]") {
  Diagnostics diags;
  {
    CsvProblems problems(diags, "s.json", "/x/file", "t.csv");
    problems.add(0, "trace file not found");
    problems.add(3, "bad cell");
    problems.add_at("/x/time_column", 1, "no time column");
    CHECK(problems.count() == 3);
  }
  REQUIRE(diags.size() == 3);
  CHECK(diags.items()[0].format() == "s.json: /x/file: t.csv: trace file not found");
  CHECK(diags.items()[1].format() == "s.json: /x/file: t.csv line 3: bad cell");
  CHECK(diags.items()[2].format() == "s.json: /x/time_column: t.csv line 1: no time column");

  Diagnostics many;
  {
    CsvProblems problems(many, "s.json", "/d/file", "m.csv");
    for (int i = 0; i < 500; ++i) problems.add(i + 2, "bad");
  }
  REQUIRE(many.size() == 21);
  CHECK(many.items().back().pointer == "/d/file");
  CHECK(many.items().back().message == "m.csv: 480 more problems not shown");
}
