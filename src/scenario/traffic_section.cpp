// "traffic" of a VSF: one component or an array of components that add up. Each type has its own keys;
// a trace component is read from its CSV file here (by vsf::load_trace), so a broken trace is reported
// with the scenario's other errors, before anything runs.
#include <fmt/format.h>

#include <filesystem>

#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "traffic/rate.hpp"
#include "util/json_util.hpp"
#include "util/units.hpp"

namespace vsf::scenario_detail {

namespace {

// Each type of component has its own keys: its "type" is read first, then the object with its table.
const KeyTable& keys_of(TrafficKind kind) {
  switch (kind) {
    case TrafficKind::Constant:
      return scenario_keys::traffic_constant();
    case TrafficKind::Steps:
      return scenario_keys::traffic_steps();
    case TrafficKind::Diurnal:
      return scenario_keys::traffic_diurnal();
    case TrafficKind::FlashCrowd:
      return scenario_keys::traffic_flash_crowd();
    case TrafficKind::Trace:
      return scenario_keys::traffic_trace();
  }
  return scenario_keys::traffic_constant();  // not reached: every kind is listed
}

void read_steps(const Source& src, const Fields& f, TrafficComponent& c) {
  const json* steps = f.value("steps");
  if (!steps) return;
  const json* arr = read_array(src, *steps, f.at("steps"), true);
  if (!arr) return;
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string sptr = pointer_join(f.at("steps"), i);
    Fields s(src, (*arr)[i], sptr, scenario_keys::traffic_step(), "a traffic step");
    TrafficStep step;
    bool ok = s.read("at", step.at_s);
    ok = s.read("rate", step.rate) && ok;
    if (!ok) continue;
    if (!c.steps.empty() && step.at_s <= c.steps.back().at_s) {
      src.error(s.at("at"), fmt::format("steps must be in increasing time order: {} s is not after {} s", step.at_s,
                                        c.steps.back().at_s));
      continue;
    }
    c.steps.push_back(step);
  }
}

void read_trace(const Source& src, const Fields& f, const std::string& base_dir, TrafficComponent& c) {
  std::string file;
  bool has_file = f.read("file", file);
  f.read("time_column", c.time_column);
  f.read("value_column", c.value_column);
  f.read("time_format", c.time_format, kTraceTimeFormats);
  f.read("value", c.value_kind, kTraceValueKinds);
  f.read("bucket", c.bucket_s);
  if (f.has("time_scale")) {
    // The table's range includes 0, so that 0 gets this message, which says what the number means.
    f.read("time_scale", c.time_scale);
    if (c.time_scale <= 0) src.error(f.at("time_scale"), "expected a number > 0 (simulated seconds per trace second)");
  }
  f.read("rate_scale", c.rate_scale);
  f.read("loop", c.loop);
  if (!has_file) return;
  c.file = resolve_path(base_dir, file);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(c.file, ec)) {
    src.error(f.at("file"), fmt::format("trace file \"{}\" not found (looked for {}, relative to the scenario's "
                                        "folder)",
                                        file, c.file));
    return;
  }
  if (c.time_column.empty() || c.value_column.empty()) return;  // reported above; the trace cannot be read
  load_trace(c, src.file, f.pointer(), *src.diags);
}

void read_component(const Source& src, const json& v, const std::string& ptr, const std::string& base_dir,
                    std::vector<TrafficComponent>& out) {
  if (!v.is_object()) {
    src.error(ptr, fmt::format("expected a traffic component (a JSON object with \"type\"), found {}", json_found(v)));
    return;
  }
  auto type_it = v.find("type");
  if (type_it == v.end()) {
    std::string list;
    for (const std::string& name : enum_names(kTrafficKinds)) list += (list.empty() ? "\"" : ", \"") + name + "\"";
    src.error(ptr, fmt::format("missing required key \"type\" (one of {})", list));
    return;
  }
  auto kind = read_enum_choice(src, *type_it, pointer_join(ptr, "type"), kTrafficKinds);
  if (!kind) return;
  Fields f(src, v, ptr, keys_of(*kind), fmt::format("a \"{}\" traffic component", to_string(*kind)));
  TrafficComponent c;
  c.kind = *kind;
  switch (c.kind) {
    case TrafficKind::Constant:
      f.read("rate", c.rate);
      break;
    case TrafficKind::Steps:
      read_steps(src, f, c);
      break;
    case TrafficKind::Diurnal: {
      bool peak = f.read("peak", c.peak);
      bool trough = f.read("trough", c.trough);
      if (peak && trough && c.trough > c.peak)
        src.error(f.at("trough"), fmt::format("trough ({} /s) must be <= peak ({} /s)", c.trough, c.peak));
      f.read("period", c.period_s);
      f.read("phase", c.phase_s);
      f.read("weekend_scale", c.weekend_scale);
      f.read("week_start_day", c.week_start_day);
      break;
    }
    case TrafficKind::FlashCrowd:
      f.read("start", c.start_s);
      f.read("ramp", c.ramp_s);
      f.read("peak", c.peak);
      f.read("decay", c.decay_s);
      break;
    case TrafficKind::Trace:
      read_trace(src, f, base_dir, c);
      break;
  }
  out.push_back(std::move(c));
}

}  // namespace

void read_traffic(const Source& src, const json& value, const std::string& pointer, const std::string& base_dir,
                  std::vector<TrafficComponent>& out) {
  if (value.is_array()) {
    if (value.empty()) {
      src.error(pointer, "expected at least one traffic component, found an empty array");
      return;
    }
    for (size_t i = 0; i < value.size(); ++i) read_component(src, value[i], pointer_join(pointer, i), base_dir, out);
  } else {
    read_component(src, value, pointer, base_dir, out);
  }
}

void scale_traffic(const Source& src, double scenario_scale, const std::string& pointer, VsfSpec& vsf) {
  const double scale = scenario_scale * vsf.traffic_scale;
  // Factors <= 1 cannot raise a rate, so a trace's rate_scale keeps its own bounds when traffic_scale is 1.
  if (scale > 1) {
    const double peak = RateFunction(vsf.traffic).peak_rate();
    const double max = quantity_max(Quantity::Rate);
    if (scale * peak > max)
      src.error(pointer, fmt::format("traffic_scale {:.6g} (scenario {:.6g} x VSF {:.6g}) takes the peak rate of VSF "
                                     "\"{}\" from {:.6g} to {:.6g} requests/s, above the largest rate ({}); expected "
                                     "a factor of at most {:.6g}",
                                     scale, scenario_scale, vsf.traffic_scale, excerpt(vsf.name), peak, scale * peak,
                                     quantity_max_text(Quantity::Rate), max / peak));
  }
  for (TrafficComponent& c : vsf.traffic) c.scale = scale;
}

}  // namespace vsf::scenario_detail
