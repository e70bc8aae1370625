// Parsing JSON text into nlohmann::json with diagnostics instead of exceptions: syntax errors carry the
// line and column ("file:3:17: invalid JSON: ..."), duplicate keys are reported (nlohmann would keep the
// last one silently, so a copy-pasted key would change an experiment without notice), and absurdly deep
// nesting is refused before recursive code walks it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "util/errors.hpp"

namespace vsf {

constexpr size_t kMaxJsonDepth = 64;

// The document, or nullopt with at least one diagnostic added for `file`.
std::optional<nlohmann::json> parse_json(const std::string& file, std::string_view text, Diagnostics& diags);

// Reads a whole file; nullopt when it does not exist, is not a regular file or cannot be read.
std::optional<std::string> read_text_file(const std::string& path);

}  // namespace vsf
