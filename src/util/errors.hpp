// Input diagnostics. Bad user input is never fatal on the first problem: loaders collect every
// problem they find (file, JSON pointer, what was found, what was expected) and throw one InputError
// at the end, which the CLI prints and turns into exit status 2.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace vsf {

struct Diagnostic {
  std::string file;     // path as the user gave it
  std::string pointer;  // RFC 6901 JSON pointer, "" for the whole document
  std::string message;  // "expected a duration such as \"250ms\", found \"5MB\""
  int line = 0;         // 1-based; 0 when unknown (only syntax errors know it)
  int column = 0;

  // "scenarios/x.json: /vsfs/0/tiers/1/max: expected ..." (with ":line:col" when known)
  std::string format() const;
};

class Diagnostics {
 public:
  void add(std::string file, std::string pointer, std::string message, int line = 0, int column = 0);
  void append(const Diagnostics& other);
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  std::string format() const;  // one line per diagnostic
  void throw_if_any() const;   // throws InputError carrying a copy of *this

 private:
  std::vector<Diagnostic> items_;
};

// Thrown for bad user input (scenario, model, trace files, command-line values). Exit status 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(Diagnostics diags);
  InputError(std::string file, std::string pointer, std::string message);
  const Diagnostics& diagnostics() const { return diags_; }

 private:
  Diagnostics diags_;
};

}  // namespace vsf
