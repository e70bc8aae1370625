// The axes of a sweep file: one pointer or several moving together, values or a numeric range, labels;
// names and labels unique, so that points have distinct, readable ids.
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "sweep/sweep_keys.hpp"
#include "sweep/sweep_reader.hpp"
#include "util/json_util.hpp"
#include "util/suggest.hpp"

namespace vsf::sweep::detail {

using nlohmann::json;

namespace {

// "/vsfs/0/policy/high" -> "high" (with ~1 and ~0 undone).
std::string last_token(const std::string& pointer) {
  std::string token = pointer.substr(pointer.rfind('/') + 1);
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// The default label of one value: strings as they are, anything else as compact JSON.
std::string value_label(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// A range's k-th value: integers stay integers; other values are rounded to 12 significant digits, so
// that 0.1 + 2 * 0.1 is labelled 0.3 rather than 0.30000000000000004.
json range_value(double from, double step, long long k) {
  const double v = from + static_cast<double>(k) * step;
  if (from == std::floor(from) && step == std::floor(step) && std::abs(v) < 9.0e15) return json(std::llround(v));
  return json(std::stod(fmt::format("{:.12g}", v)));
}
}  // namespace

void Reader::read_values(const Fields& f, size_t width, Axis& a) {
  const json* values = f.value("values");
  const json* arr = values ? read_array(src, *values, f.at("values"), true) : nullptr;
  if (!arr) {
    axes_ok = false;
    return;
  }
  if (static_cast<long long>(arr->size()) > kMaxPoints) {
    src.error(f.at("values"), fmt::format("{} values; an axis has at most {}", arr->size(), kMaxPoints));
    axes_ok = false;
    return;
  }
  for (size_t k = 0; k < arr->size(); ++k) {
    const json& v = (*arr)[k];
    if (width == 1) {
      a.values.push_back({v});
      continue;
    }
    if (!v.is_array() || v.size() != width) {
      src.error(pointer_join(f.at("values"), k),
                fmt::format("expected an array of {} values (one per pointer), found {}", width,
                            v.is_array() ? fmt::format("an array of {}", v.size()) : json_found(v)));
      axes_ok = false;
      continue;
    }
    a.values.push_back(std::vector<json>(v.begin(), v.end()));
  }
}

void Reader::read_range(const Fields& f, Axis& a) {
  Fields r(src, *f.value("range"), f.at("range"), sweep_keys::range(), "a range");
  double from = 0, to = 0, step = 0;
  const bool ok_from = r.read("from", from), ok_to = r.read("to", to), ok_step = r.read("step", step);
  if (!(r.ok() && ok_from && ok_to && ok_step)) {
    axes_ok = false;
    return;
  }
  if (from > to) {
    src.error(r.at("to"), fmt::format("to ({:g}) must be >= from ({:g})", to, from));
    axes_ok = false;
    return;
  }
  // A tolerance of a millionth of a step, so 0.1 to 0.3 by 0.1 ends at 0.3 despite rounding.
  const double steps = std::floor((to - from) / step + 1e-6);
  if (steps + 1 > static_cast<double>(kMaxPoints)) {
    src.error(r.at("step"),
              fmt::format("the range has {:.0f} values; an axis has at most {}", steps + 1, kMaxPoints));
    axes_ok = false;
    return;
  }
  for (long long k = 0; k <= static_cast<long long>(steps); ++k) a.values.push_back({range_value(from, step, k)});
}

void Reader::read_labels(const Fields& f, Axis& a) {
  const json* labels = f.value("labels");
  if (!labels) {
    for (const auto& row : a.values) {
      std::string label;
      for (size_t p = 0; p < row.size(); ++p) label += (p ? "+" : "") + value_label(row[p]);
      a.labels.push_back(label);
    }
    std::map<std::string, size_t> seen;
    for (size_t k = 0; k < a.labels.size(); ++k) {
      auto [it, fresh] = seen.emplace(a.labels[k], k);
      if (!fresh) {
        src.error(f.at(f.has("range") ? "range" : "values"),
                  fmt::format("values {} and {} have the same label \"{}\"; give \"labels\"", it->second, k,
                              excerpt(a.labels[k])));
        axes_ok = false;
      }
    }
    return;
  }
  const json* arr = read_array(src, *labels, f.at("labels"), false);
  if (!arr) {
    axes_ok = false;
    return;
  }
  if (arr->size() != a.values.size()) {
    src.error(f.at("labels"),
              fmt::format("{} labels for {} values; give one label per value", arr->size(), a.values.size()));
    axes_ok = false;
  }
  std::set<std::string> seen;
  for (size_t k = 0; k < arr->size(); ++k) {
    const std::string at = pointer_join(f.at("labels"), k);
    auto s = read_string(src, (*arr)[k], at);
    if (!s) {
      axes_ok = false;
      continue;
    }
    if (!seen.insert(*s).second) {
      src.error(at, fmt::format("label \"{}\" appears twice; labels of an axis are unique", excerpt(*s)));
      axes_ok = false;
    }
    a.labels.push_back(*s);
  }
}

void Reader::read_axis(const json& v, const std::string& at) {
  Fields f(src, v, at, sweep_keys::axis(), "an axis");
  if (!f.ok()) {
    axes_ok = false;
    return;
  }
  Axis a;
  if (f.has("pointer") == f.has("pointers")) {
    src.error(at, f.has("pointer") ? "give \"pointer\" or \"pointers\", not both"
                                   : "missing \"pointer\" (or \"pointers\": several moving together)");
    axes_ok = false;
  } else if (const json* p = f.value("pointer")) {
    if (auto s = read_pointer(src, *p, f.at("pointer"))) a.pointers.push_back(*s);
  } else if (const json* arr = read_array(src, *f.value("pointers"), f.at("pointers"), true)) {
    for (size_t k = 0; k < arr->size(); ++k) {
      const std::string pat = pointer_join(f.at("pointers"), k);
      auto s = read_pointer(src, (*arr)[k], pat);
      if (!s) continue;
      if (std::find(a.pointers.begin(), a.pointers.end(), *s) != a.pointers.end())
        src.error(pat, fmt::format("pointer \"{}\" appears twice in the axis", excerpt(*s)));
      a.pointers.push_back(*s);
    }
  }
  const size_t width = f.has("pointers") && f.get("pointers")->is_array() ? f.get("pointers")->size() : 1;
  if (a.pointers.empty() || a.pointers.size() != width) axes_ok = false;

  if (f.has("values") == f.has("range")) {
    src.error(at, f.has("values") ? "give \"values\" or \"range\", not both" : "missing \"values\" (or \"range\")");
    axes_ok = false;
  } else if (f.has("range") && f.has("pointers")) {
    src.error(f.at("range"), "a range sets one pointer; with \"pointers\" give \"values\"");
    axes_ok = false;
  } else if (f.has("range")) {
    read_range(f, a);
  } else {
    read_values(f, width, a);
  }
  if (!a.values.empty()) read_labels(f, a);

  if (f.has("name")) {
    f.read("name", a.name);
  } else if (!a.pointers.empty()) {
    a.name = last_token(a.pointers.front());
  }
  if (a.name.empty()) axes_ok = false;
  spec.axes.push_back(std::move(a));
}

void Reader::read_axes(const Fields& top) {
  const json* axes = top.value("axes");
  if (!axes) return;
  const json* arr = read_array(src, *axes, "/axes", false);
  if (!arr) {
    axes_ok = false;
    return;
  }
  for (size_t i = 0; i < arr->size(); ++i) read_axis((*arr)[i], pointer_join("/axes", i));
  std::map<std::string, size_t> names;
  for (size_t i = 0; i < spec.axes.size(); ++i) {
    const std::string& name = spec.axes[i].name;
    if (name.empty()) continue;
    const std::string at = pointer_join(pointer_join("/axes", i), "name");
    if (auto [it, fresh] = names.emplace(name, i); !fresh) {
      src.error(at, fmt::format("axes {} and {} are both named \"{}\"; give each a unique \"name\"", it->second, i,
                                excerpt(name)));
      axes_ok = false;
    } else if (std::find(kReservedColumns.begin(), kReservedColumns.end(), name) != kReservedColumns.end()) {
      src.error(at,
                fmt::format("\"{}\" is a column of runs.csv or points.csv; give the axis another \"name\"", name));
      axes_ok = false;
    }
  }
}

// The cross product's size, saturated so that a sweep of absurd axes cannot overflow.
long long Reader::point_count() const {
  long long n = 1;
  for (const Axis& a : spec.axes) n = std::min<long long>(n * static_cast<long long>(a.values.size()), kMaxRuns + 1);
  return n;
}

std::vector<std::string> Reader::axis_names() const {
  std::vector<std::string> out;
  for (const Axis& a : spec.axes) out.push_back(a.name);
  return out;
}

}  // namespace vsf::sweep::detail
