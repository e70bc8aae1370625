#include "util/errors.hpp"

#include <fmt/format.h>

#include "util/json_util.hpp"

namespace vsf {

// A pointer as messages show it: every reference token cut like any other echoed input, so a
// 5,000-character key names its place in a line, not a screenful.
static std::string shown_pointer(const std::string& pointer) {
  std::string out;
  size_t start = 0;
  while (start < pointer.size()) {
    size_t end = pointer.find('/', start + 1);
    if (end == std::string::npos) end = pointer.size();
    out += excerpt(std::string_view(pointer).substr(start, end - start));
    start = end;
  }
  return out;
}

std::string Diagnostic::format() const {
  std::string where = file;
  if (line > 0) where += fmt::format(":{}:{}", line, column);
  if (!pointer.empty()) where += fmt::format(": {}", shown_pointer(pointer));
  return fmt::format("{}: {}", where, message);
}

void Diagnostics::add(std::string file, std::string pointer, std::string message, int line, int column) {
  items_.push_back(Diagnostic{std::move(file), std::move(pointer), std::move(message), line, column});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::string Diagnostics::format() const {
  std::string out;
  for (const auto& d : items_) out += d.format() + "\n";
  return out;
}

void Diagnostics::throw_if_any() const {
  if (!items_.empty()) throw InputError(*this);
}

static std::string summary_of(const Diagnostics& d) {
  return d.empty() ? std::string("bad input") : d.items().front().format();
}

InputError::InputError(Diagnostics diags) : std::runtime_error(summary_of(diags)), diags_(std::move(diags)) {}

InputError::InputError(std::string file, std::string pointer, std::string message)
    : InputError([&] {
        Diagnostics d;
        d.add(std::move(file), std::move(pointer), std::move(message));
        return d;
      }()) {}

}  // namespace vsf
