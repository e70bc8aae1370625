// The expansion of a sweep into points and runs, the seeds and uncertainty draws of each replication
// (common random numbers: nothing here depends on the point), and the check of every point through the
// scenario loader before anything runs.
#include "sweep/expand.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <random>
#include <set>

#include "scenario/loader.hpp"
#include "util/errors.hpp"
#include "util/json_parse.hpp"
#include "util/json_util.hpp"
#include "util/list_cut.hpp"
#include "util/suggest.hpp"

namespace vsf::sweep {

using nlohmann::json;

namespace {

constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

// A point id is one path component (runs/<id>/), and file systems allow 255 bytes; the rest is margin.
constexpr size_t kMaxIdLength = 200;

// SplitMix64's output function (Steele, Lea & Flood 2014): a bijective mix of its state.
uint64_t splitmix_out(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The uncertainty stream of (replication seed, VSF entry i, key k): k = 1 traffic_scale, 2 phase; its own
// stream per key, so adding a phase leaves the traffic_scale draws as they were.
std::mt19937_64 stream(uint64_t replication_seed, size_t entry, int key) {
  const uint64_t s =
      splitmix_out(splitmix_out(replication_seed + (entry + 1) * kGolden) + static_cast<uint64_t>(key) * kGolden);
  return std::mt19937_64(s);
}

// In (0, 1]: 53 random bits, as faults::Distribution::draw takes them, shifted so that log() is finite.
double uniform01_open_low(std::mt19937_64& rng) { return (static_cast<double>(rng() >> 11) + 1) * 0x1.0p-53; }

// One draw by inverse CDF (uniform) or Box-Muller (normal, lognormal), never std:: distributions, whose
// algorithms differ between standard libraries. Normal draws below 0 are taken as 0 (documented).
double draw(const Draw& d, std::mt19937_64& rng) {
  const double u = uniform01_open_low(rng);
  if (d.type == Draw::Type::Uniform) return d.min + (d.max - d.min) * (1 - u);
  const double z = std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * uniform01_open_low(rng));
  if (d.type == Draw::Type::Normal) return std::max(0.0, d.mean + d.sd * z);
  return d.median * std::exp(d.sigma * z);
}

bool safe_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '+' || c == '-';
}

std::string safe(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (!safe_char(c)) c = '_';
  return out;
}

// The VSF entries of the scenario document as a point leaves them: the point's sets that touch /vsfs
// applied to a copy of the array (an axis may scale a VSF; its draws then multiply the point's value).
json vsfs_at(const json& scenario, const std::vector<std::pair<std::string, json>>& sets) {
  json holder = json::object();
  holder["vsfs"] = scenario.is_object() && scenario.contains("vsfs") ? scenario["vsfs"] : json::array();
  for (const auto& [pointer, value] : sets)
    if (pointer == "/vsfs" || pointer.rfind("/vsfs/", 0) == 0) (void)set_at_pointer(holder, pointer, value);
  return holder["vsfs"];
}

// Seconds as a duration the loader reads back exactly: the shortest text that round-trips.
std::string seconds_text(double s) { return fmt::format("{}s", s); }

bool excluded(const SweepSpec& spec, const std::vector<std::string>& labels) {
  for (const auto& entry : spec.exclude) {
    bool all = true;
    for (const auto& [name, label] : entry)
      for (size_t i = 0; i < spec.axes.size(); ++i)
        if (spec.axes[i].name == name && labels[i] != label) all = false;
    if (all) return true;
  }
  return false;
}

}  // namespace

uint64_t replication_seed(uint64_t seed, int replication) {
  return splitmix_out(seed + static_cast<uint64_t>(replication) * kGolden);
}

std::string point_id(const std::vector<Axis>& axes, const std::vector<std::string>& labels) {
  if (axes.empty()) return "all";
  std::string id;
  for (size_t i = 0; i < axes.size(); ++i) id += (i ? "," : "") + safe(axes[i].name) + "=" + safe(labels[i]);
  return id;
}

RunSpec make_run(const SweepSpec& spec, const Point& point, int replication, const json& scenario) {
  RunSpec run;
  run.point_id = point.id;
  run.replication = replication;
  run.seed = replication_seed(spec.seed, replication);
  run.sets = spec.sets;
  run.sets.insert(run.sets.end(), point.sets.begin(), point.sets.end());
  if (!spec.uncertainty) return run;
  const Uncertainty& u = *spec.uncertainty;
  const json vsfs = vsfs_at(scenario, point.sets);
  if (!vsfs.is_array()) return run;  // not a scenario's "vsfs": check_points reports it
  for (size_t i = 0; i < vsfs.size(); ++i) {
    const json& entry = vsfs[i];
    const json* name = entry.is_object() && entry.contains("name") ? &entry["name"] : nullptr;
    if (!u.vsfs.empty() && (!name || !name->is_string() ||
                            std::find(u.vsfs.begin(), u.vsfs.end(), name->get<std::string>()) == u.vsfs.end()))
      continue;
    const std::string at = pointer_join("/vsfs", i);
    if (u.traffic_scale) {
      auto rng = stream(run.seed, i, 1);
      const json base = entry.is_object() ? entry.value("traffic_scale", json(1)) : json(1);
      // A base that is not a number is the loader's to report; the draw then multiplies 1.
      const double b = base.is_number() ? base.get<double>() : 1.0;
      run.sets.emplace_back(pointer_join(at, "traffic_scale"), json(b * draw(*u.traffic_scale, rng)));
    }
    if (u.phase) {
      auto rng = stream(run.seed, i, 2);
      run.sets.emplace_back(pointer_join(at, "traffic_shift"), json(seconds_text(draw(*u.phase, rng))));
    }
  }
  return run;
}

Expanded expand(const SweepSpec& spec, const json& scenario) {
  Diagnostics diags;
  if (spec.uncertainty) {
    std::vector<std::string> names;
    if (scenario.is_object() && scenario.contains("vsfs") && scenario["vsfs"].is_array())
      for (const json& e : scenario["vsfs"])
        if (e.is_object() && e.contains("name") && e["name"].is_string()) names.push_back(e["name"].get<std::string>());
    for (size_t k = 0; k < spec.uncertainty->vsfs.size(); ++k) {
      const std::string& n = spec.uncertainty->vsfs[k];
      if (std::find(names.begin(), names.end(), n) == names.end())
        diags.add(spec.file, pointer_join("/uncertainty/vsfs", k),
                  fmt::format("the scenario has no VSF entry \"{}\"{}", excerpt(n), suggestion_suffix(n, names)));
    }
  }
  diags.throw_if_any();

  Expanded out;
  std::vector<size_t> index(spec.axes.size(), 0);
  std::map<std::string, std::string> ids;  // safe id -> the labels it came from, to catch two points sharing one
  size_t total = 1;
  for (const Axis& a : spec.axes) total *= a.values.size();
  for (size_t n = 0; n < total; ++n) {
    Point p;
    for (size_t i = 0; i < spec.axes.size(); ++i) {
      const Axis& a = spec.axes[i];
      p.labels.push_back(a.labels[index[i]]);
      for (size_t k = 0; k < a.pointers.size(); ++k) p.sets.emplace_back(a.pointers[k], a.values[index[i]][k]);
    }
    if (!excluded(spec, p.labels)) {
      p.id = point_id(spec.axes, p.labels);
      std::string raw;
      for (const auto& l : p.labels) raw += "\"" + l + "\" ";
      if (p.id.size() > kMaxIdLength)
        diags.add(spec.file, "/axes",
                  fmt::format("the point name \"{}\" has {} characters; it names a directory, so at most {}: give "
                              "the axes shorter labels",
                              excerpt(p.id), p.id.size(), kMaxIdLength));
      else if (auto [it, fresh] = ids.emplace(p.id, raw); !fresh)
        diags.add(spec.file, "/axes",
                  fmt::format("labels {}and {}both give the point name \"{}\" (characters other than letters, digits "
                              "and . _ + - become _); give distinct labels",
                              it->second, raw, p.id));
      out.points.push_back(std::move(p));
    }
    for (size_t i = index.size(); i-- > 0;) {
      if (++index[i] < spec.axes[i].values.size()) break;
      index[i] = 0;
    }
  }
  diags.throw_if_any();
  out.runs.reserve(out.points.size() * static_cast<size_t>(spec.replications));
  for (const Point& p : out.points)
    for (int r = 1; r <= spec.replications; ++r) out.runs.push_back(make_run(spec, p, r, scenario));
  return out;
}

json base_document(const SweepSpec& spec) {
  Diagnostics diags;
  auto text = read_text_file(spec.scenario);
  if (!text) throw InputError(spec.file, "/scenario", fmt::format("cannot read the scenario \"{}\"", spec.scenario));
  auto doc = parse_json(spec.scenario, *text, diags);
  if (!doc) diags.throw_if_any();
  for (size_t k = 0; k < spec.sets.size(); ++k)
    if (auto err = set_at_pointer(*doc, spec.sets[k].first, spec.sets[k].second))
      diags.add(spec.file, pointer_join("/set", spec.sets[k].first),
                fmt::format("cannot set {} in the scenario: {}", spec.sets[k].first, *err));
  diags.throw_if_any();
  return std::move(*doc);
}

void check_points(const SweepSpec& spec, const Expanded& expanded) {
  auto text = read_text_file(spec.scenario);
  if (!text) throw InputError(spec.file, "/scenario", fmt::format("cannot read the scenario \"{}\"", spec.scenario));
  // The same problem at many points (a bad fixed "set", a value out of range at every point of another
  // axis) is reported once, with the points that have it.
  struct Problem {
    Diagnostic diag;
    std::vector<std::string> points;
  };
  std::vector<Problem> problems;
  std::map<std::tuple<std::string, std::string, std::string>, size_t> by_text;
  std::set<std::string> checked;
  for (const RunSpec& run : expanded.runs) {
    if (!checked.insert(run.point_id).second) continue;  // the first replication of each point
    LoadOptions options;
    for (const auto& [pointer, value] : run.sets) options.sets.push_back(pointer + "=" + value.dump());
    options.seed = run.seed;
    try {
      (void)load_scenario_json(spec.scenario, *text, options);
    } catch (const InputError& e) {
      for (const Diagnostic& d : e.diagnostics().items()) {
        auto key = std::make_tuple(d.file, d.pointer, d.message);
        auto [it, fresh] = by_text.emplace(key, problems.size());
        if (fresh) problems.push_back({d, {}});
        problems[it->second].points.push_back("\"" + run.point_id + "\"");
      }
    }
  }
  if (problems.empty()) return;
  constexpr size_t kShown = 20;
  Diagnostics diags;
  for (size_t k = 0; k < problems.size() && k < kShown; ++k) {
    const Problem& p = problems[k];
    const std::string where =
        p.points.size() == 1 ? "point " + p.points.front()
                             : fmt::format("points {} ({} of {})", cut_list(p.points), p.points.size(), checked.size());
    diags.add(p.diag.file, p.diag.pointer, fmt::format("at {}: {}", where, p.diag.message), p.diag.line, p.diag.column);
  }
  if (problems.size() > kShown)
    diags.add(spec.file, "", fmt::format("and {} more problems at the points of the sweep", problems.size() - kShown));
  diags.throw_if_any();
}

}  // namespace vsf::sweep
