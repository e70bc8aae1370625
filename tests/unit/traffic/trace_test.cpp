// load_trace: both time formats, both value kinds, scaling, and the messages for bad trace files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

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

TEST_CASE("trace: comments and CR line ends are read, a record with bad syntax is reported at its line") {
  auto ok = trace(temp_csv("comments", "# exported by a load balancer\nt,v\r0,1\r  # a pause\r60,2\r"), "t", kSeconds,
                  "v", kRate);
  Diagnostics d;
  load_trace(ok, "s.json", "/x", d);
  INFO(d.format());
  REQUIRE(d.empty());
  std::vector<std::pair<double, double>> want = {{0, 1}, {60, 2}, {120, 0}};
  CHECK(ok.points == want);

  auto bad = trace(temp_csv("bad-quote", "t,v\n0,1\n\"60\"x,2\n120,-1\n"), "t", kSeconds, "v", kRate);
  Diagnostics d2;
  load_trace(bad, "s.json", "/x", d2);
  REQUIRE(d2.size() == 2);
  CHECK(d2.items()[0].pointer == "/x/file");
  CHECK(d2.items()[0].message == bad.file + " line 3: unexpected text after a closing quote");
  CHECK(d2.items()[1].message == bad.file + " line 4: column \"v\": expected a value >= 0, found -1");
  CHECK(bad.points.empty());
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

TEST_CASE("trace: values and times have upper bounds, and huge cells are cut in messages") {
  const std::string huge(5000, '9');
  auto t = trace(temp_csv("huge", "t,v\n0,1e300\n60," + huge + "\n1e300,2\n"), "t", kSeconds, "v", kRate);
  Diagnostics d;
  load_trace(t, "s.json", "/x", d);
  INFO(d.format());
  CHECK(has_message(d, "line 2: column \"v\": expected a value of at most 1e+12, found 1e300"));
  CHECK(has_message(d, "line 3: column \"v\": expected a number, found \"9999"));  // beyond a double: cut
  CHECK(has_message(d, "line 4: column \"t\": the time is more than 1000 years (3.156e10 s) from the first row"));
  for (const auto& item : d.items()) CHECK(item.message.size() < 300);
}
