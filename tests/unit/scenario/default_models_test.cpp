// A scenario without "models": the search for the shipped model files (VSFSIM_MODELS, then the installed
// share/vsfsim/models beside bin/, then the source tree's models/ for a binary in its build tree), and what
// the loader does with them (loads them, names them in the effective document, or says where it looked).
#include "scenario/default_models.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "load_errors.hpp"
#include "scenario/loader.hpp"

using namespace vsf;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kSourceModels = std::string(VSFSIM_SOURCE_DIR) + "/models";

// A scratch tree: an installed prefix (bin/, share/vsfsim/models/), a build tree and a models override.
struct Tree {
  fs::path root = fs::temp_directory_path() / ("vsfsim-default-models-" + std::to_string(::getpid()));
  Tree() {
    fs::remove_all(root);
    for (const char* d : {"prefix/bin", "prefix/share/vsfsim/models", "build/tests", "mine"})
      fs::create_directories(root / d);
    for (const char* m : {"switches.json", "hardware.json", "roles.json", "plans.json"})
      fs::copy_file(kSourceModels + "/" + m, root / "prefix/share/vsfsim/models" / m);
    std::ofstream(root / "prefix/share/vsfsim/models/README.md") << "not a model file\n";
    std::ofstream(root / "mine/only.json") << R"({"sources": ["test"], "roles": {"web": {"work": "1Mf"}}})";
  }
  ~Tree() { fs::remove_all(root); }
  std::string at(const std::string& rel) const { return (root / rel).lexically_normal().generic_string(); }
};

std::vector<std::string> shipped_in(const std::string& dir) {
  return {dir + "/hardware.json", dir + "/plans.json", dir + "/roles.json", dir + "/switches.json"};
}

json no_models() {
  return json::parse(R"({
    "name": "t", "duration": "10min",
    "grid": {"cpus": 10, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "shop", "tiers": [{"role": "web"}], "traffic": {"type": "constant", "rate": 10}}]
  })");
}

}  // namespace

TEST_CASE("default models: the search order", "[scenario][models]") {
  Tree t;
  ModelSearch s;
  s.exe = t.at("prefix/bin/vsfsim");
  s.build_dir = t.at("build");
  s.source_models = kSourceModels;
  // Installed: PREFIX/bin/vsfsim finds PREFIX/share/vsfsim/models, its *.json in name order.
  CHECK(find_default_models(s).files == shipped_in(t.at("prefix/share/vsfsim/models")));
  // VSFSIM_MODELS comes first, and is the only place looked at when set.
  s.env = t.at("mine");
  CHECK(find_default_models(s).files == std::vector<std::string>{t.at("mine/only.json")});
  s.env = t.at("nowhere");
  DefaultModels none = find_default_models(s);
  CHECK(none.files.empty());
  CHECK(none.problem ==
        "VSFSIM_MODELS is \"" + t.at("nowhere") + "\", which is not a folder holding model files (*.json)");
  s.env.reset();
  // A binary in the build tree, with no installed models beside it: the source tree's.
  s.exe = t.at("build/tests/unit_scenario");
  CHECK(find_default_models(s).files == shipped_in(kSourceModels));
  // A binary elsewhere (a copied or half-installed one) does not reach into the source tree.
  s.exe = t.at("elsewhere/bin/vsfsim");
  none = find_default_models(s);
  CHECK(none.files.empty());
  CHECK(none.problem.find("the shipped model files were not found (looked in " + t.at("elsewhere/share/vsfsim/models") +
                          "); give \"models\"") == 0);
}

TEST_CASE("default models: loaded, named in the effective document, or an error saying where", "[scenario][models]") {
  Tree t;
  ModelSearch s;
  s.exe = t.at("prefix/bin/vsfsim");
  LoadOptions options;
  options.model_search = s;
  const LoadedScenario loaded = load_scenario_json("/anywhere/s.json", no_models().dump(), options);
  CHECK(loaded.scenario.models.files == shipped_in(t.at("prefix/share/vsfsim/models")));
  CHECK(loaded.scenario.models.roles.count("web") == 1);
  // run.json records the effective scenario: the model files it used, by absolute path.
  CHECK(loaded.document["models"] == json(shipped_in(t.at("prefix/share/vsfsim/models"))));

  // The same scenario with the shipped models named explicitly loads the same models.
  json named = no_models();
  named["models"] = shipped_in(kSourceModels);
  const Scenario explicit_models = load_scenario_json("/anywhere/s.json", named.dump()).scenario;
  CHECK(explicit_models.models.roles.at("web").work_flops == loaded.scenario.models.roles.at("web").work_flops);
  CHECK(explicit_models.models.hardware.size() == loaded.scenario.models.hardware.size());

  // Given models are read as before, whatever the search would find; an empty list is still an error.
  options.model_search->env = t.at("nowhere");
  CHECK_NOTHROW(load_scenario_json("/anywhere/s.json", named.dump(), options));
  named["models"] = json::array();
  CHECK_THROWS_AS(load_scenario_json("/anywhere/s.json", named.dump(), options), InputError);

  // Not found: one error at the top level, and no follow-up errors about unknown roles or profiles.
  try {
    (void)load_scenario_json("/anywhere/s.json", no_models().dump(), options);
    FAIL("loaded without models");
  } catch (const InputError& e) {
    INFO(e.diagnostics().format());
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics().items()[0].pointer == "");
    CHECK(e.diagnostics().items()[0].message.find("no \"models\" given, and VSFSIM_MODELS is") == 0);
  }
}
