// Model files: hardware profiles, role blueprints, switch profiles and service plans, each file citing its sources.
// Paths are relative to the scenario file's folder; a later file may add names but never redefine one,
// so which file a value comes from is never ambiguous.
#include <fmt/format.h>

#include <filesystem>

#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "util/json_parse.hpp"
#include "util/json_util.hpp"

namespace vsf::scenario_detail {

namespace fs = std::filesystem;

std::string resolve_path(const std::string& base_dir, const std::string& path) {
  fs::path p(path);
  if (p.is_relative() && !base_dir.empty()) p = fs::path(base_dir) / p;
  std::string out = p.lexically_normal().generic_string();
  return out.empty() ? std::string(".") : out;
}

namespace {

void read_hardware(const Source& src, const json& v, const std::string& ptr, HardwareProfile& hw) {
  Fields f(src, v, ptr, scenario_keys::hardware(), "a hardware profile");
  if (!f.ok()) return;
  std::string description;
  f.read("description", description);
  f.read("speed", hw.speed_flops);
  f.read("cores", hw.cores);
  f.read("post", hw.post_s);
  f.read("shutdown", hw.shutdown_s);
  bool idle = f.read("idle_power", hw.idle_w);
  bool peak = f.read("peak_power", hw.peak_w);
  bool off = f.read("off_power", hw.off_w);
  // Checked on the effective values (defaults included) so a lone "idle_power": "300W" is caught too.
  if ((idle || peak) && hw.peak_w < hw.idle_w)
    src.error(f.at(peak ? "peak_power" : "idle_power"),
              fmt::format("peak_power ({} W) must be >= idle_power ({} W)", hw.peak_w, hw.idle_w));
  if ((idle || off) && hw.off_w > hw.idle_w)
    src.error(f.at(off ? "off_power" : "idle_power"),
              fmt::format("off_power ({} W) must be <= idle_power ({} W)", hw.off_w, hw.idle_w));
}

void read_role(const Source& src, const json& v, const std::string& ptr, RoleBlueprint& role) {
  Fields f(src, v, ptr, scenario_keys::role(), "a role blueprint");
  if (!f.ok()) return;
  std::string description;
  f.read("description", description);
  f.read("boot_image", role.boot_image_bytes);
  f.read("os_init", role.os_init_s);
  f.read("work", role.work_flops);
  f.read("work_distribution", role.work_distribution, kWorkDistributions);
  f.read("san_io", role.san_bytes);
  f.read("request_size", role.request_bytes);
  f.read("response_size", role.response_bytes);
  f.read("queue_limit", role.queue_limit);
}

// Returns whether the profile has a usable kind.
bool read_switch(const Source& src, const json& v, const std::string& ptr, SwitchProfile& sw) {
  Fields f(src, v, ptr, scenario_keys::switch_profile(), "a switch profile");
  if (!f.ok()) return false;
  std::string description;
  f.read("description", description);
  const bool kind_ok = f.read("kind", sw.kind, kSwitchKinds);
  f.read("ports", sw.ports);
  f.read("port_bandwidth", sw.port_bandwidth_Bps);
  f.read("port_latency", sw.port_latency_s);
  f.read("reconfig_latency", sw.reconfig_s);
  f.read("backplane", sw.backplane_Bps);
  return kind_ok;
}

void read_plan(const Source& src, const json& v, const std::string& ptr, ServicePlan& plan) {
  Fields f(src, v, ptr, scenario_keys::plan(), "a service plan");
  if (!f.ok()) return;
  std::string description;
  f.read("description", description);
  f.read("flat_fee", plan.flat_fee);
  f.read("included_cpus", plan.included_cpus);
  f.read("rate", plan.rate);
  f.read("unit", plan.unit, kBillingUnits);
  double period_s = 0;
  if (f.read("billing_period", period_s)) plan.billing_period_s = period_s;
  read_plan_sizing(src, f, plan);
}

// One map of a model file ("hardware", "roles", "switches"): NAME -> object, names new across files.
template <typename T, typename ReadFn>
void read_map(const Source& src, const Fields& file, const std::string& key, std::map<std::string, T>& out,
              std::map<std::string, std::string>& defined_in, ReadFn read) {
  const json* m = file.value(key);
  if (!m) return;
  const std::string ptr = file.at(key);
  if (!m->is_object()) {
    src.error(ptr, fmt::format("expected an object mapping names to {}, found {}", key, json_found(*m)));
    return;
  }
  for (const auto& [name, value] : m->items()) {
    const std::string item_ptr = pointer_join(ptr, name);
    auto previous = defined_in.find(key + "/" + name);
    if (previous != defined_in.end()) {
      src.error(item_ptr, fmt::format("{} \"{}\" is already defined in {}; a model file may not redefine a name", key,
                                      name, previous->second));
      continue;
    }
    if (name.empty()) {
      src.error(item_ptr, "a name must not be empty");
      continue;
    }
    defined_in[key + "/" + name] = src.file;
    T item;
    item.name = name;
    read(src, value, item_ptr, item);
    out[name] = item;
  }
}

}  // namespace

namespace {

// The contents of one model file (or of an inline model object); `model_src` names where it came from and
// `root` is its pointer there ("" in a file, /models/N inline). Returns whether it could be read.
bool read_model_doc(const Source& model_src, const json& doc, const std::string& root, Models& models,
                    std::map<std::string, std::string>& defined_in, Parsed& parsed) {
  Fields f(model_src, doc, root, scenario_keys::model_file(), "a model file");
  if (!f.ok()) return false;
  // Every model file must say where its numbers come from.
  if (const json* sources = f.value("sources")) {
    if (const json* arr = read_array(model_src, *sources, f.at("sources"), true))
      for (size_t s = 0; s < arr->size(); ++s) read_string(model_src, (*arr)[s], pointer_join(f.at("sources"), s));
  }
  std::string ignored;
  f.read("description", ignored);
  f.read("$schema", ignored);
  read_map(model_src, f, "hardware", models.hardware, defined_in, read_hardware);
  read_map(model_src, f, "roles", models.roles, defined_in, read_role);
  read_map(model_src, f, "switches", models.switches, defined_in,
           [&](const Source& s, const json& v, const std::string& ptr, SwitchProfile& sw) {
             if (!read_switch(s, v, ptr, sw)) parsed.switches_without_kind.insert(sw.name);
           });
  read_map(model_src, f, "plans", models.plans, defined_in, read_plan);
  return true;
}

}  // namespace

// Each entry is a model file's path or, inline, a model file's contents (as run.json records them).
void read_models(const Source& src, const json& value, const std::string& pointer, const std::string& base_dir,
                 Models& models, Parsed& parsed) {
  const json* list = read_array(src, value, pointer, true);
  if (!list) return;
  bool all_ok = true;                             // every file was read, so every name that exists is known
  std::map<std::string, std::string> defined_in;  // "roles/web" -> file
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string item_ptr = pointer_join(pointer, i);
    if ((*list)[i].is_object()) {
      all_ok = read_model_doc(src, (*list)[i], item_ptr, models, defined_in, parsed) && all_ok;
      continue;
    }
    if (!(*list)[i].is_string()) {
      src.error(item_ptr, fmt::format("expected a model file's path (a string) or its contents (an object), found {}",
                                      json_found((*list)[i])));
      all_ok = false;
      continue;
    }
    auto rel = read_string(src, (*list)[i], item_ptr);
    if (!rel) {
      all_ok = false;
      continue;
    }
    const std::string path = resolve_path(base_dir, *rel);
    auto text = read_text_file(path);
    if (!text) {
      src.error(item_ptr, fmt::format("model file \"{}\" not found (looked for {}, relative to the scenario's folder)",
                                      *rel, path));
      all_ok = false;
      continue;
    }
    models.files.push_back(path);
    Source model_src{path, src.diags};
    auto doc = parse_json(path, *text, *src.diags);
    all_ok = doc && read_model_doc(model_src, *doc, "", models, defined_in, parsed) && all_ok;
  }
  parsed.models = all_ok;
}

}  // namespace vsf::scenario_detail
