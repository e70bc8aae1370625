// RFC 4180 CSV parsing for traces (see csv.hpp). A single pass over the text with an explicit state,
// so that line numbers stay right even when a quoted field contains newlines.
#include "traffic/csv.hpp"

namespace vsf {

namespace {

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

bool blank(const CsvRow& row) { return row.fields.size() == 1 && row.fields[0].empty(); }

}  // namespace

CsvTable parse_csv(const std::string& text) {
  CsvTable table;
  size_t i = 0;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
  int line = 1;
  CsvRow row;
  row.line = 1;
  std::string field;
  bool quoted = false;     // the current field started with a quote
  bool in_quotes = false;  // inside the quotes of that field
  bool bad_after_quote = false;

  auto end_field = [&] {
    row.fields.push_back(quoted ? field : trim(field));
    field.clear();
    quoted = false;
    bad_after_quote = false;
  };
  auto end_row = [&] {
    end_field();
    if (!blank(row)) table.rows.push_back(std::move(row));
    row = CsvRow{};
  };

  const size_t n = text.size();
  while (i < n) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < n && text[i + 1] == '"') {
          field += '"';
          i += 2;
          continue;
        }
        in_quotes = false;
        ++i;
        continue;
      }
      if (c == '\n') ++line;
      field += c;
      ++i;
      continue;
    }
    if (c == ',') {
      end_field();
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      end_row();
      i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
      ++line;
      row.line = line;
      continue;
    }
    if (c == '"' && trim(field).empty() && !quoted) {
      quoted = true;
      in_quotes = true;
      field.clear();
      ++i;
      continue;
    }
    if (quoted) {
      // Text after a closing quote ("12"x): report once per field; spaces before the comma are fine.
      if (c != ' ' && c != '\t' && !bad_after_quote) {
        table.problems.push_back({line, "unexpected text after a closing quote"});
        bad_after_quote = true;
      }
      ++i;
      continue;
    }
    field += c;
    ++i;
  }
  if (in_quotes) {
    table.problems.push_back({row.line, "a quoted field is never closed (missing '\"')"});
  }
  if (!field.empty() || quoted || !row.fields.empty()) end_row();
  return table;
}

}  // namespace vsf
