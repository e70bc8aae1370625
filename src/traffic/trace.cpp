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
#include <filesystem>
#include <fstream>
#include <sstream>

#include "traffic/csv.hpp"
#include "traffic/datetime.hpp"
#include "traffic/rate.hpp"

namespace vsf {

namespace {

constexpr int kMaxProblemsPerFile = 20;

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      char x = static_cast<char>(std::tolower(static_cast<unsigned char>(a[i - 1])));
      char y = static_cast<char>(std::tolower(static_cast<unsigned char>(b[j - 1])));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x == y ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", \"" : "\"") + names[i] + "\"";
  return out;
}

// Collects one file's problems, capping their number so a wrong column choice on a 100k-row trace
// gives a readable error rather than 100k lines.
class Problems {
 public:
  Problems(Diagnostics& diags, std::string scenario_file, std::string pointer, std::string csv)
      : diags_(diags), scenario_file_(std::move(scenario_file)), pointer_(std::move(pointer)), csv_(std::move(csv)) {}
  ~Problems() {
    if (count_ > kMaxProblemsPerFile)
      diags_.add(scenario_file_, pointer_ + "/file",
                 fmt::format("{}: {} more problems not shown", csv_, count_ - kMaxProblemsPerFile));
  }
  void add(const std::string& key, int line, const std::string& message) {
    ++count_;
    if (count_ > kMaxProblemsPerFile) return;
    std::string where = line > 0 ? fmt::format("{} line {}", csv_, line) : csv_;
    diags_.add(scenario_file_, pointer_ + "/" + key, fmt::format("{}: {}", where, message));
  }
  int count() const { return count_; }

 private:
  Diagnostics& diags_;
  std::string scenario_file_, pointer_, csv_;
  int count_ = 0;
};

int find_column(const std::vector<std::string>& header, const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

void report_missing_column(Problems& problems, const std::string& key, const std::string& what, const std::string& name,
                           const std::vector<std::string>& header) {
  std::string best;
  size_t best_d = std::string::npos;
  for (const auto& h : header) {
    size_t d = edit_distance(name, h);
    if (d < best_d) best_d = d, best = h;
  }
  std::string hint;
  if (!best.empty() && best_d <= std::max<size_t>(2, name.size() / 3))
    hint = fmt::format(" (did you mean \"{}\"?)", best);
  problems.add(key, 1, fmt::format("no {} column \"{}\"{}; the header has {}", what, name, hint, quoted_list(header)));
}

}  // namespace

void load_trace(TrafficComponent& c, const std::string& scenario_file, const std::string& pointer, Diagnostics& diags) {
  c.points.clear();
  Problems problems(diags, scenario_file, pointer, c.file);

  const bool iso = c.time_format == TraceTimeFormat::Iso8601;
  const bool counts = c.value_kind == TraceValueKind::Count;
  // The scenario loader validates and reports these keys; here they only decide whether points can be
  // built, so a bad one is not reported twice.
  const bool params_ok = c.time_scale > 0 && c.rate_scale >= 0 && c.bucket_s > 0;

  std::error_code ec;
  if (!std::filesystem::exists(c.file, ec)) {
    problems.add("file", 0, "trace file not found");
    return;
  }
  if (std::filesystem::is_directory(c.file, ec)) {
    problems.add("file", 0, "is a directory, expected a CSV file");
    return;
  }
  std::ifstream in(c.file, std::ios::binary);
  std::stringstream buffer;
  if (in) buffer << in.rdbuf();
  if (!in || in.bad()) {
    problems.add("file", 0, "cannot read the file");
    return;
  }

  CsvTable table = parse_csv(buffer.str());
  for (const auto& p : table.problems) problems.add("file", p.line, p.message);
  if (table.rows.empty()) {
    problems.add("file", 0, "the file is empty; expected a header row and at least one data row");
    return;
  }
  const std::vector<std::string>& header = table.rows[0].fields;
  int time_col = find_column(header, c.time_column);
  int value_col = find_column(header, c.value_column);
  if (time_col < 0) report_missing_column(problems, "time_column", "time", c.time_column, header);
  if (value_col < 0) report_missing_column(problems, "value_column", "value", c.value_column, header);
  if (time_col < 0 || value_col < 0) return;
  if (table.rows.size() < 2) {
    problems.add("file", 0, "the trace is empty: a header row but no data rows");
    return;
  }

  std::vector<std::pair<double, double>> raw;  // (trace seconds from the first row, value)
  std::optional<EpochTime> first_iso;
  std::optional<double> first_s, prev_t;
  int prev_line = 0;
  const std::string tname = c.time_column, vname = c.value_column;
  for (size_t r = 1; r < table.rows.size(); ++r) {
    const CsvRow& row = table.rows[r];
    const int needed = std::max(time_col, value_col) + 1;
    if (static_cast<int>(row.fields.size()) < needed) {
      problems.add(
          "file", row.line,
          fmt::format("{} fields, expected at least {} (the header has {})", row.fields.size(), needed, header.size()));
      continue;
    }
    const std::string& ts = row.fields[time_col];
    const std::string& vs = row.fields[value_col];
    std::optional<double> t;
    if (iso) {
      std::optional<EpochTime> e = parse_iso8601(ts);
      if (!e) {
        problems.add("file", row.line,
                     fmt::format("column \"{}\": expected an ISO 8601 date-time such as \"2024-05-01T12:00:00Z\", "
                                 "found \"{}\"",
                                 tname, ts));
      } else {
        if (!first_iso) first_iso = e;
        t = e->minus(*first_iso);
      }
    } else {
      std::optional<double> s = parse_number(ts);
      if (!s) {
        problems.add("file", row.line,
                     fmt::format("column \"{}\": expected a time in seconds (a number), found \"{}\"", tname, ts));
      } else {
        if (!first_s) first_s = s;
        t = *s - *first_s;
      }
    }
    std::optional<double> v = parse_number(vs);
    if (!v) {
      problems.add("file", row.line, fmt::format("column \"{}\": expected a number, found \"{}\"", vname, vs));
    } else if (*v < 0) {
      problems.add("file", row.line, fmt::format("column \"{}\": expected a value >= 0, found {}", vname, vs));
      v.reset();
    }
    if (t && prev_t && !(*t > *prev_t)) {
      problems.add("file", row.line,
                   fmt::format("column \"{}\": \"{}\" is not after the time on line {}; times must increase", tname, ts,
                               prev_line));
    }
    if (t) prev_t = t, prev_line = row.line;
    if (t && v) raw.emplace_back(*t, *v);
  }
  if (problems.count() > 0 || !params_ok) return;

  const double bucket = counts ? c.bucket_s : 1.0;
  double tail = c.bucket_s;
  if (!counts && raw.size() >= 2) tail = raw.back().first - raw[raw.size() - 2].first;
  c.points.reserve(raw.size() + 1);
  for (const auto& [t, v] : raw) c.points.emplace_back(t * c.time_scale, v / bucket * c.rate_scale);
  c.points.emplace_back((raw.back().first + tail) * c.time_scale, 0.0);
}

}  // namespace vsf
