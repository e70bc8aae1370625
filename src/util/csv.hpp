// The one CSV dialect of vsfsim's input files (traffic traces, failure logs for fault distributions), so
// that a file that loads in one place loads in the other:
// - records end with LF, CRLF or CR; fields are separated by commas; a UTF-8 byte-order mark is ignored;
// - a field may be in double quotes, with "" for a quote inside; a quoted field may hold commas and line
//   breaks (RFC 4180); spaces and tabs around the quotes are ignored;
// - unquoted fields are trimmed of spaces and tabs;
// - blank lines, records of one empty field and comment lines (first non-blank character '#') are
//   skipped; a header, when the caller expects one, is the first record that remains.
// Reading never throws: a record with bad syntax (a quote never closed, text after a closing quote)
// comes back with its problem, and CsvProblems reports problems against the input that names the file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/errors.hpp"

namespace vsf {

struct CsvRow {
  int line = 0;                     // 1-based physical line where the record starts
  std::vector<std::string> fields;  // as read; not to be used when `problem` is set
  std::string problem;              // bad syntax in this record, or ""
};

std::vector<CsvRow> parse_csv(std::string_view text);

// Problems of one CSV file, reported as diagnostics of the input file that names it (`file`, at a JSON
// pointer there) and worded "<csv> line <n>: <message>" ("<csv>: <message>" for line 0). After
// kMaxProblems, the rest are only counted, and the destructor adds "<csv>: N more problems not shown" at
// `pointer`, so that a wrong column choice on a 100k-row file gives a readable error.
class CsvProblems {
 public:
  static constexpr int kMaxProblems = 20;

  CsvProblems(Diagnostics& diags, std::string file, std::string pointer, std::string csv);
  ~CsvProblems();
  CsvProblems(const CsvProblems&) = delete;
  CsvProblems& operator=(const CsvProblems&) = delete;

  void add(int line, const std::string& message) { add_at(pointer_, line, message); }
  void add_at(const std::string& pointer, int line, const std::string& message);
  int count() const { return count_; }

 private:
  Diagnostics& diags_;
  std::string file_, pointer_, csv_;
  int count_ = 0;
};

}  // namespace vsf
