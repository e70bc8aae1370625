// Every file of tests/bad/sweeps/ is refused, before anything would run, with all of its expected
// messages (file, JSON pointer, what was found and expected), and expected.json lists exactly the files
// that exist. The same format as tests/bad/expected.json: {"messages": [substrings], "schema": true when
// scenarios/sweep.schema.json must reject the file too (tests/e2e/sweep_schema.py), "min_errors"}.
// A file goes through what `vsfsim sweep` does first: load_sweep, expand, check_points.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "sweep/expand.hpp"
#include "sweep/sweep_file.hpp"
#include "util/errors.hpp"

using namespace vsf;
using namespace vsf::sweep;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kBadDir = std::string(VSFSIM_SOURCE_DIR) + "/tests/bad/sweeps";

json expected_table() {
  std::ifstream in(kBadDir + "/expected.json");
  return json::parse(in);
}

}  // namespace

TEST_CASE("tests/bad/sweeps/expected.json covers exactly the bad sweep files", "[sweep][bad]") {
  std::set<std::string> files, listed;
  for (const auto& e : fs::directory_iterator(kBadDir))
    if (e.path().extension() == ".json" && e.path().filename() != "expected.json")
      files.insert(e.path().filename().string());
  const json table = expected_table();
  for (const auto& [name, entry] : table.items()) {
    listed.insert(name);
    CHECK(entry.at("messages").size() >= 1);
    CHECK(entry.at("schema").is_boolean());
  }
  CHECK(files == listed);
  CHECK(files.size() >= 12);
}

TEST_CASE("every bad sweep file is refused with its expected messages", "[sweep][bad]") {
  const json table = expected_table();
  for (const auto& [name, entry] : table.items()) {
    const std::string path = kBadDir + "/" + name;
    INFO(name);
    bool thrown = false;
    try {
      const SweepSpec spec = load_sweep(path);
      const Expanded expanded = expand(spec, base_document(spec));
      check_points(spec, expanded);
    } catch (const InputError& e) {
      thrown = true;
      const std::string text = e.diagnostics().format();
      INFO(text);
      for (const auto& m : entry.at("messages")) {
        INFO("expected substring: " << m.get<std::string>());
        CHECK(text.find(m.get<std::string>()) != std::string::npos);
      }
      CHECK(e.diagnostics().size() >= entry.value("min_errors", 1u));
    }
    CHECK(thrown);
  }
}
