// A small CSV reader for traffic traces: RFC 4180 records (comma-separated, a header row, fields
// optionally in double quotes with "" for a quote, quoted fields may span lines), CRLF or LF line ends,
// a UTF-8 byte-order mark ignored. It never throws on bad content: problems come back with the line.
#pragma once

#include <string>
#include <vector>

namespace vsf {

struct CsvRow {
  int line = 0;                     // 1-based physical line where the record starts
  std::vector<std::string> fields;  // unquoted fields are trimmed of spaces and tabs
};

struct CsvProblem {
  int line = 0;
  std::string message;
};

struct CsvTable {
  std::vector<CsvRow> rows;  // header first; blank lines are skipped
  std::vector<CsvProblem> problems;
};

CsvTable parse_csv(const std::string& text);

}  // namespace vsf
