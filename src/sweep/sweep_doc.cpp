// sweep.json: writing the expanded sweep, reading its runs back (--collect, Slurm tasks), and the resume
// rule (a rerun may add points and replications, never change or drop what was recorded).
#include "sweep/sweep_doc.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>

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
  const char* rule =
      "a resumed sweep may only add points or replications; use another -o DIR, or remove DIR to start over";
  if (!before.is_object() || !before.contains("runs") || !before["runs"].is_array() || !before.contains("scenario") ||
      !before["scenario"].is_object())
    throw InputError(file, "", "not a sweep's record (no \"runs\" or \"scenario\"): was DIR written by vsfsim sweep?");
  Diagnostics diags;
  const json& was = before["scenario"];
  if (was.value("path", json()) != now["scenario"]["path"])
    diags.add(file, "/scenario/path",
              fmt::format("the sweep ran scenario {}, this one names {}; {}", was.value("path", json()).dump(),
                          now["scenario"]["path"].dump(), rule));
  else if (was.value("sha256", json()) != now["scenario"]["sha256"])
    diags.add(file, "/scenario/sha256",
              fmt::format("the scenario {} changed since the sweep started (sha256 {} recorded, {} now); {}",
                          now["scenario"]["path"].dump(), was.value("sha256", json()).dump(),
                          now["scenario"]["sha256"].dump(), rule));

  std::map<std::string, const json*> runs_now;
  for (const json& r : now["runs"]) runs_now.emplace(r["key"].get<std::string>(), &r);
  std::map<std::string, bool> points_now;
  for (const json& p : now["points"]) points_now.emplace(p["id"].get<std::string>(), true);

  std::vector<std::string> points_gone, runs_gone, seeds_changed, sets_changed;
  std::string first_sets;  // what changed in the first run whose values changed
  std::map<std::string, bool> point_reported;
  for (const json& r : before["runs"]) {
    if (!r.is_object() || !r.contains("key") || !r["key"].is_string()) continue;
    const std::string key = r["key"].get<std::string>();
    auto it = runs_now.find(key);
    if (it == runs_now.end()) {
      const std::string point = r.value("point", json("")).is_string() ? r.value("point", std::string()) : "";
      if (!points_now.count(point)) {
        if (!point_reported[point]) points_gone.push_back(quoted(point));
        point_reported[point] = true;
      } else {
        runs_gone.push_back(quoted(key));
      }
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
  if (!points_gone.empty())
    diags.add(
        file, "/points",
        fmt::format("{} point{} of the sweep {} gone: {}; {}", points_gone.size(), points_gone.size() == 1 ? "" : "s",
                    points_gone.size() == 1 ? "is" : "are", cut_list(points_gone), rule));
  if (!runs_gone.empty())
    diags.add(
        file, "/runs",
        fmt::format("{} run{} of the sweep {} gone (fewer replications?): {}; {}", runs_gone.size(),
                    runs_gone.size() == 1 ? "" : "s", runs_gone.size() == 1 ? "is" : "are", cut_list(runs_gone), rule));
  if (!seeds_changed.empty())
    diags.add(file, "/runs",
              fmt::format("{} run{} would get another seed (was \"seed\" changed?): {}; {}", seeds_changed.size(),
                          seeds_changed.size() == 1 ? "" : "s", cut_list(seeds_changed), rule));
  if (!sets_changed.empty())
    diags.add(file, "/runs",
              fmt::format("{} run{} would get other --set values: {}{}; {}", sets_changed.size(),
                          sets_changed.size() == 1 ? "" : "s", cut_list(sets_changed), first_sets, rule));
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
