// load_trace: both time formats, both value kinds, scaling, and the messages for bad trace files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "traffic/csv.hpp"
#include "traffic/datetime.hpp"
#include "traffic/rate.hpp"

using namespace vsf;

namespace {

std::string data(const std::string& name) { return std::string(VSFSIM_SOURCE_DIR) + "/tests/data/" + name; }

// A throwaway CSV for one test (names are unique per test case, which runs in its own process).
std::string temp_csv(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("vsfsim-unit-traffic-" + name + ".csv");
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

constexpr TraceTimeFormat kIso = TraceTimeFormat::Iso8601, kSeconds = TraceTimeFormat::Seconds;
constexpr TraceValueKind kRate = TraceValueKind::Rate, kCount = TraceValueKind::Count;

TrafficComponent trace(const std::string& file, const std::string& tcol, TraceTimeFormat fmt, const std::string& vcol,
                       TraceValueKind kind) {
  TrafficComponent c;
  c.kind = TrafficKind::Trace;
  c.file = file;
  c.time_column = tcol;
  c.time_format = fmt;
  c.value_column = vcol;
  c.value_kind = kind;
  return c;
}

bool has_message(const Diagnostics& d, const std::string& needle) {
  for (const auto& item : d.items())
    if (item.message.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("ISO 8601 date-times convert to epoch seconds without time-zone functions") {
  auto t = parse_iso8601("2024-05-01T12:00:00Z");
  REQUIRE(t);
  CHECK(t->seconds == 1714564800);  // date -u -d 2024-05-01T12:00:00Z +%s
  CHECK(t->fraction == 0);
  auto space = parse_iso8601("2024-05-01 12:00:00");
  REQUIRE(space);
  CHECK(space->seconds == t->seconds);
  auto frac = parse_iso8601("2024-05-01T14:00:00.250+02:00");
  REQUIRE(frac);
  CHECK(frac->seconds == t->seconds);
  CHECK(frac->fraction == Approx(0.25));
  auto neg = parse_iso8601("2024-05-01T07:30:00-0430");
  REQUIRE(neg);
  CHECK(neg->seconds == t->seconds);
  CHECK(parse_iso8601("1970-01-01")->seconds == 0);
  CHECK(parse_iso8601("2000-03-01T00:00Z")->seconds == 951868800);
  CHECK(parse_iso8601("1969-12-31T23:59:59Z")->seconds == -1);
  CHECK(parse_iso8601("2024-02-29T00:00:00Z"));  // leap year
  for (const char* bad : {"2023-02-29T00:00:00Z", "2024-13-01", "2024-05-01T25:00:00", "2024-05-01T12:00:00X",
                          "2024-05-01T12", "12:00:00", "", "2024-05-01T12:00:00+2", "2024-05-01T12:00:00."})
    CHECK_FALSE(parse_iso8601(bad));
}

TEST_CASE("numbers parse whole and finite only") {
  CHECK(*parse_number("12") == 12);
  CHECK(*parse_number("+2.5") == 2.5);
  CHECK(*parse_number("1e3") == 1000);
  CHECK(*parse_number("-3") == -3);
  for (const char* bad : {"", "n/a", "12x", "inf", "nan", "1,5", "++1", " 1"}) CHECK_FALSE(parse_number(bad));
}

TEST_CASE("CSV reader: quotes, CRLF, BOM, blank lines and line numbers") {
  CsvTable t = parse_csv(
      "\xEF\xBB\xBF"
      "a, b ,c\r\n\r\n1,\"x, \"\"y\"\"\",\"multi\nline\"\n2,3,4");
  REQUIRE(t.problems.empty());
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0].fields == std::vector<std::string>{"a", "b", "c"});
  CHECK(t.rows[1].line == 3);
  CHECK(t.rows[1].fields == std::vector<std::string>{"1", "x, \"y\"", "multi\nline"});
  CHECK(t.rows[2].line == 5);
  CsvTable bad = parse_csv("a,b\n1,\"open\n");
  CHECK(bad.problems.size() == 1);
  CHECK(bad.problems[0].line == 2);
  CsvTable after = parse_csv("a,b\n\"1\"x,2\n");
  REQUIRE(after.problems.size() == 1);
  CHECK(after.problems[0].line == 2);
}

TEST_CASE("trace: ISO timestamps and requests per minute become a per-second rate") {
  auto c = trace(data("web_requests_per_minute.csv"), "timestamp", kIso, "requests", kCount);
  c.bucket_s = 60;
  Diagnostics d;
  load_trace(c, "s.json", "/vsfs/0/traffic/0", d);
  INFO(d.format());
  REQUIRE(d.empty());
  REQUIRE(c.points.size() == 31);  // 30 minutes + the end point
  CHECK(c.points[0].first == 0);
  CHECK(c.points[0].second == Approx(1200.0 / 60));
  CHECK(c.points[1].first == 60);
  CHECK(c.points[1].second == Approx(1319.0 / 60));
  CHECK(c.points[29].first == 29 * 60);
  CHECK(c.points[30].first == 30 * 60);  // the last minute lasts one bucket
  CHECK(c.points[30].second == 0);
}

TEST_CASE("trace: seconds and rates, quoted fields, time and rate scaling") {
  auto c = trace(data("rate_seconds.csv"), "time_s", kSeconds, "rps", kRate);
  c.time_scale = 2;
  c.rate_scale = 0.5;
  Diagnostics d;
  load_trace(c, "s.json", "/vsfs/0/traffic", d);
  INFO(d.format());
  REQUIRE(d.empty());
  std::vector<std::pair<double, double>> want = {{0, 5}, {60, 12.75}, {120, 20}, {180, 2.5}, {240, 0}};
  CHECK(c.points == want);
  RateFunction f({c});
  CHECK(f.rate(59.9) == 5);
  CHECK(f.rate(60) == 12.75);
  CHECK(f.rate(239) == 2.5);
  CHECK(f.rate(240) == 0);
  CHECK(f.mean_rate(0, 240) == Approx((5 + 12.75 + 20 + 2.5) / 4));
}

TEST_CASE("trace: offsets, fractional seconds and CRLF, times relative to the first row") {
  auto c = trace(data("iso_offsets_counts.csv"), "When", kIso, "Hits", kCount);
  c.bucket_s = 60;
  Diagnostics d;
  load_trace(c, "s.json", "/p", d);
  INFO(d.format());
  REQUIRE(d.empty());
  REQUIRE(c.points.size() == 4);
  CHECK(c.points[1].first == Approx(60));
  CHECK(c.points[2].first == Approx(120));
  CHECK(c.points[2].second == Approx(0.5));
}

TEST_CASE("trace: every bad row is reported with file, line and column") {
  auto c = trace(data("bad_trace.csv"), "timestamp", kIso, "requests", kCount);
  Diagnostics d;
  load_trace(c, "scen.json", "/vsfs/1/traffic/0", d);
  CHECK(c.points.empty());
  REQUIRE(d.size() == 4);
  std::string f = c.file;
  CHECK(d.items()[0].file == "scen.json");
  CHECK(d.items()[0].pointer == "/vsfs/1/traffic/0/file");
  CHECK(d.items()[0].message == f + " line 3: column \"requests\": expected a number, found \"n/a\"");
  CHECK(d.items()[1].message ==
        f + " line 4: column \"timestamp\": \"2024-05-01T12:01:00Z\" is not after the time on line 3; times must "
            "increase");
  CHECK(has_message(d, f + " line 5: column \"timestamp\": expected an ISO 8601 date-time"));
  CHECK(has_message(d, f + " line 6: column \"requests\": expected a value >= 0, found -4"));
}

TEST_CASE("trace: missing file, missing columns with a suggestion, empty trace, short rows") {
  Diagnostics d;
  auto missing = trace("no/such/trace.csv", "t", kSeconds, "v", kRate);
  load_trace(missing, "s.json", "/x", d);
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].message == "no/such/trace.csv: trace file not found");
  CHECK(d.items()[0].pointer == "/x/file");

  Diagnostics d2;
  auto cols = trace(data("web_requests_per_minute.csv"), "timestmp", kIso, "count", kCount);
  load_trace(cols, "s.json", "/x", d2);
  REQUIRE(d2.size() == 2);
  CHECK(d2.items()[0].pointer == "/x/time_column");
  CHECK(has_message(d2, "no time column \"timestmp\" (did you mean \"timestamp\"?)"));
  CHECK(d2.items()[1].pointer == "/x/value_column");
  CHECK(has_message(d2, "the header has \"timestamp\", \"requests\", \"bytes_sent\", \"status_5xx\""));

  Diagnostics d3;
  auto header_only = trace(temp_csv("header-only", "t,v\n\n"), "t", kSeconds, "v", kRate);
  load_trace(header_only, "s.json", "/x", d3);
  REQUIRE(d3.size() == 1);
  CHECK(has_message(d3, "the trace is empty"));

  Diagnostics d4;
  auto empty = trace(temp_csv("empty", ""), "t", kSeconds, "v", kRate);
  load_trace(empty, "s.json", "/x", d4);
  REQUIRE(d4.size() == 1);
  CHECK(has_message(d4, "the file is empty"));

  Diagnostics d5;
  auto short_row = trace(temp_csv("short-row", "t,x,v\n0,1,2\n1,1\n"), "t", kSeconds, "v", kRate);
  load_trace(short_row, "s.json", "/x", d5);
  REQUIRE(d5.size() == 1);
  CHECK(has_message(d5, "line 3: 2 fields, expected at least 3"));
  CHECK(short_row.points.empty());
}

TEST_CASE("trace: a file full of bad rows gives a bounded number of messages") {
  std::string text = "t,v\n";
  for (int i = 0; i < 500; ++i) text += std::to_string(i) + ",bad\n";
  auto c = trace(temp_csv("many-bad", text), "t", kSeconds, "v", kRate);
  Diagnostics d;
  load_trace(c, "s.json", "/x", d);
  CHECK(d.size() == 21);
  CHECK(has_message(d, "480 more problems not shown"));
}

TEST_CASE("trace: seconds column that is not a number") {
  auto c = trace(data("web_requests_per_minute.csv"), "timestamp", kSeconds, "requests", kCount);
  Diagnostics d;
  load_trace(c, "s.json", "/x", d);
  REQUIRE_FALSE(d.empty());
  CHECK(d.items()[0].message == c.file +
                                    " line 2: column \"timestamp\": expected a time in seconds (a number), found "
                                    "\"2024-05-01T12:00:00Z\"");
}

TEST_CASE("trace: invalid component keys (reported by the loader) leave no points and no duplicate message") {
  auto c = trace(data("rate_seconds.csv"), "time_s", kSeconds, "rps", kRate);
  c.time_scale = 0;
  Diagnostics d;
  load_trace(c, "s.json", "/x", d);
  CHECK(d.empty());
  CHECK(c.points.empty());
}
