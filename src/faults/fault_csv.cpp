// A column of times from a CSV file, for empirical fault distributions. Cells are durations with a unit
// ("4h") or plain numbers of seconds, the usual form of failure logs. Lines may be blank or start with
// '#'; fields may be quoted ("" for a quote, no line breaks inside).
#include "faults/fault_csv.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <filesystem>

#include "util/json_parse.hpp"
#include "util/suggest.hpp"
#include "util/units.hpp"

namespace vsf::faults::detail {

namespace {

constexpr int kMaxProblems = 20;

struct Line {
  int number;
  std::vector<std::string> fields;
  bool bad;  // a quote not closed: reported once, its fields not read
};

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

// Splits one line; sets `bad` when a quote is not closed.
std::vector<std::string> split_fields(std::string_view line, bool& bad) {
  std::vector<std::string> out;
  size_t i = 0;
  while (true) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        field += line[i++];
      }
      if (!closed) bad = true;
      while (i < line.size() && line[i] != ',') ++i;  // ignore anything between the quote and the comma
    } else {
      size_t e = line.find(',', i);
      if (e == std::string_view::npos) e = line.size();
      field = trim(line.substr(i, e - i));
      i = e;
    }
    out.push_back(std::move(field));
    if (i >= line.size()) break;
    ++i;  // the comma
  }
  return out;
}

std::vector<Line> split_lines(const std::string& text) {
  std::vector<Line> lines;
  size_t pos = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;  // UTF-8 byte-order mark
  int number = 0;
  while (pos <= text.size()) {
    size_t e = text.find('\n', pos);
    if (e == std::string::npos) e = text.size();
    ++number;
    std::string_view raw(text.data() + pos, e - pos);
    std::string t = trim(raw);
    if (!t.empty() && t[0] != '#') {
      bool bad = false;
      auto fields = split_fields(raw, bad);
      lines.push_back(Line{number, std::move(fields), bad});
    }
    if (e == text.size()) break;
    pos = e + 1;
  }
  return lines;
}

// A duration with a unit, or a plain number of seconds.
std::optional<double> parse_time(const std::string& cell) {
  if (auto d = parse_duration(cell)) return std::isfinite(*d) ? d : std::nullopt;
  double v = 0;
  const char* end = cell.data() + cell.size();
  auto [p, ec] = std::from_chars(cell.data(), end, v);
  if (ec != std::errc() || p != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

class Problems {
 public:
  Problems(const Reader& reader, std::string pointer, std::string csv)
      : reader_(reader), pointer_(std::move(pointer)), csv_(std::move(csv)) {}
  ~Problems() {
    if (count_ > kMaxProblems)
      reader_.error(pointer_, fmt::format("{}: {} more problems not shown", csv_, count_ - kMaxProblems));
  }
  void add(int line, const std::string& message) {
    if (++count_ > kMaxProblems) return;
    reader_.error(pointer_,
                  line > 0 ? fmt::format("{} line {}: {}", csv_, line, message) : fmt::format("{}: {}", csv_, message));
  }
  int count() const { return count_; }

 private:
  const Reader& reader_;
  std::string pointer_, csv_;
  int count_ = 0;
};

}  // namespace

std::string resolve_beside(const std::string& scenario_file, const std::string& csv) {
  std::filesystem::path p(csv);
  if (p.is_absolute()) return csv;
  return (std::filesystem::path(scenario_file).parent_path() / p).string();
}

std::optional<std::vector<double>> load_time_column(const Reader& reader, const std::string& file_pointer,
                                                    const std::string& csv, const std::optional<std::string>& column,
                                                    bool instants) {
  Problems problems(reader, file_pointer, csv);
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
  std::vector<Line> lines = split_lines(*text);

  size_t col = 0;
  size_t first = 0;
  if (!lines.empty()) {
    const auto& head = lines[0].fields;
    if (column) {
      first = 1;
      auto it = std::find(head.begin(), head.end(), *column);
      if (it == head.end()) {
        problems.add(lines[0].number,
                     fmt::format("no column \"{}\" in the header{}", *column, suggestion_suffix(*column, head)));
        return std::nullopt;
      }
      col = static_cast<size_t>(it - head.begin());
    } else if (!parse_time(head[0])) {
      first = 1;  // a header row
    }
  }
  std::vector<double> values;
  for (size_t i = first; i < lines.size(); ++i) {
    const Line& l = lines[i];
    if (l.bad) {
      problems.add(l.number, "a quoted field is not closed");
      continue;
    }
    if (col >= l.fields.size()) {
      problems.add(l.number, fmt::format("expected at least {} fields, found {}", col + 1, l.fields.size()));
      continue;
    }
    const std::string& cell = l.fields[col];
    auto t = parse_time(cell);
    if (!t) {
      problems.add(l.number, fmt::format("expected a duration such as \"4h\" or a number of seconds, found \"{}\"",
                                         cell.substr(0, 60)));
    } else if (*t < 0) {
      problems.add(l.number, fmt::format("expected a time >= 0, found \"{}\"", cell.substr(0, 60)));
    } else if (instants && !values.empty() && *t < values.back()) {
      problems.add(l.number, fmt::format("instants must not decrease, found {} after {}", *t, values.back()));
    } else {
      values.push_back(*t);
    }
  }
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
