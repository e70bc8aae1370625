// run.json: how a run was made, written beside its results, and the way back from it. It records the
// vsfsim version and commit, the command line, the --set overrides and the seed, and the effective
// scenario: the document after --set and --seed, with the seed explicit, the model files inlined (the
// loader accepts a model file's contents in `models`), and every trace and fault CSV file as an absolute
// path with its sha256. `vsfsim run DIR/run.json` runs that scenario again (further --set and --seed
// apply on top) and gives byte-identical summary.json, timeseries.csv and events.jsonl.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scenario/loader.hpp"

namespace vsf::cli {

// Loads a scenario file, or the scenario recorded in a run.json (a top-level object with a "vsfsim"
// and a "scenario" object). For a run.json, a CSV file whose sha256 no longer matches the recorded one
// is bad input: the run would not be a reproduction.
struct Input {
  LoadedScenario loaded;
  nlohmann::json recorded;  // a run.json's "vsfsim" object; null for a scenario file
};
Input load_input(const std::string& file, const LoadOptions& options);

struct Provenance {
  std::vector<std::string> argv;  // the command line, as given
  std::string scenario_file;      // the SCENARIO argument
  std::vector<std::string> sets;  // --set POINTER=VALUE, in order
};

// The run.json document of a loaded input, "vsfsim" (provenance) first, then "scenario". Throws
// InputError if a model or CSV file it names can no longer be read.
nlohmann::ordered_json run_record(const Input& input, const Provenance& provenance);

}  // namespace vsf::cli
