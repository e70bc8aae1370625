// load_sweep: file -> JSON (line and column for syntax errors) -> SweepSpec through the key tables of
// sweep_keys.hpp, collecting every problem; the cross checks (names that exclude and baseline refer to,
// the number of points and runs, column names) run on whatever was readable, so one pass reports all.
// The top level, exclude, baseline and metrics are read here; the axes in sweep_axes.cpp, the optional
// sections in sweep_sections.cpp.
#include "sweep/sweep_file.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "sweep/expand.hpp"
#include "sweep/sweep_keys.hpp"
#include "sweep/sweep_reader.hpp"
#include "util/json_fields.hpp"
#include "util/json_parse.hpp"
#include "util/json_util.hpp"
#include "util/suggest.hpp"

namespace vsf::sweep {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

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

}  // namespace

namespace detail {

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

// An object of axis name -> label (an exclude entry or the baseline).
std::vector<std::pair<std::string, std::string>> Reader::read_point_ref(const json& v, const std::string& at,
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
      src.error(kat,
                fmt::format("unknown axis \"{}\"{}", excerpt(item.key()), suggestion_suffix(item.key(), axis_names())));
    } else if (std::find(axis->labels.begin(), axis->labels.end(), *label) == axis->labels.end()) {
      src.error(kat, fmt::format("axis \"{}\" has no label \"{}\"{}", axis->name, excerpt(*label),
                                 suggestion_suffix(*label, axis->labels)));
    }
  }
  return out;
}

// An entry naming an unknown axis matches no point: it is reported already, and must not make every
// point look excluded.
bool Reader::matches(const std::vector<std::pair<std::string, std::string>>& entry, const SweepSpec& s,
                     const std::vector<size_t>& index) {
  for (const auto& named : entry) {
    // (a lambda cannot capture a structured binding before C++20, hence no [name, label] here)
    auto axis = std::find_if(s.axes.begin(), s.axes.end(), [&](const Axis& a) { return a.name == named.first; });
    if (axis == s.axes.end() || axis->labels[index[static_cast<size_t>(axis - s.axes.begin())]] != named.second)
      return false;
  }
  return true;
}

void Reader::read_exclude_and_baseline(const Fields& top) {
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

void Reader::read_metrics(const Fields& top) {
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

void Reader::read_scenario(const Fields& top) {
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

void Reader::read_sets(const Fields& top) {
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

void Reader::read_top(const json& doc) {
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

}  // namespace detail

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
  detail::Reader reader{src, spec};
  reader.read_top(*doc);
  diags.throw_if_any();
  spec.document = std::move(*doc);
  return spec;
}

}  // namespace vsf::sweep
