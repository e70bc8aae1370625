// "traffic" of a VSF: one component or an array of components that add up. Each type has its own keys;
// a trace component is read from its CSV file here (by vsf::load_trace), so a broken trace is reported
// with the scenario's other errors, before anything runs.
#include <fmt/format.h>

#include <filesystem>

#include "scenario/sections.hpp"
#include "traffic/rate.hpp"
#include "util/json_util.hpp"

namespace vsf::scenario_detail {

namespace {

std::vector<std::string> keys_of(TrafficKind kind) {
  switch (kind) {
    case TrafficKind::Constant:
      return {"type", "rate"};
    case TrafficKind::Steps:
      return {"type", "steps"};
    case TrafficKind::Diurnal:
      return {"type", "peak", "trough", "period", "phase"};
    case TrafficKind::FlashCrowd:
      return {"type", "start", "ramp", "peak", "decay"};
    case TrafficKind::Trace:
      return {"type",  "file",   "time_column", "time_format", "value_column",
              "value", "bucket", "time_scale",  "rate_scale",  "loop"};
  }
  return {"type"};
}

void read_steps(const Source& src, const Fields& f, TrafficComponent& c) {
  const json* steps = f.require("steps");
  if (!steps) return;
  const json* arr = read_array(src, *steps, f.at("steps"), true);
  if (!arr) return;
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string sptr = pointer_join(f.at("steps"), i);
    Fields s(src, (*arr)[i], sptr, {"at", "rate"}, "a traffic step");
    TrafficStep step;
    bool ok = s.quantity("at", Quantity::duration, Sign::non_negative, step.at_s, Need::required);
    ok = s.quantity("rate", Quantity::rate, Sign::non_negative, step.rate, Need::required) && ok;
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
  bool has_file = f.string("file", file, Need::required);
  f.string("time_column", c.time_column, Need::required);
  f.string("value_column", c.value_column, Need::required);
  enum_choice(f, "time_format", c.time_format, kTraceTimeFormats);
  enum_choice(f, "value", c.value_kind, kTraceValueKinds);
  f.quantity("bucket", Quantity::duration, Sign::positive, c.bucket_s);
  if (f.has("time_scale")) {
    f.number("time_scale", c.time_scale, 0, 1e9);
    if (c.time_scale <= 0) src.error(f.at("time_scale"), "expected a number > 0 (simulated seconds per trace second)");
  }
  f.number("rate_scale", c.rate_scale, 0, 1e12);
  f.boolean("loop", c.loop);
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
      f.quantity("rate", Quantity::rate, Sign::non_negative, c.rate, Need::required);
      break;
    case TrafficKind::Steps:
      read_steps(src, f, c);
      break;
    case TrafficKind::Diurnal: {
      bool peak = f.quantity("peak", Quantity::rate, Sign::non_negative, c.peak, Need::required);
      bool trough = f.quantity("trough", Quantity::rate, Sign::non_negative, c.trough, Need::required);
      if (peak && trough && c.trough > c.peak)
        src.error(f.at("trough"), fmt::format("trough ({} /s) must be <= peak ({} /s)", c.trough, c.peak));
      f.quantity("period", Quantity::duration, Sign::positive, c.period_s);
      f.quantity("phase", Quantity::duration, Sign::non_negative, c.phase_s);
      break;
    }
    case TrafficKind::FlashCrowd:
      f.quantity("start", Quantity::duration, Sign::non_negative, c.start_s, Need::required);
      f.quantity("ramp", Quantity::duration, Sign::non_negative, c.ramp_s);
      f.quantity("peak", Quantity::rate, Sign::non_negative, c.peak, Need::required);
      f.quantity("decay", Quantity::duration, Sign::positive, c.decay_s, Need::required);
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

}  // namespace vsf::scenario_detail
