// Inline model objects in `models` (how run.json records the model files a run used): they load like
// the files they stand for, mix with paths, and report their errors at their place in the scenario.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "load_errors.hpp"
#include "scenario/loader.hpp"

using namespace vsf;
using nlohmann::json;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/scenarios/inline-test.json";

json model_file(const std::string& name) {
  std::ifstream in(std::string(VSFSIM_SOURCE_DIR) + "/models/" + name);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

json minimal(json models) {
  json doc = json::parse(R"({
    "name": "t", "duration": "10min",
    "grid": {"cpus": 10, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "shop",
              "tiers": [{"role": "web", "initial": 2, "min": 1, "max": 4}, {"role": "db", "initial": 1}],
              "traffic": {"type": "constant", "rate": 10}}]
  })");
  doc["models"] = std::move(models);
  return doc;
}

}  // namespace

TEST_CASE("inline model objects load like their files", "[scenario][models]") {
  const json paths = {"../models/hardware.json", "../models/roles.json", "../models/switches.json"};
  const json inline_all = {model_file("hardware.json"), model_file("roles.json"), model_file("switches.json")};
  const json mixed = {"../models/hardware.json", model_file("roles.json"), "../models/switches.json"};
  const Scenario a = load_scenario_json(kFile, minimal(paths).dump()).scenario;
  // All inline: no file is needed, wherever the scenario is; mixed: the paths still resolve beside it.
  for (const auto& [file, models] :
       {std::pair{std::string("/elsewhere/run.json"), inline_all}, std::pair{kFile, mixed}}) {
    const Scenario b = load_scenario_json(file, minimal(models).dump()).scenario;
    REQUIRE(b.models.roles.size() == a.models.roles.size());
    CHECK(b.models.roles.at("web").work_flops == a.models.roles.at("web").work_flops);
    CHECK(b.models.hardware.at("standard").post_s == a.models.hardware.at("standard").post_s);
    CHECK(b.models.switches.size() == a.models.switches.size());
  }
}

TEST_CASE("an inline model object's errors point into the scenario", "[scenario][models]") {
  json roles = model_file("roles.json");
  roles["roles"]["web"]["queue_limit"] = -1;
  roles.erase("sources");
  const auto errors = test::load_errors(kFile, minimal({"../models/hardware.json", roles, "../models/switches.json"}));
  INFO(test::join(errors));
  CHECK(test::has(errors, "/models/1/roles/web/queue_limit"));
  CHECK(test::has(errors, "/models/1: missing required key \"sources\""));
  const auto not_model = test::load_errors(kFile, minimal({"../models/hardware.json", 3}));
  INFO(test::join(not_model));
  CHECK(test::has(not_model, "/models/1: expected a model file's path (a string) or its contents (an object)"));
}
