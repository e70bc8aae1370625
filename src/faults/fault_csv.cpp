// A column of times from a CSV file, for empirical fault distributions. Cells are durations with a unit
// ("4h") or plain numbers of seconds, the usual form of failure logs.
#include "faults/fault_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "util/csv.hpp"
#include "util/json_parse.hpp"
#include "util/json_util.hpp"
#include "util/numbers.hpp"
#include "util/suggest.hpp"
#include "util/units.hpp"

namespace vsf::faults::detail {

namespace {

// A duration with a unit, or a plain number of seconds.
std::optional<double> parse_time(const std::string& cell) {
  if (auto d = parse_duration(cell)) return d;
  return parse_number(cell);
}

// The column holding the times and the first data row (after the header, if any); nullopt after a
// problem. Without `column`, the first row is a header only when its cell is not a time.
std::optional<std::pair<size_t, size_t>> locate(const std::vector<CsvRow>& rows,
                                                const std::optional<std::string>& column, CsvProblems& problems) {
  if (rows.empty()) return std::make_pair(size_t{0}, size_t{0});
  const CsvRow& head = rows[0];
  if (!column && head.problem.empty() && parse_time(head.fields[0])) return std::make_pair(size_t{0}, size_t{0});
  if (!head.problem.empty()) problems.add(head.line, head.problem);
  if (!column) return std::make_pair(size_t{0}, size_t{1});
  auto it = std::find(head.fields.begin(), head.fields.end(), *column);
  if (it == head.fields.end()) {
    problems.add(head.line,
                 fmt::format("no column \"{}\" in the header{}", *column, suggestion_suffix(*column, head.fields)));
    return std::nullopt;
  }
  return std::make_pair(static_cast<size_t>(it - head.fields.begin()), size_t{1});
}

// The times of column `col` from row `first` on, every bad cell reported.
std::vector<double> read_times(const std::vector<CsvRow>& rows, size_t col, size_t first, bool instants,
                               CsvProblems& problems) {
  std::vector<double> values;
  for (size_t i = first; i < rows.size(); ++i) {
    const CsvRow& row = rows[i];
    if (!row.problem.empty()) {
      problems.add(row.line, row.problem);
      continue;
    }
    if (col >= row.fields.size()) {
      problems.add(row.line, fmt::format("expected at least {} fields, found {}", col + 1, row.fields.size()));
      continue;
    }
    const std::string& cell = row.fields[col];
    auto t = parse_time(cell);
    if (!t) {
      problems.add(row.line, fmt::format("expected a duration such as \"4h\" or a number of seconds, found \"{}\"",
                                         excerpt(cell)));
    } else if (*t < 0) {
      problems.add(row.line, fmt::format("expected a time >= 0, found \"{}\"", excerpt(cell)));
    } else if (*t > quantity_max(Quantity::Duration)) {
      problems.add(row.line, fmt::format("expected a time of at most {}, found \"{}\"",
                                         quantity_max_text(Quantity::Duration), excerpt(cell)));
    } else if (instants && !values.empty() && *t < values.back()) {
      problems.add(row.line, fmt::format("instants must not decrease, found {} after {}", *t, values.back()));
    } else {
      values.push_back(*t);
    }
  }
  return values;
}

}  // namespace

std::string resolve_beside(const std::string& scenario_file, const std::string& csv) {
  std::filesystem::path p(csv);
  if (p.is_absolute()) return csv;
  return (std::filesystem::path(scenario_file).parent_path() / p).string();
}

std::optional<std::vector<double>> load_time_column(const Source& src, const std::string& file_pointer,
                                                    const std::string& csv, const std::optional<std::string>& column,
                                                    bool instants) {
  CsvProblems problems(*src.diags, src.file, file_pointer, csv);
  std::error_code ec;
  if (!std::filesystem::exists(csv, ec)) {
    problems.add(0, "file not found");
    return std::nullopt;
  }
  auto text = read_text_file(csv);
  if (!text) {
    problems.add(0, "cannot read the file (expected a CSV file)");
    return std::nullopt;
  }
  const std::vector<CsvRow> rows = parse_csv(*text);
  auto where = locate(rows, column, problems);
  if (!where) return std::nullopt;
  const std::vector<double> values = read_times(rows, where->first, where->second, instants, problems);
  const size_t need = instants ? 2 : 1;
  if (problems.count() == 0 && values.size() < need)
    problems.add(0, instants ? "expected at least two instants (their differences are the samples)"
                             : "expected at least one duration, found none");
  if (problems.count() > 0) return std::nullopt;
  if (instants) {
    std::vector<double> gaps;
    for (size_t i = 1; i < values.size(); ++i) gaps.push_back(values[i] - values[i - 1]);
    return gaps;
  }
  return values;
}

}  // namespace vsf::faults::detail
