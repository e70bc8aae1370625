// "grid": the CPUs (a count, or groups of a hardware profile with optional names), the VLAN and SAN
// switches (a profile from the models plus per-scenario overrides), storage arrays, the Internet uplink
// and the control-plane hosts.
#include <fmt/format.h>

#include <set>

#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "util/json_util.hpp"
#include "util/list_cut.hpp"
#include "util/suggest.hpp"

namespace vsf::scenario_detail {

namespace {

// One CPU group: its profile, and its count or names (one from the other when only one is given);
// nullopt when it is not an object. `ok` turns false when something is wrong with it (reported).
std::optional<CpuGroup> read_cpu_group(const Source& src, const json& v, const std::string& gptr,
                                       const std::string& default_profile, bool& ok) {
  Fields f(src, v, gptr, scenario_keys::cpu_group(), "a CPU group");
  if (!f.ok()) {
    ok = false;
    return std::nullopt;
  }
  CpuGroup g;
  g.profile = default_profile;
  f.read("profile", g.profile);
  bool has_count = f.read("count", g.count);
  if (const json* names = f.value("names")) {
    if (const json* arr = read_array(src, *names, f.at("names"), true)) {
      for (size_t k = 0; k < arr->size(); ++k) {
        if (auto s = read_string(src, (*arr)[k], pointer_join(f.at("names"), k)))
          g.names.push_back(*s);
        else
          ok = false;
      }
      if (!has_count && !f.has("count")) {
        g.count = static_cast<int>(g.names.size());
        has_count = true;
      } else if (has_count && g.names.size() != arr->size()) {
        // a bad name was already reported
      } else if (has_count && static_cast<int>(arr->size()) != g.count) {
        src.error(f.at("names"),
                  fmt::format("{} names given for a group of count {}; give one name per CPU", arr->size(), g.count));
        ok = false;
      }
    } else {
      ok = false;
    }
  } else if (!f.has("count")) {
    src.error(gptr, "missing required key \"count\" (or \"names\")");
  }
  if (!has_count) ok = false;
  return g;
}

void read_cpu_groups(const Source& src, const json& v, const std::string& ptr, const std::string& default_profile,
                     Grid& grid, Parsed& parsed) {
  if (v.is_number()) {
    auto n = read_integer(src, v, ptr, 1, kMaxCount);
    if (!n) return;
    grid.cpus.push_back(CpuGroup{default_profile, static_cast<int>(*n), {}});
    parsed.cpus = true;
    return;
  }
  if (!v.is_array()) {
    src.error(ptr, fmt::format("expected a number of CPUs (such as 40) or an array of CPU groups "
                               "({{\"profile\": ..., \"count\": ..., \"names\": [...]}}), found {}",
                               json_found(v)));
    return;
  }
  if (v.empty()) {
    src.error(ptr, "expected at least one CPU group, found an empty array");
    return;
  }
  bool ok = true;
  long long total = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    auto g = read_cpu_group(src, v[i], pointer_join(ptr, i), default_profile, ok);
    if (!g) continue;
    total += g->count;
    grid.cpus.push_back(std::move(*g));
  }
  if (total > kMaxCount) {
    src.error(ptr, fmt::format("{} CPUs in all; at most {} are supported", total, kMaxCount));
    ok = false;
  }
  parsed.cpus = ok;
}

// The profile named by "profile", or the only one of this kind when the key is absent. A profile whose
// own kind is unusable (already reported) matches no kind.
std::optional<std::string> switch_profile_name(const Source& src, const Fields& f, const Models& models,
                                               SwitchKind kind, const Parsed& parsed) {
  auto has_kind = [&](const std::string& name) { return parsed.switches_without_kind.count(name) == 0; };
  std::string name;
  if (f.has("profile")) {
    if (!f.read("profile", name)) return std::nullopt;
    if (!check_reference(src, models.switches, name, f.at("profile"), "switch profile", parsed.models))
      return std::nullopt;
    const SwitchKind actual = models.switches.at(name).kind;
    if (has_kind(name) && actual != kind) {
      src.error(f.at("profile"), fmt::format("switch profile \"{}\" is a {} switch; a {} switch is needed here", name,
                                             to_string(actual), to_string(kind)));
      return std::nullopt;
    }
    return name;
  }
  std::vector<std::string> candidates;
  for (const auto& [n, sw] : models.switches)
    if (has_kind(n) && sw.kind == kind) candidates.push_back(n);
  if (candidates.size() == 1) return candidates.front();
  if (!parsed.models) return std::nullopt;
  if (candidates.empty()) {
    src.error(f.pointer(), fmt::format("the model files define no {} switch profile; add one", to_string(kind)));
  } else {
    src.error(f.pointer(), fmt::format("several {} switch profiles exist ({}); choose one with \"profile\"",
                                       to_string(kind), quoted_list(candidates, kListShown)));
  }
  return std::nullopt;
}

// The switch set's own words: its key table, its zoning or reconfiguration latency key and its name in
// messages.
struct SwitchSetWords {
  const KeyTable& keys;
  const char* latency_key;
  const char* what;
};
SwitchSetWords words_of(SwitchKind kind) {
  if (kind == SwitchKind::San) return {scenario_keys::san_switches(), "zoning_latency", "the SAN switches"};
  return {scenario_keys::vlan_switches(), "reconfig_latency", "the VLAN switches"};
}

bool read_switch_set(const Source& src, const json* v, const std::string& ptr, const Models& models, SwitchKind kind,
                     const Parsed& parsed, SwitchSet& set) {
  static const json empty = json::object();
  const SwitchSetWords words = words_of(kind);
  Fields f(src, v ? *v : empty, ptr, words.keys, words.what);
  if (!f.ok()) return false;
  bool ok = true;
  auto name = switch_profile_name(src, f, models, kind, parsed);
  if (name) {
    set.profile = *name;
    set.spec = models.switches.at(*name);
  } else {
    ok = false;
    set.spec.kind = kind;
  }
  // Overrides of the profile's values, for this scenario only.
  if (f.has("count") && !f.read("count", set.count)) ok = false;
  if (f.has("ports") && !f.read("ports", set.spec.ports)) ok = false;
  f.read("port_bandwidth", set.spec.port_bandwidth_Bps);
  f.read("port_latency", set.spec.port_latency_s);
  f.read(words.latency_key, set.spec.reconfig_s);
  f.read("backplane", set.spec.backplane_Bps);
  return ok;
}

bool read_storage(const Source& src, const json& v, const std::string& ptr, std::vector<StorageArray>& out) {
  const json* arr = read_array(src, v, ptr, false);
  if (!arr) return false;
  if (arr->empty()) {
    src.error(ptr,
              "expected at least one storage array (boot images and VSF data live on the SAN), "
              "found an empty array");
    return false;
  }
  bool ok = true;
  std::set<std::string> names;
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string aptr = pointer_join(ptr, i);
    Fields f(src, (*arr)[i], aptr, scenario_keys::storage_array(), "a storage array");
    if (!f.ok()) {
      ok = false;
      continue;
    }
    StorageArray a;
    a.name = fmt::format("array{}", i);
    f.read("name", a.name);
    if (!names.insert(a.name).second) {
      src.error(f.has("name") ? f.at("name") : aptr, fmt::format("duplicate storage array name \"{}\"", a.name));
      ok = false;
    }
    f.read("read_bandwidth", a.read_Bps);
    f.read("write_bandwidth", a.write_Bps);
    if (f.has("ports") && !f.read("ports", a.ports)) ok = false;
    out.push_back(std::move(a));
  }
  return ok;
}

// Groups without "profile" use grid.cpu_profile: an unknown default is reported once, where it is set.
void check_cpu_profiles(const Source& src, const json& cpus, const std::string& ptr, const Models& models,
                        bool profile_given, const Grid& grid, Parsed& parsed) {
  bool default_reported = profile_given;
  for (size_t i = 0; i < grid.cpus.size(); ++i) {
    const std::string& p = grid.cpus[i].profile;
    if (models.hardware.count(p)) continue;
    parsed.cpus = false;
    bool explicit_profile = cpus.is_array() && cpus[i].is_object() && cpus[i].contains("profile");
    if (explicit_profile) {
      check_reference(src, models.hardware, p, pointer_join(pointer_join(ptr, i), "profile"), "hardware profile",
                      parsed.models);
    } else if (!default_reported) {
      default_reported = true;
      check_reference(src, models.hardware, p, ptr, "hardware profile (grid.cpu_profile's default)", parsed.models);
    }
  }
}

// grid.control_plane: its host count and profile (grid.cpu_profile's when not given).
void read_grid_control_plane(const Source& src, const Fields& f, const Models& models, bool profile_given,
                             const std::string& cpu_profile, Grid& grid, Parsed& parsed) {
  const std::string& pointer = f.pointer();
  grid.control_plane.profile = cpu_profile;
  parsed.control_plane = true;
  if (const json* cp = f.value("control_plane")) {
    Fields c(src, *cp, f.at("control_plane"), scenario_keys::grid_control_plane(), "the control plane");
    if (c.has("hosts") && !c.read("hosts", grid.control_plane.hosts)) parsed.control_plane = false;
    if (c.read("profile", grid.control_plane.profile) &&
        !check_reference(src, models.hardware, grid.control_plane.profile, c.at("profile"), "hardware profile",
                         parsed.models))
      parsed.control_plane = false;
    if (!c.ok()) parsed.control_plane = false;
  }
  const bool cp_explicit =
      f.get("control_plane") && f.get("control_plane")->is_object() && f.get("control_plane")->contains("profile");
  if (!cp_explicit && !profile_given && !models.hardware.count(grid.control_plane.profile)) {
    parsed.control_plane = false;
    if (parsed.models)
      src.error(pointer, fmt::format("the control plane runs on hardware profile \"{}\" (the default of "
                                     "grid.cpu_profile), which the model files do not define; set "
                                     "grid.control_plane.profile or grid.cpu_profile",
                                     grid.control_plane.profile));
  }
}

}  // namespace

void read_grid(const Source& src, const json& value, const std::string& pointer, const Models& models, Grid& grid,
               Parsed& parsed) {
  Fields f(src, value, pointer, scenario_keys::grid(), "the grid");
  if (!f.ok()) return;
  std::string cpu_profile = "standard";
  bool profile_given = f.read("cpu_profile", cpu_profile);
  if (profile_given)
    check_reference(src, models.hardware, cpu_profile, f.at("cpu_profile"), "hardware profile", parsed.models);

  if (const json* cpus = f.value("cpus")) {
    read_cpu_groups(src, *cpus, f.at("cpus"), cpu_profile, grid, parsed);
    check_cpu_profiles(src, *cpus, f.at("cpus"), models, profile_given, grid, parsed);
  }

  parsed.vlan = read_switch_set(src, f.value("vlan_switches"), f.at("vlan_switches"), models, SwitchKind::Vlan, parsed,
                                grid.vlan_switches);
  parsed.san = read_switch_set(src, f.value("san_switches"), f.at("san_switches"), models, SwitchKind::San, parsed,
                               grid.san_switches);

  if (const json* storage = f.value("storage"))
    parsed.storage = read_storage(src, *storage, f.at("storage"), grid.storage);

  if (const json* uplink = f.value("uplink")) {
    Fields u(src, *uplink, f.at("uplink"), scenario_keys::uplink(), "the uplink");
    u.read("bandwidth", grid.uplink.bandwidth_Bps);
    u.read("latency", grid.uplink.latency_s);
  }

  read_grid_control_plane(src, f, models, profile_given, cpu_profile, grid, parsed);
}

}  // namespace vsf::scenario_detail
