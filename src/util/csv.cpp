// The CSV reader and problem reporter (see csv.hpp). A single pass over the text with an explicit
// state, so that line numbers stay right when a quoted field holds line breaks.
#include "util/csv.hpp"

#include <fmt/format.h>

namespace vsf {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool all_blank(std::string_view s) {
  for (char c : s)
    if (!is_blank(c)) return false;
  return true;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_blank(s[b])) ++b;
  while (e > b && is_blank(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
  }

  std::vector<CsvRow> rows() {
    while (i_ < text_.size()) {
      if (in_quotes_)
        inside_quotes();
      else
        outside_quotes();
    }
    if (in_quotes_) problem("a quoted field is not closed");
    if (!field_.empty() || quoted_ || !row_.fields.empty()) end_record();
    return std::move(rows_);
  }

 private:
  void inside_quotes() {
    const char c = text_[i_++];
    if (c == '"') {
      if (i_ < text_.size() && text_[i_] == '"') {
        field_ += '"';
        ++i_;
      } else {
        in_quotes_ = false;
      }
      return;
    }
    if (c == '\n' || (c == '\r' && (i_ == text_.size() || text_[i_] != '\n'))) ++line_;
    field_ += c;
  }

  void outside_quotes() {
    const char c = text_[i_];
    if (c == '\r' || c == '\n') {
      end_record();
      i_ += (c == '\r' && i_ + 1 < text_.size() && text_[i_ + 1] == '\n') ? 2 : 1;
      row_.line = ++line_;
    } else if (c == '#' && row_.fields.empty() && !quoted_ &&
               all_blank(field_)) {  // a comment: up to the end of the line
      while (i_ < text_.size() && text_[i_] != '\r' && text_[i_] != '\n') ++i_;
    } else if (c == ',') {
      end_field();
      ++i_;
    } else if (c == '"' && !quoted_ && all_blank(field_)) {
      quoted_ = in_quotes_ = true;
      field_.clear();
      ++i_;
    } else if (quoted_) {  // after the closing quote, only blanks may come before the comma
      if (!is_blank(c)) problem("unexpected text after a closing quote");
      ++i_;
    } else {
      field_ += c;
      ++i_;
    }
  }

  void problem(const char* message) {
    if (row_.problem.empty()) row_.problem = message;
  }

  void end_field() {
    row_.fields.push_back(quoted_ ? std::move(field_) : trim(field_));
    field_.clear();
    quoted_ = false;
  }

  void end_record() {
    end_field();
    const bool blank = row_.fields.size() == 1 && row_.fields[0].empty();
    if (!blank || !row_.problem.empty()) rows_.push_back(std::move(row_));
    row_ = CsvRow{};
  }

  std::string_view text_;
  size_t i_ = 0;
  int line_ = 1;
  CsvRow row_{1, {}, {}};
  std::string field_;
  bool quoted_ = false;     // the current field started with a quote
  bool in_quotes_ = false;  // inside the quotes of that field
  std::vector<CsvRow> rows_;
};

}  // namespace

std::vector<CsvRow> parse_csv(std::string_view text) { return Scanner(text).rows(); }

CsvProblems::CsvProblems(Diagnostics& diags, std::string file, std::string pointer, std::string csv)
    : diags_(diags), file_(std::move(file)), pointer_(std::move(pointer)), csv_(std::move(csv)) {}

CsvProblems::~CsvProblems() {
  if (count_ > kMaxProblems)
    diags_.add(file_, pointer_, fmt::format("{}: {} more problems not shown", csv_, count_ - kMaxProblems));
}

void CsvProblems::add_at(const std::string& pointer, int line, const std::string& message) {
  if (++count_ > kMaxProblems) return;
  diags_.add(file_, pointer,
             line > 0 ? fmt::format("{} line {}: {}", csv_, line, message) : fmt::format("{}: {}", csv_, message));
}

}  // namespace vsf
