// run.json: writing the record of a run, and reading one back (see run_record.hpp).
#include "cli/run_record.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "cli/build_info.hpp"
#include "util/errors.hpp"
#include "util/json_parse.hpp"
#include "util/json_util.hpp"
#include "util/sha256.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace vsf::cli {

namespace {

bool is_run_record(const json& doc) {
  return doc.is_object() && doc.contains("vsfsim") && doc["vsfsim"].is_object() && doc.contains("scenario") &&
         doc["scenario"].is_object();
}

// A path of the scenario as the loader reads it: relative to the scenario file's folder.
std::string absolute_beside(const std::string& scenario_file, const std::string& path) {
  fs::path p(path);
  if (p.is_relative()) p = fs::path(scenario_file).parent_path() / p;
  return fs::absolute(p).lexically_normal().generic_string();
}

std::string read_or_throw(const std::string& scenario_file, const std::string& pointer, const std::string& path) {
  auto text = read_text_file(path);
  if (!text) throw InputError(scenario_file, pointer, fmt::format("cannot read \"{}\" to record it in run.json", path));
  return *text;
}

// Trace files (traffic "type": "trace") and fault CSV files ("dist": "csv"), wherever they are: their
// "file" becomes an absolute path, and `files` gets its pointer, path and sha256.
void record_csv_files(const std::string& scenario_file, json& v, const std::string& pointer, json& files) {
  if (v.is_object()) {
    const bool csv = (v.value("type", json()) == "trace" || v.value("dist", json()) == "csv");
    if (csv && v.contains("file") && v["file"].is_string()) {
      const std::string ptr = pointer_join(pointer, "file");
      const std::string path = absolute_beside(scenario_file, v["file"].get<std::string>());
      files.push_back(
          {{"pointer", ptr}, {"path", path}, {"sha256", sha256_hex(read_or_throw(scenario_file, ptr, path))}});
      v["file"] = path;
    }
    for (auto& [key, item] : v.items()) record_csv_files(scenario_file, item, pointer_join(pointer, key), files);
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) record_csv_files(scenario_file, v[i], pointer_join(pointer, i), files);
  }
}

// Each model file's path in `models` becomes the file's contents.
void inline_models(const std::string& scenario_file, json& doc, json& model_files) {
  if (!doc.contains("models") || !doc["models"].is_array()) return;
  json& models = doc["models"];
  for (size_t i = 0; i < models.size(); ++i) {
    if (!models[i].is_string()) continue;  // already inline
    const std::string ptr = pointer_join("/models", i);
    const std::string path = absolute_beside(scenario_file, models[i].get<std::string>());
    const std::string text = read_or_throw(scenario_file, ptr, path);
    json contents = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!contents.is_object()) throw InputError(path, "", "the model file changed while it was read");
    contents.erase("$schema");
    model_files.push_back({{"pointer", ptr}, {"path", path}, {"sha256", sha256_hex(text)}});
    models[i] = std::move(contents);
  }
}

// The recorded CSV files must still be what the run read.
void check_recorded_files(const std::string& file, const json& provenance) {
  const json files = provenance.value("files", json::array());
  if (!files.is_array()) return;
  Diagnostics diags;
  for (const auto& f : files) {
    if (!f.is_object() || !f.value("path", json()).is_string() || !f.value("sha256", json()).is_string()) continue;
    const std::string path = f["path"].get<std::string>();
    auto text = read_text_file(path);
    if (!text) continue;  // the loader says it is missing
    const std::string now = sha256_hex(*text);
    if (now != f["sha256"].get<std::string>())
      diags.add(file, f.value("pointer", ""),
                fmt::format("\"{}\" changed since the recorded run (sha256 {} recorded, {} now)", path,
                            f["sha256"].get<std::string>(), now));
  }
  diags.throw_if_any();
}

}  // namespace

Input load_input(const std::string& file, const LoadOptions& options) {
  std::error_code ec;
  if (fs::is_regular_file(file, ec)) {
    // Too deep a document is left to the loader, which says where: dump() below would recurse into it.
    if (auto text = read_text_file(file); text && !too_deep_at(*text, kMaxJsonDepth)) {
      json doc = json::parse(*text, nullptr, /*allow_exceptions=*/false);
      if (is_run_record(doc)) {
        check_recorded_files(file, doc["vsfsim"]);
        return {load_scenario_json(file, doc["scenario"].dump(2), options), doc["vsfsim"]};
      }
    }
  }
  return {load_scenario(file, options), json()};  // reports a missing file or bad JSON with positions
}

nlohmann::ordered_json run_record(const Input& input, const Provenance& provenance) {
  const LoadedScenario& loaded = input.loaded;
  const std::string& file = provenance.scenario_file;
  json scenario = loaded.document;
  scenario.erase("$schema");  // a path relative to the scenario's folder, meaningless beside the results
  scenario["seed"] = loaded.scenario.seed;
  json model_files = json::array();
  json csv_files = json::array();
  inline_models(file, scenario, model_files);
  record_csv_files(file, scenario, "", csv_files);
  std::error_code ec;
  using ojson = nlohmann::ordered_json;
  ojson info = {{"version", build_version()},
                {"commit", build_commit()},
                {"argv", provenance.argv},
                {"cwd", fs::current_path(ec).generic_string()},
                {"scenario_file", fs::absolute(file, ec).lexically_normal().generic_string()},
                {"sets", provenance.sets},
                {"seed", loaded.scenario.seed},
                {"models", ojson::parse(model_files.dump())},
                {"files", ojson::parse(csv_files.dump())}};
  if (!input.recorded.is_null()) info["previous"] = ojson::parse(input.recorded.dump());  // the run reproduced
  return {{"vsfsim", info}, {"scenario", ojson::parse(scenario.dump())}};
}

}  // namespace vsf::cli
