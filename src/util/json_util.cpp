// JSON pointer, position and rendering helpers used by the scenario loader and the --set overrides.
#include "util/json_util.hpp"

#include <fmt/format.h>

#include <vector>

#include "util/numbers.hpp"

namespace vsf {

using nlohmann::json;

// nlohmann's json_pointer does the RFC 6901 escaping; `base` is always a pointer built by these functions.
std::string pointer_join(const std::string& base, std::string_view key) {
  return (json::json_pointer(base) / std::string(key)).to_string();
}

std::string pointer_join(const std::string& base, size_t index) {
  return (json::json_pointer(base) / index).to_string();
}

std::pair<int, int> line_column(std::string_view text, size_t offset) {
  if (offset > text.size()) offset = text.size();
  int line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

std::optional<size_t> too_deep_at(std::string_view text, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

std::string json_kind(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "true/false";
    case json::value_t::string:
      return "a string";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a number";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    default:
      return "a value";
  }
}

std::string json_found(const json& v) {
  if (v.is_object()) return v.empty() ? "an empty object" : "an object";
  if (v.is_array()) return v.empty() ? "an empty array" : fmt::format("an array of {}", v.size());
  // replace: never throw on invalid UTF-8 in a --set string
  std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

std::string excerpt(std::string_view text) {
  if (text.size() <= 60) return valid_utf8(text);
  std::string cut = valid_utf8(text.substr(0, 57));
  return cut + "...";
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= text.size();
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
    if (ok && len > 1) {
      // Reject overlong forms, surrogates and code points beyond U+10FFFF, as JSON parsers do.
      uint32_t cp = c & (0x7F >> len);
      for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
      const uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= min_cp[len] && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    }
    if (ok) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

std::optional<std::string> set_at_pointer(json& doc, const std::string& pointer, json value) {
  if (pointer.empty()) return std::string("the pointer is empty; it must name a value, such as /duration");
  if (pointer[0] != '/') return fmt::format("\"{}\" is not a JSON pointer: it must start with \"/\"", pointer);
  // The pointer is split by nlohmann's json_pointer, but walked here: json_pointer would create missing
  // parents on write, and a sweep that silently creates /vsfs/7 would be a wrong experiment.
  json::json_pointer parsed;
  try {
    parsed = json::json_pointer(pointer);
  } catch (const json::parse_error&) {  // the leading "/" is checked above: only a bad "~" is left
    return fmt::format("\"{}\" is not a valid JSON pointer: \"~\" must be followed by 0 or 1", pointer);
  }
  std::vector<std::string> tokens;
  for (; !parsed.empty(); parsed.pop_back()) tokens.insert(tokens.begin(), parsed.back());
  json* node = &doc;
  std::string walked;
  for (size_t t = 0; t < tokens.size(); ++t) {
    const std::string& tok = tokens[t];
    const bool last = t + 1 == tokens.size();
    const std::string parent = walked.empty() ? std::string("the document") : "\"" + walked + "\"";
    if (node->is_object()) {
      if (last) {
        (*node)[tok] = std::move(value);
        return std::nullopt;
      }
      auto it = node->find(tok);
      if (it == node->end()) return fmt::format("{} has no key \"{}\"", parent, tok);
      node = &*it;
    } else if (node->is_array()) {
      // Tokens of 10 digits or more are "not an index" (no array is that long), never out of range.
      const std::optional<uint64_t> parsed_index = tok.size() < 10 ? parse_unsigned(tok) : std::nullopt;
      const bool numeric = parsed_index.has_value();
      const size_t index = parsed_index.value_or(0);
      if (last && (tok == "-" || (numeric && index == node->size()))) {
        node->push_back(std::move(value));
        return std::nullopt;
      }
      if (!numeric) return fmt::format("{} is an array; \"{}\" is not an index", parent, tok);
      if (index >= node->size())
        return fmt::format("{} has {} elements; index {} does not exist", parent, node->size(), index);
      if (last) {
        (*node)[index] = std::move(value);
        return std::nullopt;
      }
      node = &(*node)[index];
    } else {
      return fmt::format("{} is {}, not an object or array", parent, json_kind(*node));
    }
    walked = pointer_join(walked, tok);
  }
  return std::nullopt;  // unreachable: the loop returns on the last token
}

}  // namespace vsf
