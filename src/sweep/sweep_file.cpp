// load_sweep: file -> JSON (line and column for syntax errors) -> SweepSpec through the key tables of
// sweep_keys.hpp, collecting every problem; the cross checks (names that exclude and baseline refer to,
// the number of points and runs, column names) run on whatever was readable, so one pass reports all.
#include "sweep/sweep_file.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "sweep/expand.hpp"
#include "sweep/sweep_keys.hpp"
#include "util/json_fields.hpp"
#include "util/json_parse.hpp"
#include "util/json_util.hpp"
#include "util/suggest.hpp"

namespace vsf::sweep {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Columns of runs.csv and points.csv that an axis or a metric must not be named after.
const std::vector<std::string> kReservedColumns = {"point",     "replication", "seed", "status",
                                                   "exit_code", "wall_s",      "n",    "n_failed"};

// What is wrong with `p` as an RFC 6901 pointer into a document, or "" when it is one. The whole document
// ("") is refused: a sweep sets values inside a scenario, never the scenario itself.
std::string pointer_problem(const std::string& p) {
  if (p.empty() || p[0] != '/') return "it must start with \"/\"";
  for (size_t i = 0; i < p.size(); ++i)
    if (p[i] == '~' && (i + 1 == p.size() || (p[i + 1] != '0' && p[i + 1] != '1')))
      return "\"~\" must be followed by 0 or 1 (\"~0\" is ~, \"~1\" is /)";
  return "";
}

std::optional<std::string> read_pointer(const Source& src, const json& v, const std::string& at) {
  auto s = read_string(src, v, at);
  if (!s) return std::nullopt;
  if (std::string why = pointer_problem(*s); !why.empty()) {
    src.error(at, fmt::format("expected a JSON pointer such as \"/grid/cpus\", found {}: {}", json_found(v), why));
    return std::nullopt;
  }
  return s;
}

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

bool is_safe_name(const std::string& s) {
  if (s.empty() || s.size() > 64 || s[0] == '.') return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  return true;
}

std::string default_name(const std::string& file) {
  std::string stem = fs::path(file).stem().string();
  for (char& c : stem)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) c = '_';
  if (stem.empty()) return "sweep";
  if (stem[0] == '.') stem[0] = '_';
  return stem.substr(0, 64);
}

// A range's k-th value: integers stay integers; other values are rounded to 12 significant digits, so
// that 0.1 + 2 * 0.1 is labelled 0.3 rather than 0.30000000000000004.
json range_value(double from, double step, long long k) {
  const double v = from + static_cast<double>(k) * step;
  if (from == std::floor(from) && step == std::floor(step) && std::abs(v) < 9.0e15) return json(std::llround(v));
  return json(std::stod(fmt::format("{:.12g}", v)));
}

struct Reader {
  const Source& src;
  SweepSpec& spec;
  bool axes_ok = true;  // false: references to axis names or labels are not checked (no follow-up errors)

  void read_values(const Fields& f, size_t width, Axis& a) {
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

  void read_range(const Fields& f, Axis& a) {
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

  void read_labels(const Fields& f, Axis& a) {
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

  void read_axis(const json& v, const std::string& at) {
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

  void read_axes(const Fields& top) {
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
  long long point_count() const {
    long long n = 1;
    for (const Axis& a : spec.axes) n = std::min<long long>(n * static_cast<long long>(a.values.size()), kMaxRuns + 1);
    return n;
  }

  std::vector<std::string> axis_names() const {
    std::vector<std::string> out;
    for (const Axis& a : spec.axes) out.push_back(a.name);
    return out;
  }

  // An object of axis name -> label (an exclude entry or the baseline).
  std::vector<std::pair<std::string, std::string>> read_point_ref(const json& v, const std::string& at,
                                                                  const char* what) {
    std::vector<std::pair<std::string, std::string>> out;
    if (!read_object(src, v, at, what)) return out;
    if (v.empty()) src.error(at, fmt::format("expected {} naming at least one axis, found {{}}", what));
    for (const auto& item : v.items()) {
      const std::string kat = pointer_join(at, item.key());
      auto label = read_string(src, item.value(), kat);
      if (!label) continue;
      out.emplace_back(item.key(), *label);
      if (!axes_ok) continue;
      auto axis = std::find_if(spec.axes.begin(), spec.axes.end(), [&](const Axis& a) { return a.name == item.key(); });
      if (axis == spec.axes.end()) {
        src.error(kat, fmt::format("unknown axis \"{}\"{}", excerpt(item.key()),
                                   suggestion_suffix(item.key(), axis_names())));
      } else if (std::find(axis->labels.begin(), axis->labels.end(), *label) == axis->labels.end()) {
        src.error(kat, fmt::format("axis \"{}\" has no label \"{}\"{}", axis->name, excerpt(*label),
                                   suggestion_suffix(*label, axis->labels)));
      }
    }
    return out;
  }

  // An entry naming an unknown axis matches no point: it is reported already, and must not make every
  // point look excluded.
  static bool matches(const std::vector<std::pair<std::string, std::string>>& entry, const SweepSpec& s,
                      const std::vector<size_t>& index) {
    for (const auto& [name, label] : entry) {
      auto axis = std::find_if(s.axes.begin(), s.axes.end(), [&](const Axis& a) { return a.name == name; });
      if (axis == s.axes.end() || axis->labels[index[static_cast<size_t>(axis - s.axes.begin())]] != label)
        return false;
    }
    return true;
  }

  void read_exclude_and_baseline(const Fields& top) {
    if (const json* ex = top.value("exclude"))
      if (const json* arr = read_array(src, *ex, "/exclude", false))
        for (size_t k = 0; k < arr->size(); ++k)
          spec.exclude.push_back(read_point_ref((*arr)[k], pointer_join("/exclude", k), "a point to exclude"));
    if (const json* b = top.value("baseline")) {
      auto ref = read_point_ref(*b, "/baseline", "the baseline point");
      if (axes_ok && b->is_object())
        for (const Axis& a : spec.axes)
          if (!b->contains(a.name))
            src.error("/baseline",
                      fmt::format("the baseline names no label of axis \"{}\"; it needs one per axis", a.name));
      spec.baseline = std::move(ref);
    }
    if (!axes_ok || spec.axes.empty() || point_count() > kMaxPoints) return;
    // Every point dropped, or the baseline dropped: found by walking the cross product (at most kMaxPoints).
    std::vector<size_t> index(spec.axes.size(), 0);
    long long kept = 0;
    for (long long n = 0; n < point_count(); ++n) {
      bool dropped = false;
      for (const auto& e : spec.exclude) dropped = dropped || matches(e, spec, index);
      if (!dropped) ++kept;
      if (dropped && spec.baseline && spec.baseline->size() == spec.axes.size() && matches(*spec.baseline, spec, index))
        src.error("/baseline", "the baseline point is excluded (see \"exclude\")");
      for (size_t i = index.size(); i-- > 0;) {
        if (++index[i] < spec.axes[i].values.size()) break;
        index[i] = 0;
      }
    }
    if (kept == 0) src.error("/exclude", "every point of the axes is excluded");
  }

  void read_metrics(const Fields& top) {
    const json* m = top.value("metrics");
    if (!m) {
      spec.metrics = default_metrics();
      return;
    }
    const json* arr = read_array(src, *m, "/metrics", true);
    if (!arr) return;
    for (size_t k = 0; k < arr->size(); ++k) {
      const std::string at = pointer_join("/metrics", k);
      const json& v = (*arr)[k];
      Metric metric;
      if (v.is_object()) {
        Fields f(src, v, at, sweep_keys::metric(), "a metric");
        const json* p = f.value("pointer");
        auto ptr = p ? read_pointer(src, *p, f.at("pointer")) : std::nullopt;
        if (!ptr) continue;
        metric.pointer = *ptr;
        f.read("name", metric.name);
      } else if (v.is_string()) {
        auto ptr = read_pointer(src, v, at);
        if (!ptr) continue;
        metric.pointer = *ptr;
      } else {
        src.error(at, fmt::format("expected a JSON pointer into summary.json (a string) or {{\"name\", \"pointer\"}}, "
                                  "found {}",
                                  json_found(v)));
        continue;
      }
      if (metric.name.empty()) {
        metric.name = metric.pointer.substr(1);
        std::replace(metric.name.begin(), metric.name.end(), '/', '.');
      }
      spec.metrics.push_back(metric);
    }
    std::map<std::string, size_t> seen;
    for (size_t k = 0; k < spec.metrics.size(); ++k) {
      const std::string& name = spec.metrics[k].name;
      const std::string at = pointer_join("/metrics", k);
      if (auto [it, fresh] = seen.emplace(name, k); !fresh)
        src.error(at, fmt::format("two metrics are named \"{}\"; give each a unique \"name\"", excerpt(name)));
      else if (std::find(kReservedColumns.begin(), kReservedColumns.end(), name) != kReservedColumns.end())
        src.error(at,
                  fmt::format("\"{}\" is a column of runs.csv or points.csv; give the metric another \"name\"", name));
      else if (std::find_if(spec.axes.begin(), spec.axes.end(), [&](const Axis& a) { return a.name == name; }) !=
               spec.axes.end())
        src.error(at, fmt::format("an axis is named \"{}\" too; give the metric another \"name\"", excerpt(name)));
    }
  }

  // A parameter of a distribution: a number >= 0 (> 0 when `positive`) for traffic_scale, a duration for phase.
  bool read_param(const Fields& f, const char* key, bool duration, bool positive, double& out) {
    const json* v = f.value(key);
    if (!v) return false;
    const Sign sign = positive ? Sign::Positive : Sign::NonNegative;
    auto x = duration ? read_quantity(src, *v, f.at(key), Quantity::Duration, sign)
                      : read_number(src, *v, f.at(key), 0, 1e9);
    if (x && positive && !(*x > 0)) {
      src.error(f.at(key), fmt::format("expected a number > 0, found {}", json_found(*v)));
      return false;
    }
    if (x) out = *x;
    return x.has_value();
  }

  std::optional<Draw> read_draw(const json& v, const std::string& at, bool duration) {
    if (!v.is_object()) {
      src.error(at,
                fmt::format("expected a distribution such as {{\"dist\": \"uniform\", \"min\": ..., \"max\": ...}}, "
                            "found {}",
                            json_found(v)));
      return std::nullopt;
    }
    const json* dist = member(v, "dist");
    if (!dist) {
      src.error(at, "missing required key \"dist\" (\"uniform\", \"normal\" or \"lognormal\")");
      return std::nullopt;
    }
    auto kind = read_choice(src, *dist, pointer_join(at, "dist"), {"uniform", "normal", "lognormal"});
    if (!kind) return std::nullopt;
    Draw d;
    if (*kind == "uniform") {
      Fields f(src, v, at, sweep_keys::draw_uniform(), "a \"uniform\" distribution");
      d.type = Draw::Type::Uniform;
      const bool a = read_param(f, "min", duration, false, d.min);
      if (!(read_param(f, "max", duration, false, d.max) && a)) return std::nullopt;
      if (d.min > d.max) {
        src.error(f.at("max"), fmt::format("max ({:g}) must be >= min ({:g})", d.max, d.min));
        return std::nullopt;
      }
    } else if (*kind == "normal") {
      Fields f(src, v, at, sweep_keys::draw_normal(), "a \"normal\" distribution");
      d.type = Draw::Type::Normal;
      const bool a = read_param(f, "mean", duration, false, d.mean);
      if (!(read_param(f, "sd", duration, false, d.sd) && a)) return std::nullopt;
    } else {
      Fields f(src, v, at, sweep_keys::draw_lognormal(), "a \"lognormal\" distribution");
      d.type = Draw::Type::Lognormal;
      const bool a = read_param(f, "median", duration, true, d.median);
      if (!(f.read("sigma", d.sigma) && a)) return std::nullopt;
    }
    return d;
  }

  void read_uncertainty(const Fields& top) {
    const json* u = top.value("uncertainty");
    if (!u) return;
    Fields f(src, *u, "/uncertainty", sweep_keys::uncertainty(), "the uncertainty");
    if (!f.ok()) return;
    Uncertainty out;
    if (const json* s = f.value("traffic_scale")) out.traffic_scale = read_draw(*s, f.at("traffic_scale"), false);
    if (const json* p = f.value("phase")) out.phase = read_draw(*p, f.at("phase"), true);
    if (!f.has("traffic_scale") && !f.has("phase"))
      src.error("/uncertainty", "give \"traffic_scale\" or \"phase\" (or both): nothing else varies");
    if (const json* v = f.value("vsfs"))
      if (const json* arr = read_array(src, *v, f.at("vsfs"), true))
        for (size_t k = 0; k < arr->size(); ++k) {
          const std::string at = pointer_join(f.at("vsfs"), k);
          auto name = read_string(src, (*arr)[k], at);
          if (!name) continue;
          if (std::find(out.vsfs.begin(), out.vsfs.end(), *name) != out.vsfs.end())
            src.error(at, fmt::format("VSF \"{}\" appears twice", excerpt(*name)));
          out.vsfs.push_back(*name);
        }
    spec.uncertainty = std::move(out);
  }

  std::optional<int64_t> read_bound(const Fields& f, const char* key) {
    const json* v = f.value(key);
    if (!v) return std::nullopt;
    const KeySpec& k = f.spec(key);
    auto n = read_integer(src, *v, f.at(key), static_cast<long long>(k.type.min), static_cast<long long>(k.type.max));
    if (!n) return std::nullopt;
    return static_cast<int64_t>(*n);
  }

  void read_search(const Fields& top) {
    const json* s = top.value("search");
    if (!s) return;
    Fields f(src, *s, "/search", sweep_keys::search(), "the search");
    if (!f.ok()) return;
    Search out;
    if (const json* p = f.value("pointer"))
      if (auto ptr = read_pointer(src, *p, f.at("pointer"))) {
        out.pointer = *ptr;
        for (size_t i = 0; i < spec.axes.size(); ++i)
          for (const std::string& ap : spec.axes[i].pointers)
            if (ap == *ptr)
              src.error(f.at("pointer"), fmt::format("axis \"{}\" sets {} too; the search needs it to itself",
                                                     spec.axes[i].name, excerpt(*ptr)));
      }
    auto low = read_bound(f, "low");
    auto high = read_bound(f, "high");
    if (low) out.low = *low;
    if (high) out.high = *high;
    if (low && high && *low > *high) src.error(f.at("high"), fmt::format("high ({}) must be >= low ({})", *high, *low));
    if (const json* t = f.value("target")) {
      Fields tf(src, *t, f.at("target"), sweep_keys::target(), "the search's target");
      if (const json* m = tf.value("metric"))
        if (auto ptr = read_pointer(src, *m, tf.at("metric"))) out.metric = *ptr;
      tf.read("at_most", out.at_most);
      if (tf.read("confidence", out.confidence) && !(out.confidence > 0 && out.confidence < 1))
        src.error(tf.at("confidence"), fmt::format("expected a number strictly between 0 and 1, found {}",
                                                   json_found(*tf.get("confidence"))));
    }
    if (const json* r = f.value("replications")) {
      Fields rf(src, *r, f.at("replications"), sweep_keys::search_replications(), "the search's replications");
      const bool has_min = rf.read("min", out.min_replications);
      const bool has_max = rf.read("max", out.max_replications);
      if ((has_min || !rf.has("min")) && (has_max || !rf.has("max")) && out.max_replications < out.min_replications)
        src.error(rf.at(rf.has("max") ? "max" : "min"),
                  fmt::format("max ({}) must be >= min ({})", out.max_replications, out.min_replications));
    }
    spec.search = out;
  }

  void read_slurm(const Fields& top) {
    const json* s = top.value("slurm");
    if (!s) return;
    Fields f(src, *s, "/slurm", sweep_keys::slurm(), "the Slurm settings");
    f.read("partition", spec.slurm.partition);
    f.read("time", spec.slurm.time_limit);
    f.read("memory", spec.slurm.memory);
    f.read("max_parallel", spec.slurm.max_parallel);
    f.read("runs_per_task", spec.slurm.runs_per_task);
    if (const json* a = f.value("sbatch_args"))
      if (const json* arr = read_array(src, *a, f.at("sbatch_args"), false))
        for (size_t k = 0; k < arr->size(); ++k)
          if (auto arg = read_string(src, (*arr)[k], pointer_join(f.at("sbatch_args"), k)))
            spec.slurm.extra_args.push_back(*arg);
  }

  void read_scenario(const Fields& top) {
    std::string given;
    if (!top.read("scenario", given)) return;
    fs::path p(given);
    if (p.is_relative()) p = fs::path(spec.file).parent_path() / p;
    std::error_code ec;
    fs::path abs = fs::absolute(p, ec).lexically_normal();
    spec.scenario = abs.string();
    if (!fs::is_regular_file(abs, ec))
      src.error("/scenario", fmt::format("scenario file \"{}\" not found (looked for {}, relative to the sweep file's "
                                         "folder)",
                                         excerpt(given), excerpt(abs.string())));
  }

  void read_sets(const Fields& top) {
    const json* s = top.value("set");
    if (!s || !read_object(src, *s, "/set", "fixed overrides (pointer -> value)")) return;
    for (const auto& item : s->items()) {
      const std::string at = pointer_join("/set", item.key());
      if (std::string why = pointer_problem(item.key()); !why.empty()) {
        src.error(at, fmt::format("expected a JSON pointer such as \"/duration\" as the key, found \"{}\": {}",
                                  excerpt(item.key()), why));
        continue;
      }
      spec.sets.emplace_back(item.key(), item.value());
    }
  }

  void read_top(const json& doc) {
    Fields top(src, doc, "", sweep_keys::top(), "a sweep");
    std::string ignored;
    top.read("$schema", ignored);
    spec.name = default_name(spec.file);
    if (top.read("name", spec.name) && !is_safe_name(spec.name))
      src.error("/name", fmt::format("expected 1 to 64 letters, digits, '_', '-' or '.', not starting with '.' (it "
                                     "names the output directory), found {}",
                                     json_found(*top.get("name"))));
    top.read("description", spec.description);
    read_scenario(top);
    read_sets(top);
    read_axes(top);
    read_exclude_and_baseline(top);
    top.read("replications", spec.replications);
    if (const json* seed = top.value("seed"))
      if (auto v = read_uint64(src, *seed, "/seed")) spec.seed = *v;
    read_metrics(top);
    double timeout = 0;
    if (top.read("timeout", timeout)) spec.timeout_s = timeout;
    read_uncertainty(top);
    read_search(top);
    read_slurm(top);

    if (axes_ok) {
      const long long points = point_count();
      if (points > kMaxPoints) {
        src.error("/axes", fmt::format("the axes give {}{} points; a sweep has at most {}",
                                       points > kMaxRuns ? "more than " : "", std::min(points, kMaxRuns), kMaxPoints));
      } else if (points * spec.replications > kMaxRuns) {
        src.error("/replications", fmt::format("{} points x {} replications = {} runs; a sweep has at most {}", points,
                                               spec.replications, points * spec.replications, kMaxRuns));
      }
    }
  }
};

}  // namespace

SweepSpec load_sweep(const std::string& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) throw InputError(file, "", "sweep file not found");
  auto text = read_text_file(file);
  if (!text) throw InputError(file, "", "cannot read the sweep file (is it a regular, readable file?)");
  Diagnostics diags;
  Source src{file, &diags};
  auto doc = parse_json(file, *text, diags);
  if (!doc) diags.throw_if_any();
  SweepSpec spec;
  spec.file = file;
  if (!doc->is_object()) {
    src.error("", fmt::format("expected a sweep (a JSON object) at the top level, found {}", json_found(*doc)));
    diags.throw_if_any();
  }
  Reader reader{src, spec};
  reader.read_top(*doc);
  diags.throw_if_any();
  spec.document = std::move(*doc);
  return spec;
}

}  // namespace vsf::sweep
