// load_trace: a CSV trace file into a trace component's points. Every problem is reported (up to a
// limit per file) with the CSV file, line and column; the component gets points only when the whole
// file is good, so the simulation never sees half a trace.
//
// What the points mean (RateFunction reads them this way): the trace is piecewise constant. Each row's
// rate holds from its time until the next row's time. The last row holds for one more bucket (`bucket`,
// for count traces) or one more spacing of the last two rows (rate traces; one bucket if there is a
// single row). load_trace appends that end as a final point with rate 0: after it the trace gives 0, or
// starts again when `loop` is set (period = the end). Piecewise constant is what a count per bucket
// means (the requests of a minute arrive during that minute), and it keeps the integral exact.
// time_scale stretches time only (simulated seconds per trace second); rates are changed by rate_scale.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "traffic/rate.hpp"
#include "util/csv.hpp"
#include "util/iso8601.hpp"
#include "util/json_parse.hpp"
#include "util/json_util.hpp"
#include "util/numbers.hpp"
#include "util/suggest.hpp"
#include "util/units.hpp"

namespace vsf {

namespace {

// The largest value a trace row may hold (requests/s, or requests per bucket): beyond any real site, far
// from the doubles whose arithmetic hangs a run. Documented in scenarios/README.md.
constexpr double kMaxTraceValue = 1e12;

int find_column(const std::vector<std::string>& header, const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

void report_missing_column(CsvProblems& problems, const std::string& pointer, const std::string& what,
                           const std::string& name, const std::vector<std::string>& header) {
  std::string hint = did_you_mean(name, header);
  if (!hint.empty()) hint = " (" + hint + ")";
  problems.add_at(pointer, 1,
                  fmt::format("no {} column \"{}\"{}; the header has {}", what, name, hint, quoted_list(header)));
}

// The records of a trace file, or nullopt after a problem (a missing, unreadable or empty file).
std::optional<std::vector<CsvRow>> read_records(const std::string& file, CsvProblems& problems) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    problems.add(0, "trace file not found");
    return std::nullopt;
  }
  if (std::filesystem::is_directory(file, ec)) {
    problems.add(0, "is a directory, expected a CSV file");
    return std::nullopt;
  }
  const std::optional<std::string> text = read_text_file(file);
  if (!text) {
    problems.add(0, "cannot read the file");
    return std::nullopt;
  }
  std::vector<CsvRow> rows = parse_csv(*text);
  if (rows.empty()) {
    problems.add(0, "the file is empty; expected a header row and at least one data row");
    return std::nullopt;
  }
  return rows;
}

// The instant of the first row, which the times of all rows are relative to.
struct Origin {
  std::optional<EpochTime> iso;
  std::optional<double> seconds;
};

// The time of a row in trace seconds from the first row's, or nullopt after a problem.
std::optional<double> row_time(const CsvRow& row, const std::string& ts, bool iso, const std::string& tname,
                               Origin& origin, CsvProblems& problems) {
  if (iso) {
    std::optional<EpochTime> e = parse_iso8601(ts);
    if (!e) {
      problems.add(row.line, fmt::format("column \"{}\": expected an ISO 8601 date-time such as "
                                         "\"2024-05-01T12:00:00Z\", found \"{}\"",
                                         tname, ts));
      return std::nullopt;
    }
    if (!origin.iso) origin.iso = e;
    return e->minus(*origin.iso);
  }
  std::optional<double> s = parse_number(ts);
  if (!s) {
    problems.add(row.line,
                 fmt::format("column \"{}\": expected a time in seconds (a number), found \"{}\"", tname, excerpt(ts)));
    return std::nullopt;
  }
  if (!origin.seconds) origin.seconds = s;
  return *s - *origin.seconds;
}

// A row's value: a number from 0 to kMaxTraceValue; nullopt after a problem.
std::optional<double> row_value(const CsvRow& row, const std::string& vs, const std::string& vname,
                                CsvProblems& problems) {
  const std::optional<double> parsed = parse_number(vs);
  if (!parsed) {
    problems.add(row.line, fmt::format("column \"{}\": expected a number, found \"{}\"", vname, excerpt(vs)));
    return std::nullopt;
  }
  const double v = *parsed;
  if (v < 0) {
    problems.add(row.line, fmt::format("column \"{}\": expected a value >= 0, found {}", vname, excerpt(vs)));
    return std::nullopt;
  }
  if (v > kMaxTraceValue) {
    problems.add(row.line, fmt::format("column \"{}\": expected a value of at most {:g}, found {}", vname,
                                       kMaxTraceValue, excerpt(vs)));
    return std::nullopt;
  }
  return v;
}

// The data rows (all but the header) as (trace seconds from the first row, value), every problem reported.
std::vector<std::pair<double, double>> read_rows(const std::vector<CsvRow>& rows, int time_col, int value_col, bool iso,
                                                 const TrafficComponent& c, CsvProblems& problems) {
  std::vector<std::pair<double, double>> raw;
  Origin origin;
  std::optional<double> prev_t;
  int prev_line = 0;
  const std::string &tname = c.time_column, &vname = c.value_column;
  const size_t needed = static_cast<size_t>(std::max(time_col, value_col)) + 1;
  for (size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    if (!row.problem.empty()) {
      problems.add(row.line, row.problem);
      continue;
    }
    if (row.fields.size() < needed) {
      problems.add(row.line, fmt::format("{} fields, expected at least {} (the header has {})", row.fields.size(),
                                         needed, rows[0].fields.size()));
      continue;
    }
    const std::string& ts = row.fields[time_col];
    const std::string& vs = row.fields[value_col];
    std::optional<double> t = row_time(row, ts, iso, tname, origin, problems);
    std::optional<double> v = row_value(row, vs, vname, problems);
    if (t && std::abs(*t) > quantity_max(Quantity::Duration)) {
      problems.add(row.line, fmt::format("column \"{}\": the time is more than {} from the first row", tname,
                                         quantity_max_text(Quantity::Duration)));
      t.reset();
    }
    if (t && prev_t && !(*t > *prev_t)) {
      problems.add(row.line, fmt::format("column \"{}\": \"{}\" is not after the time on line {}; times must increase",
                                         tname, excerpt(ts), prev_line));
    }
    if (t) prev_t = t, prev_line = row.line;
    if (t && v) raw.emplace_back(*t, *v);
  }
  return raw;
}

}  // namespace

void load_trace(TrafficComponent& c, const std::string& scenario_file, const std::string& pointer, Diagnostics& diags) {
  c.points.clear();
  CsvProblems problems(diags, scenario_file, pointer_join(pointer, "file"), c.file);

  const bool iso = c.time_format == TraceTimeFormat::Iso8601;
  const bool counts = c.value_kind == TraceValueKind::Count;
  // The scenario loader validates and reports these keys; here they only decide whether points can be
  // built, so a bad one is not reported twice.
  const bool params_ok = c.time_scale > 0 && c.rate_scale >= 0 && c.bucket_s > 0;

  const std::optional<std::vector<CsvRow>> records = read_records(c.file, problems);
  if (!records) return;
  const std::vector<CsvRow>& rows = *records;
  if (!rows[0].problem.empty()) problems.add(rows[0].line, rows[0].problem);
  const std::vector<std::string>& header = rows[0].fields;
  int time_col = find_column(header, c.time_column);
  int value_col = find_column(header, c.value_column);
  if (time_col < 0)
    report_missing_column(problems, pointer_join(pointer, "time_column"), "time", c.time_column, header);
  if (value_col < 0)
    report_missing_column(problems, pointer_join(pointer, "value_column"), "value", c.value_column, header);
  if (time_col < 0 || value_col < 0) return;
  if (rows.size() < 2) {
    problems.add(0, "the trace is empty: a header row but no data rows");
    return;
  }

  const std::vector<std::pair<double, double>> raw = read_rows(rows, time_col, value_col, iso, c, problems);
  if (problems.count() > 0 || !params_ok) return;

  const double bucket = counts ? c.bucket_s : 1.0;
  double tail = c.bucket_s;
  if (!counts && raw.size() >= 2) tail = raw.back().first - raw[raw.size() - 2].first;
  c.points.reserve(raw.size() + 1);
  for (const auto& [t, v] : raw) c.points.emplace_back(t * c.time_scale, v / bucket * c.rate_scale);
  c.points.emplace_back((raw.back().first + tail) * c.time_scale, 0.0);
}

}  // namespace vsf
