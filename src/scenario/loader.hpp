// Reads a scenario file into a validated Scenario. Every problem in the file, its model files and its
// trace files is collected and reported at once through InputError (file, JSON pointer, found,
// expected); nothing is simulated or written when the input is bad.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "scenario/default_models.hpp"
#include "util/errors.hpp"

namespace vsf {

struct LoadOptions {
  // "--set POINTER=VALUE" overrides, applied to the JSON before validation, in order. VALUE is read as
  // JSON when it parses as JSON (12, true, "x", [1,2]), otherwise as a string (2h, 1Gbps).
  std::vector<std::string> sets;
  std::optional<uint64_t> seed;  // --seed replaces the scenario's seed
  // Where a scenario without "models" finds the shipped model files; default: this process's (tests set it).
  std::optional<ModelSearch> model_search;
};

// What the loader returns: the typed scenario, which is all the simulation reads, and the document it
// was read from, for whatever shows the input (the typed model holds no JSON).
struct LoadedScenario {
  Scenario scenario;
  nlohmann::json document;  // the effective JSON: the file after --set overrides and --seed, and the shipped
                            // model files' absolute paths as "models" when the file names none
};

LoadedScenario load_scenario(const std::string& path, const LoadOptions& options = {});

// The same checks on an in-memory document (tests); `file` is the name used in messages and the base
// for relative model and trace paths.
LoadedScenario load_scenario_json(const std::string& file, const std::string& text, const LoadOptions& options = {});

}  // namespace vsf
