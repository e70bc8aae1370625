// The key tables (scenario/key_tables.hpp) against scenarios/schema.json and scenarios/README.md, so
// that a key is declared in one place and the schema and docs cannot drift from what the loader reads:
// the same keys at each table's schema location (both ways), the same required list, the same
// defaults, the table's doc equal to the schema's description; every schema object with its own
// properties has a table; every key is named in the README and every key the README's key tables name
// is in some table.
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "../key_table_checks.hpp"
#include "scenario/key_tables.hpp"

using namespace vsf;
using nlohmann::json;

using namespace key_table_checks;

namespace {

const json& schema() {
  static const json s = json::parse(read_source("scenarios/schema.json"));
  return s;
}

}  // namespace

TEST_CASE("every key table equals its object in scenarios/schema.json", "[key_tables][schema]") {
  for (const SectionTable& t : key_tables()) {
    if (!t.in_schema) continue;
    INFO("table of " << t.where << " at schema " << t.schema_pointer);
    const json& node = schema().at(json::json_pointer(std::string(t.schema_pointer)));
    REQUIRE(node.contains("properties"));
    const json& props = node["properties"];
    std::set<std::string> in_schema;
    for (const auto& item : props.items()) in_schema.insert(item.key());
    CHECK(names(*t.keys) == in_schema);
    const std::set<std::string> required = node.value("required", std::set<std::string>{});
    CHECK(names(*t.keys, true) == required);
    for (const KeySpec& k : *t.keys) {
      const std::string key(k.key);
      if (!props.contains(key)) continue;  // reported above
      INFO("key " << key);
      const json& p = props[key];
      CHECK(p.value("description", "") == std::string(k.doc));
      CHECK(k.has_default() == p.contains("default"));
      if (k.has_default() && p.contains("default")) CHECK(default_json(k.default_text) == p["default"]);
    }
  }
}

// Objects that only select a variant ("if": {"properties": {"kind": ...}}) or hold the key common to
// every variant (traffic_component's "type") are not sections of their own.
TEST_CASE("every object of the schema with its own keys has a key table", "[key_tables][schema]") {
  std::set<std::string> tabled;
  for (const SectionTable& t : key_tables())
    if (t.in_schema) tabled.emplace(t.schema_pointer);
  std::vector<std::string> missing;
  std::function<void(const json&, const json::json_pointer&)> walk = [&](const json& n, const json::json_pointer& ptr) {
    if (n.is_object()) {
      if (n.contains("properties") && n.value("additionalProperties", true) == false && !tabled.count(ptr.to_string()))
        missing.push_back(ptr.to_string());
      for (const auto& item : n.items()) walk(item.value(), ptr / item.key());
    } else if (n.is_array()) {
      for (size_t i = 0; i < n.size(); ++i) walk(n[i], ptr / i);
    }
  };
  walk(schema(), json::json_pointer());
  CHECK(missing == std::vector<std::string>{});
}

TEST_CASE("every key of every table is named in scenarios/README.md, and the README names no other",
          "[key_tables][readme]") {
  const std::string readme = read_source("scenarios/README.md");
  std::set<std::string> all;
  for (const SectionTable& t : key_tables())
    for (const KeySpec& k : *t.keys) {
      all.emplace(k.key);
      INFO("key " << k.key << " of " << t.where);
      // `key`, or a path starting with it (`hardware.NAME`, `tiers[].cpus`)
      CHECK(std::regex_search(
          readme,
          std::regex("`" + std::regex_replace(std::string(k.key), std::regex(R"([$.])"), R"(\$&)") + R"([`.\[])")));
    }
  // Rows of the README's key tables ("| key | type | default | meaning |"): "| `name` | ...".
  std::istringstream in(readme);
  std::string line;
  bool in_key_table = false;
  const std::regex row(R"(^\| `([^`]+)`)");
  while (std::getline(in, line)) {
    if (line.rfind("| key |", 0) == 0) in_key_table = true;
    if (line.empty() || line[0] != '|') in_key_table = false;
    std::smatch m;
    if (in_key_table && std::regex_search(line, m, row)) {
      INFO("README row: " << line.substr(0, 80));
      CHECK(all.count(m[1].str()) == 1);
    }
  }
}
