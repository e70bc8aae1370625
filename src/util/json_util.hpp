// Small JSON helpers for input checking: RFC 6901 pointers (building them, setting a value through one
// with a clear error when the parent is missing), line and column of a byte offset for syntax errors,
// and a short rendering of a value for "found ..." in messages.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace vsf {

// "/vsfs/0" + "tiers" -> "/vsfs/0/tiers" ("~" and "/" in keys escaped as "~0" and "~1").
std::string pointer_join(const std::string& base, std::string_view key);
std::string pointer_join(const std::string& base, size_t index);

// 1-based line and column of byte `offset` (0-based) of `text`; columns count bytes.
std::pair<int, int> line_column(std::string_view text, size_t offset);

// Nesting of arrays and objects in JSON text (strings skipped), so absurd inputs can be refused before
// recursive code (dump, the loader) walks them: the byte offset of the first "[" or "{" that opens level
// `max_depth` + 1, where the error points, or nullopt when the text never goes deeper than `max_depth`.
std::optional<size_t> too_deep_at(std::string_view text, size_t max_depth);

// "a string", "an integer", "a number", "an object", "an array", "true/false", "null".
std::string json_kind(const nlohmann::json& v);
// For "found ...": strings and scalars as JSON text (cut at ~60 characters), containers by kind.
std::string json_found(const nlohmann::json& v);

// `text` with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD, so messages
// that quote user input stay printable and serializable.
std::string valid_utf8(std::string_view text);
// `text` as messages echo it: valid UTF-8, cut to about 60 characters ("..." at the end), so that a
// huge input never fills a terminal.
std::string excerpt(std::string_view text);

// Sets `doc` at `pointer` to `value`. The parent must exist: an object (the key is created or replaced)
// or an array (an existing index is replaced; "-" or the size appends). Returns an error message, or
// nullopt on success.
std::optional<std::string> set_at_pointer(nlohmann::json& doc, const std::string& pointer, nlohmann::json value);

}  // namespace vsf
