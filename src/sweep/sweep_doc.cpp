// sweep.json: writing the expanded sweep, reading its runs back (--collect, Slurm tasks), and the resume
// rule (a rerun may add points and replications, never change or drop what was recorded).
#include "sweep/sweep_doc.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <set>

#include "util/errors.hpp"
#include "util/json_parse.hpp"
#include "util/list_cut.hpp"
#include "util/sha256.hpp"

namespace vsf::sweep {

namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// nlohmann converts between its two object orders only through text.
ordered_json ordered(const json& j) { return ordered_json::parse(j.dump()); }
json sorted(const ordered_json& j) { return json::parse(j.dump()); }

ordered_json sets_json(const std::vector<std::pair<std::string, json>>& sets) {
  ordered_json out = ordered_json::array();
  for (const auto& [pointer, value] : sets) out.push_back({pointer, ordered(value)});
  return out;
}

std::vector<std::pair<std::string, json>> sets_of(const json& sets) {
  std::vector<std::pair<std::string, json>> out;
  for (const json& s : sets.at("sets")) out.emplace_back(s.at(0).get<std::string>(), s.at(1));
  return out;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// What every refusal of a resume ends with: the rule and the ways out.
constexpr const char* kRule =
    "a resumed sweep may only add points or replications; use another -o DIR, or remove DIR to start over";

// The base scenario: the same file, with the same contents.
void check_scenario(const json& was, const json& now, const std::string& file, Diagnostics& diags) {
  if (was.value("path", json()) != now["path"])
    diags.add(file, "/scenario/path",
              fmt::format("the sweep ran scenario {}, this one names {}; {}", was.value("path", json()).dump(),
                          now["path"].dump(), kRule));
  else if (was.value("sha256", json()) != now["sha256"])
    diags.add(file, "/scenario/sha256",
              fmt::format("the scenario {} changed since the sweep started (sha256 {} recorded, {} now); {}",
                          now["path"].dump(), was.value("sha256", json()).dump(), now["sha256"].dump(), kRule));
}

// "N runs ...: \"a\", \"b\" and 3 more; <rule>", with {s}, {are} and {list} filled in for N. `what` may
// hold braces of its own only inside the list's items (the first changed run's values).
void report(Diagnostics& diags, const std::string& file, const char* pointer, const std::vector<std::string>& items,
            const std::string& what) {
  if (items.empty()) return;
  const bool one = items.size() == 1;
  std::string text = what;
  auto fill = [&](const std::string& field, const std::string& value) {
    if (auto at = text.find(field); at != std::string::npos) text.replace(at, field.size(), value);
  };
  fill("{s}", one ? "" : "s");
  fill("{are}", one ? "is" : "are");
  fill("{list}", cut_list(items));
  diags.add(file, pointer, fmt::format("{} {}; {}", items.size(), text, kRule));
}

}  // namespace

ordered_json sweep_document(const SweepSpec& spec, const Expanded& expanded, const std::string& version) {
  auto text = read_text_file(spec.scenario);
  if (!text) throw InputError(spec.file, "/scenario", fmt::format("cannot read the scenario \"{}\"", spec.scenario));
  std::error_code ec;
  ordered_json doc;
  // The caller adds what only it knows (the commit, argv) to this object.
  doc["vsfsim"] = {{"version", version}};
  doc["sweep"] = ordered(spec.document);
  doc["sweep_file"] = fs::absolute(spec.file, ec).lexically_normal().string();
  doc["scenario"] = {{"path", spec.scenario}, {"sha256", sha256_hex(*text)}};
  doc["axes"] = ordered_json::array();
  for (const Axis& a : spec.axes)
    doc["axes"].push_back({{"name", a.name}, {"pointers", a.pointers}, {"labels", a.labels}});
  doc["metrics"] = ordered_json::array();
  for (const Metric& m : spec.metrics) doc["metrics"].push_back({{"name", m.name}, {"pointer", m.pointer}});
  doc["baseline"] = nullptr;
  if (spec.baseline) {
    std::vector<std::string> labels;
    for (const Axis& a : spec.axes)
      for (const auto& [name, label] : *spec.baseline)
        if (name == a.name) labels.push_back(label);
    if (labels.size() == spec.axes.size()) doc["baseline"] = point_id(spec.axes, labels);
  }
  doc["points"] = ordered_json::array();
  for (const Point& p : expanded.points) {
    ordered_json labels = ordered_json::object();
    for (size_t i = 0; i < spec.axes.size() && i < p.labels.size(); ++i) labels[spec.axes[i].name] = p.labels[i];
    doc["points"].push_back({{"id", p.id}, {"labels", labels}, {"sets", sets_json(p.sets)}});
  }
  doc["runs"] = ordered_json::array();
  for (const RunSpec& r : expanded.runs)
    doc["runs"].push_back({{"key", r.key()},
                           {"point", r.point_id},
                           {"replication", r.replication},
                           {"seed", r.seed},
                           {"sets", sets_json(r.sets)}});
  return doc;
}

void check_compatible(const json& before, const ordered_json& now_ordered, const std::string& dir) {
  const std::string file = (fs::path(dir) / "sweep.json").string();
  const json now = sorted(now_ordered);
  if (!before.is_object() || !before.contains("runs") || !before["runs"].is_array() || !before.contains("scenario") ||
      !before["scenario"].is_object())
    throw InputError(file, "", "not a sweep's record (no \"runs\" or \"scenario\"): was DIR written by vsfsim sweep?");
  Diagnostics diags;
  check_scenario(before["scenario"], now["scenario"], file, diags);

  std::map<std::string, const json*> runs_now;
  for (const json& r : now["runs"]) runs_now.emplace(r["key"].get<std::string>(), &r);
  std::set<std::string> points_now, points_reported;
  for (const json& p : now["points"]) points_now.insert(p["id"].get<std::string>());

  std::vector<std::string> points_gone, runs_gone, seeds_changed, sets_changed;
  std::string first_sets;  // what changed in the first run whose values changed
  for (const json& r : before["runs"]) {
    if (!r.is_object() || !r.contains("key") || !r["key"].is_string()) continue;
    const std::string key = r["key"].get<std::string>();
    auto it = runs_now.find(key);
    if (it == runs_now.end()) {
      const json point = r.value("point", json(""));
      const std::string id = point.is_string() ? point.get<std::string>() : "";
      if (points_now.count(id))
        runs_gone.push_back(quoted(key));
      else if (points_reported.insert(id).second)
        points_gone.push_back(quoted(id));
      continue;
    }
    const json& n = *it->second;
    if (r.value("seed", json()) != n["seed"]) seeds_changed.push_back(quoted(key));
    if (r.value("sets", json()) != n["sets"]) {
      if (sets_changed.empty())
        first_sets =
            fmt::format(" (\"{}\": {} recorded, {} now)", key, r.value("sets", json()).dump(), n["sets"].dump());
      sets_changed.push_back(quoted(key));
    }
  }
  report(diags, file, "/points", points_gone, "point{s} of the sweep {are} gone: {list}");
  report(diags, file, "/runs", runs_gone, "run{s} of the sweep {are} gone (fewer replications?): {list}");
  report(diags, file, "/runs", seeds_changed, "run{s} would get another seed (was \"seed\" changed?): {list}");
  report(diags, file, "/runs", sets_changed, "run{s} would get other --set values: {list}" + first_sets);
  diags.throw_if_any();
}

Expanded runs_of(const json& doc) {
  Expanded out;
  try {
    std::vector<std::string> axes;
    for (const json& a : doc.at("axes")) axes.push_back(a.at("name").get<std::string>());
    for (const json& p : doc.at("points")) {
      Point point;
      point.id = p.at("id").get<std::string>();
      for (const std::string& a : axes) point.labels.push_back(p.at("labels").at(a).get<std::string>());
      point.sets = sets_of(p);
      out.points.push_back(std::move(point));
    }
    for (const json& r : doc.at("runs")) {
      RunSpec run;
      run.point_id = r.at("point").get<std::string>();
      run.replication = r.at("replication").get<int>();
      run.seed = r.at("seed").get<uint64_t>();
      run.sets = sets_of(r);
      if (run.key() != r.at("key").get<std::string>())
        throw InputError(
            "sweep.json", "/runs",
            fmt::format("run \"{}\" does not match its point and replication", r.at("key").get<std::string>()));
      out.runs.push_back(std::move(run));
    }
  } catch (const json::exception& e) {
    // A sweep.json edited by hand or cut short by a full disk: say so rather than guess.
    throw InputError("sweep.json", "", fmt::format("not a sweep record this vsfsim can read: {}", e.what()));
  }
  return out;
}

}  // namespace vsf::sweep
