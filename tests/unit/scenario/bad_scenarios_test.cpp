// Every file of tests/bad/ is refused with all of its expected messages (file, JSON pointer, what was
// found and expected), every problem of a file is reported at once, and tests/bad/expected.json lists
// exactly the files that exist. expected.json maps each file name to {"messages": [substrings that
// must appear, with their JSON pointers], "schema": true when scenarios/schema.json must reject the file
// too (tests/e2e/schema_check.py), "min_errors": how many diagnostics at least (default 1)}.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "scenario/loader.hpp"
#include "util/errors.hpp"

using namespace vsf;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kBadDir = std::string(VSFSIM_SOURCE_DIR) + "/tests/bad";

json expected_table() {
  std::ifstream in(kBadDir + "/expected.json");
  return json::parse(in);
}

}  // namespace

TEST_CASE("expected.json covers exactly the bad files, at least 18 of them", "[scenario][bad]") {
  json table = expected_table();
  std::set<std::string> files;
  for (const auto& e : fs::directory_iterator(kBadDir))
    if (e.path().extension() == ".json" && e.path().filename() != "expected.json")
      files.insert(e.path().filename().string());
  std::set<std::string> listed;
  for (const auto& [name, entry] : table.items()) {
    listed.insert(name);
    CHECK(entry.at("messages").size() >= 1);
    CHECK(entry.at("schema").is_boolean());
  }
  CHECK(files == listed);
  CHECK(files.size() >= 18);
}

TEST_CASE("every bad scenario is refused with its expected messages", "[scenario][bad]") {
  json table = expected_table();
  for (const auto& [name, entry] : table.items()) {
    const std::string path = kBadDir + "/" + name;
    INFO(name);
    bool thrown = false;
    try {
      (void)load_scenario(path);
    } catch (const InputError& e) {
      thrown = true;
      const std::string text = e.diagnostics().format();
      INFO(text);
      for (const auto& m : entry.at("messages")) {
        const std::string needle = m.get<std::string>();
        INFO("expected substring: " << needle);
        CHECK(text.find(needle) != std::string::npos);
      }
      // All errors at once: a file with several problems reports each of them.
      const size_t min_errors = entry.value("min_errors", size_t{1});
      CHECK(e.diagnostics().size() >= min_errors);
      for (const auto& d : e.diagnostics().items()) CHECK(d.file.find(name) != std::string::npos);
    }
    CHECK(thrown);
  }
}

TEST_CASE("a missing scenario file is named in the error", "[scenario][bad]") {
  try {
    (void)load_scenario(kBadDir + "/does-not-exist.json");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.diagnostics().size() == 1);
    CHECK(std::string(e.what()).find("does-not-exist.json: scenario file not found") != std::string::npos);
  }
  CHECK_THROWS_AS(load_scenario(kBadDir), InputError);  // a directory is not a scenario
}
