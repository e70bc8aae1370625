// load_scenario: file -> JSON (with positions for syntax errors) -> --set overrides and --seed -> typed
// Scenario, section by section, then the cross checks. Every problem found along the way is collected;
// one InputError carries them all, so a user fixes a file in one pass rather than one error per run.
#include "scenario/loader.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <limits>

#include "scenario/default_models.hpp"
#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "util/json_parse.hpp"
#include "util/json_util.hpp"

namespace vsf {

using nlohmann::json;
using namespace scenario_detail;

namespace {

// VALUE is JSON when it parses as JSON (12, true, "x", [1,2]); otherwise the text itself (2h, 1Gbps).
json override_value(const std::string& text) {
  json v = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded()) return json(text);
  return v;
}

bool is_valid_utf8(const json& v) {
  try {
    (void)v.dump();
    return true;
  } catch (const json::type_error&) {
    return false;
  }
}

void apply_overrides(json& doc, const std::vector<std::string>& sets, Diagnostics& diags) {
  for (const auto& set : sets) {
    auto eq = set.find('=');
    if (eq == std::string::npos) {
      diags.add("--set", "", fmt::format("expected POINTER=VALUE (such as /vsfs/0/tiers/0/max=12), found \"{}\"", set));
      continue;
    }
    const std::string pointer = set.substr(0, eq);
    const std::string text = set.substr(eq + 1);
    // Invalid UTF-8 would make the effective document unserializable when results echo it.
    if (valid_utf8(pointer) != pointer) {
      diags.add("--set", valid_utf8(pointer), "the pointer is not valid UTF-8");
      continue;
    }
    // The scenario file's nesting limit, for the same reason: recursive code (dump, the loader) must
    // never walk a value deep enough to overflow the stack. nlohmann's parser itself is iterative.
    json value = override_value(text);
    if (value.is_structured()) {
      if (auto at = too_deep_at(text, kMaxJsonDepth)) {
        diags.add("--set", pointer,
                  fmt::format("the value is nested more than {} levels deep (at character {} of the value)",
                              kMaxJsonDepth, *at + 1));
        continue;
      }
    }
    if (!is_valid_utf8(value)) {
      diags.add("--set", pointer, "the value is not valid UTF-8");
      continue;
    }
    if (auto err = set_at_pointer(doc, pointer, std::move(value)))
      diags.add("--set", pointer, fmt::format("cannot set {}: {}", pointer, *err));
  }
}

// "models" absent: the shipped model files by absolute path (see default_models.hpp), or null after an error.
json shipped_models(const Source& src, const LoadOptions& options) {
  const DefaultModels found = find_default_models(options.model_search ? *options.model_search : model_search());
  if (found.files.empty()) {
    src.error("", fmt::format("no \"models\" given, and {}", found.problem));
    return json();
  }
  return json(found.files);
}

std::string base_dir_of(const std::string& file) { return std::filesystem::path(file).parent_path().generic_string(); }

// "grid", or "sites" with "wan" and "global_manager" (issue 14): one of the two describes the grid.
void read_grids(const Source& src, const Fields& top, Scenario& s, Parsed& parsed) {
  const json* sites = top.value("sites");
  parsed.sites_given = top.has("sites");
  if (const json* grid = top.value("grid")) {
    if (top.has("sites"))
      src.error("/grid",
                "a scenario with \"sites\" has no top-level \"grid\": give each site its own grid "
                "(sites[].grid)");
    else
      read_grid(src, *grid, "/grid", s.models, s.grid, parsed);
  } else if (!top.has("sites")) {
    src.error("", "missing required key \"grid\" (or \"sites\", several data centres each with its own grid)");
  }
  if (sites) read_sites(src, *sites, "/sites", s.models, s.grid, parsed);
  if (const json* wan = top.value("wan")) read_wan(src, *wan, "/wan", parsed, s.grid);
  if (const json* gm = top.value("global_manager"))
    read_global_manager(src, *gm, "/global_manager", s, parsed, s.global_manager);
}

}  // namespace

LoadedScenario load_scenario_json(const std::string& file, const std::string& text, const LoadOptions& options) {
  Diagnostics diags;
  Source src{file, &diags};
  auto parsed_doc = parse_json(file, text, diags);
  if (!parsed_doc) diags.throw_if_any();
  json doc = std::move(*parsed_doc);
  if (!doc.is_object()) {
    src.error("", fmt::format("expected a scenario (a JSON object) at the top level, found {}", json_found(doc)));
    diags.throw_if_any();
  }
  apply_overrides(doc, options.sets, diags);
  if (options.seed) doc["seed"] = *options.seed;
  if (!doc.is_object()) {  // "--set =..." is refused, but stay safe: the readers below need an object
    diags.throw_if_any();
  }
  LoadedScenario loaded;
  Scenario& s = loaded.scenario;
  s.file = file;
  const std::string base_dir = base_dir_of(file);
  Parsed parsed;

  Fields top(src, doc, "", scenario_keys::top(), "a scenario");
  std::string ignored;
  top.read("$schema", ignored);
  top.read("name", s.name);
  top.read("description", s.description);
  if (const json* seed = top.value("seed"))
    if (auto v = read_uint64(src, *seed, "/seed")) s.seed = *v;
  // An unusable duration must not produce follow-up errors ("action after the end"): treat it as endless.
  if (!top.read("duration", s.duration_s)) s.duration_s = std::numeric_limits<double>::infinity();
  top.read("traffic_scale", s.traffic_scale);     // before the VSFs, whose traffic it scales
  top.read("fidelity", s.fidelity, kFidelities);  // before the VSFs: the fidelity of those that name none
  if (const json* flow = top.value("flow")) read_flow(src, *flow, "/flow", s.flow);
  top.read("energy_price_per_kwh", s.billing.energy_price_per_kwh);
  top.read("currency", s.billing.currency);

  json default_models;  // the shipped model files' paths, when the scenario names none
  if (const json* models = top.value("models")) {
    read_models(src, *models, "/models", base_dir, s.models, parsed);
  } else if (!top.has("models")) {
    default_models = shipped_models(src, options);
    if (!default_models.is_null()) read_models(src, default_models, "/models", base_dir, s.models, parsed);
  }
  read_grids(src, top, s, parsed);
  if (const json* vsfs = top.value("vsfs")) read_vsfs(src, *vsfs, "/vsfs", base_dir, s, parsed);
  read_customer_sections(src, top, base_dir, s, parsed);  // before the actions, which may name ordered VSFs
  if (const json* actions = top.value("actions")) read_actions(src, *actions, "/actions", s, parsed);
  if (const json* outputs = top.value("outputs")) read_outputs(src, *outputs, "/outputs", s.outputs);
  if (const json* cp = top.value("control_plane")) read_control_plane(src, *cp, "/control_plane", s, parsed);
  if (const json* updates = top.value("image_updates")) read_image_updates(src, *updates, "/image_updates", s, parsed);
  // After the control plane: fault targets include its slave slots.
  if (const json* faults = top.value("faults")) read_faults(src, *faults, "/faults", s);
  check_scenario(src, s, parsed);
  check_faults(src, s, parsed);

  diags.throw_if_any();
  if (!default_models.is_null()) doc["models"] = std::move(default_models);  // the effective scenario names them
  loaded.document = std::move(doc);
  return loaded;
}

LoadedScenario load_scenario(const std::string& path, const LoadOptions& options) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(path, "", "scenario file not found");
  auto text = read_text_file(path);
  if (!text) throw InputError(path, "", "cannot read the scenario file (is it a regular, readable file?)");
  return load_scenario_json(path, *text, options);
}

}  // namespace vsf
