// The sweep file's key tables (sweep/sweep_keys.hpp) against scenarios/sweep.schema.json and
// scenarios/SWEEPS.md, as the scenario's tables are held to theirs: the same keys at each table's schema
// location, the same required keys and defaults, the table's doc equal to the schema's description;
// every schema object with its own closed set of keys has a table; every key is named in SWEEPS.md.
#include "sweep/sweep_keys.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "../key_table_checks.hpp"
#include "sweep/spec.hpp"

using namespace vsf;
using namespace vsf::sweep;
using nlohmann::json;

using namespace key_table_checks;

namespace {

const json& schema() {
  static const json s = json::parse(read_source("scenarios/sweep.schema.json"));
  return s;
}

}  // namespace

TEST_CASE("every sweep key table equals its object in scenarios/sweep.schema.json", "[sweep][keys]") {
  for (const SectionTable& t : sweep_key_tables()) {
    INFO("table of " << t.where << " at schema " << t.schema_pointer);
    const json& node = schema().at(json::json_pointer(std::string(t.schema_pointer)));
    REQUIRE(node.contains("properties"));
    const json& props = node["properties"];
    std::set<std::string> in_schema;
    for (const auto& item : props.items()) in_schema.insert(item.key());
    CHECK(names(*t.keys) == in_schema);
    CHECK(names(*t.keys, true) == node.value("required", std::set<std::string>{}));
    for (const KeySpec& k : *t.keys) {
      const std::string key(k.key);
      if (!props.contains(key)) continue;
      INFO("key " << key);
      const json& p = props[key];
      CHECK(p.value("description", "") == std::string(k.doc));
      CHECK(k.has_default() == p.contains("default"));
      if (k.has_default() && p.contains("default")) CHECK(default_json(k.default_text) == p["default"]);
    }
  }
}

TEST_CASE("every closed object of the sweep schema has a key table", "[sweep][keys]") {
  std::set<std::string> tabled;
  for (const SectionTable& t : sweep_key_tables()) tabled.emplace(t.schema_pointer);
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

TEST_CASE("every sweep key is in a row of scenarios/SWEEPS.md's key tables and no other key is", "[sweep][keys]") {
  const std::string doc = read_source("scenarios/SWEEPS.md");
  std::set<std::string> all, rows;
  for (const SectionTable& t : sweep_key_tables())
    for (const KeySpec& k : *t.keys) all.emplace(k.key);
  std::istringstream in(doc);
  std::string line;
  bool in_key_table = false;
  const std::regex row(R"(^\| `([^`]+)`)");
  while (std::getline(in, line)) {
    if (line.rfind("| key |", 0) == 0) in_key_table = true;
    if (line.empty() || line[0] != '|') in_key_table = false;
    std::smatch m;
    if (in_key_table && std::regex_search(line, m, row)) {
      INFO("SWEEPS.md row: " << line.substr(0, 80));
      CHECK(all.count(m[1].str()) == 1);
      rows.insert(m[1].str());
    }
  }
  CHECK(rows == all);
}

namespace {

// The first cells (`name`) of the rows of the table that follows `heading` in SWEEPS.md.
std::vector<std::string> table_after(const std::string& doc, const std::string& heading) {
  std::vector<std::string> out;
  auto at = doc.find("\n" + heading + "\n");
  REQUIRE(at != std::string::npos);
  std::istringstream in(doc.substr(at + heading.size() + 2));
  std::string line;
  bool started = false;
  const std::regex row(R"(^\| `([^`]+)` \|)");
  while (std::getline(in, line)) {
    if (line.rfind("|", 0) != 0) {
      if (started) break;
      continue;
    }
    started = true;
    std::smatch m;
    if (std::regex_search(line, m, row)) out.push_back(m[1].str());
  }
  return out;
}

}  // namespace

TEST_CASE("SWEEPS.md lists the default metrics as default_metrics() has them", "[sweep][keys]") {
  const std::string doc = read_source("scenarios/SWEEPS.md");
  std::vector<std::string> expected;
  for (const Metric& m : default_metrics()) expected.push_back(m.name);
  CHECK(table_after(doc, "Without `metrics`, a sweep tabulates the grid's figures:") == expected);
  for (const Metric& m : default_metrics())
    CHECK(doc.find("| `" + m.name + "` | `" + m.pointer + "` |") != std::string::npos);
}
