// Helpers of the tests that hold key tables (util/key_table.hpp) to a JSON Schema and its docs: the
// scenario's (tests/unit/scenario/) and the sweep file's (tests/unit/sweep/).
#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "util/key_table.hpp"

namespace key_table_checks {

// A file of the source tree (schemas and docs are checked as shipped).
inline std::string read_source(const std::string& rel) {
  std::ifstream in(std::string(VSFSIM_SOURCE_DIR) + "/" + rel);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The table's default as the schema writes it: a number, boolean, object or array when the text is one
// in JSON, a string otherwise ("30s", "majority").
inline nlohmann::json default_json(std::string_view text) {
  nlohmann::json v = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded() || v.is_string() || v.is_null()) return nlohmann::json(std::string(text));
  return v;
}

// The keys of a table (only the required ones with required_only).
inline std::set<std::string> names(const vsf::KeyTable& t, bool required_only = false) {
  std::set<std::string> out;
  for (const vsf::KeySpec& k : t)
    if (!required_only || k.need == vsf::Need::Required) out.emplace(k.key);
  return out;
}

}  // namespace key_table_checks
