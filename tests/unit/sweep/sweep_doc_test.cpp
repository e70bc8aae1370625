// sweep.json: what it records, that runs_of reads back what was expanded, and the resume rule: a rerun
// may add points and replications, and is refused with a message when a recorded run would change or
// vanish or the scenario changed.
#include "sweep/sweep_doc.hpp"

#include <catch2/catch.hpp>

#include "sweep_support.hpp"
#include "util/json_parse.hpp"
#include "util/sha256.hpp"

using namespace vsf;
using namespace vsf::sweep;
using namespace vsf::sweep::test;
using nlohmann::ordered_json;

namespace {

json sweep_with(const std::string& patch) {
  json doc = base_sweep();
  doc["axes"] = json::parse(R"([{"pointer": "/grid/cpus", "values": [30, 40]},
                               {"name": "policy", "pointer": "/vsfs/0/policy/high", "values": [0.7, 0.8],
                                "labels": ["tight", "loose"]}])");
  doc["replications"] = 2;
  doc["seed"] = 7;
  doc["uncertainty"] = json::parse(R"({"traffic_scale": {"dist": "uniform", "min": 0.8, "max": 1.2}})");
  doc.merge_patch(json::parse(patch));
  return doc;
}

// The sweep.json a sweep file gives, as read back from disk (so with sorted keys).
json recorded(const json& sweep) {
  const SweepSpec s = load(sweep);
  return json::parse(sweep_document(s, expand(s, base_document(s)), "0.1.0").dump());
}

ordered_json now(const json& sweep) {
  const SweepSpec s = load(sweep);
  return sweep_document(s, expand(s, base_document(s)), "0.1.0");
}

std::string refusal(const json& before, const ordered_json& after) {
  try {
    check_compatible(before, after, "out/sweeps/x");
  } catch (const InputError& e) {
    return e.diagnostics().format();
  }
  return "";
}

}  // namespace

TEST_CASE("sweep.json records the sweep, the scenario's hash, every point and run", "[sweep][doc]") {
  const json sweep = sweep_with(R"({"baseline": {"cpus": "30", "policy": "tight"}})");
  const SweepSpec s = load(sweep);
  const Expanded e = expand(s, base_document(s));
  const ordered_json doc = sweep_document(s, e, "9.9.9");
  CHECK(doc["vsfsim"]["version"] == "9.9.9");
  CHECK(json::parse(doc["sweep"].dump()) == sweep);
  CHECK(doc["scenario"]["path"] == kQuickstart);
  CHECK(doc["scenario"]["sha256"] == sha256_hex(*read_text_file(kQuickstart)));
  REQUIRE(doc["axes"].size() == 2);
  CHECK(doc["axes"][1]["name"] == "policy");
  CHECK(doc["axes"][1]["labels"] == ordered_json({"tight", "loose"}));
  CHECK(doc["metrics"].size() == default_metrics().size());
  CHECK(doc["baseline"] == "cpus=30,policy=tight");
  REQUIRE(doc["points"].size() == 4);
  CHECK(doc["points"][3]["id"] == "cpus=40,policy=loose");
  CHECK(doc["points"][3]["labels"]["policy"] == "loose");
  CHECK(doc["points"][3]["sets"][1] == ordered_json({"/vsfs/0/policy/high", 0.8}));
  REQUIRE(doc["runs"].size() == 8);
  const auto& r = doc["runs"][7];
  CHECK(r["key"] == "cpus=40,policy=loose/r2");
  CHECK(r["point"] == "cpus=40,policy=loose");
  CHECK(r["replication"] == 2);
  CHECK(r["seed"].get<uint64_t>() == replication_seed(7, 2));
  CHECK(r["sets"].size() == 4);                               // two axes, two VSFs' drawn traffic_scale
  CHECK(sweep_document(s, e, "9.9.9").dump() == doc.dump());  // deterministic
  CHECK(recorded(sweep_with("{}"))["baseline"].is_null());
}

TEST_CASE("runs_of reads back the points and runs that were expanded", "[sweep][doc]") {
  const SweepSpec s = load(sweep_with("{}"));
  const Expanded e = expand(s, base_document(s));
  const Expanded back = runs_of(json::parse(sweep_document(s, e, "0.1.0").dump()));
  REQUIRE(back.points.size() == e.points.size());
  for (size_t i = 0; i < e.points.size(); ++i) {
    CHECK(back.points[i].id == e.points[i].id);
    CHECK(back.points[i].labels == e.points[i].labels);
    CHECK(back.points[i].sets == e.points[i].sets);
  }
  REQUIRE(back.runs.size() == e.runs.size());
  for (size_t i = 0; i < e.runs.size(); ++i) {
    CHECK(back.runs[i].key() == e.runs[i].key());
    CHECK(back.runs[i].seed == e.runs[i].seed);
    CHECK(back.runs[i].sets == e.runs[i].sets);
  }
  CHECK_THROWS_WITH(runs_of(json::parse(R"({"axes": [], "points": [{"id": 3}]})")),
                    Catch::Contains("not a sweep record this vsfsim can read"));
}

TEST_CASE("a resumed sweep may add points and replications", "[sweep][doc]") {
  const json before = recorded(sweep_with("{}"));
  CHECK(refusal(before, now(sweep_with("{}"))) == "");
  CHECK(refusal(before, now(sweep_with(R"({"replications": 5})"))) == "");
  json more = sweep_with("{}");
  more["axes"][0]["values"] = {30, 40, 50};
  CHECK(refusal(before, now(more)) == "");
  // What does not change a run may change: metrics, timeout, description.
  CHECK(refusal(before, now(sweep_with(R"({"metrics": ["/grid/energy_j"], "timeout": "1h", "description": "x"})"))) ==
        "");
}

TEST_CASE("a resumed sweep that would change or drop a recorded run is refused", "[sweep][doc]") {
  const json before = recorded(sweep_with("{}"));
  SECTION("another seed") {
    const std::string msg = refusal(before, now(sweep_with(R"({"seed": 8})")));
    CHECK_THAT(msg, Catch::Contains("out/sweeps/x/sweep.json: /runs: 8 runs would get another seed (was \"seed\" "
                                    "changed?): \"cpus=30,policy=tight/r1\""));
    CHECK_THAT(msg, Catch::Contains("a resumed sweep may only add points or replications"));
  }
  SECTION("another fixed set") {
    const std::string msg = refusal(before, now(sweep_with(R"({"set": {"/duration": "30min"}})")));
    CHECK_THAT(msg, Catch::Contains("/runs: 8 runs would get other --set values: \"cpus=30,policy=tight/r1\""));
    CHECK_THAT(msg, Catch::Contains("[\"/duration\",\"30min\"]"));
  }
  SECTION("other uncertainty draws") {
    const std::string msg = refusal(
        before, now(sweep_with(R"({"uncertainty": {"traffic_scale": {"dist": "uniform", "min": 0.9, "max": 1.2}}})")));
    CHECK_THAT(msg, Catch::Contains("8 runs would get other --set values"));
  }
  SECTION("a point removed") {
    json fewer = sweep_with("{}");
    fewer["axes"][0]["values"] = {40};
    CHECK_THAT(refusal(before, now(fewer)),
               Catch::Contains("/points: 2 points of the sweep are gone: \"cpus=30,policy=tight\", "
                               "\"cpus=30,policy=loose\";"));
  }
  SECTION("fewer replications") {
    CHECK_THAT(
        refusal(before, now(sweep_with(R"({"replications": 1})"))),
        Catch::Contains("/runs: 4 runs of the sweep are gone (fewer replications?): \"cpus=30,policy=tight/r2\""));
  }
  SECTION("the scenario changed") {
    json changed = before;
    changed["scenario"]["sha256"] = std::string(64, '0');
    CHECK_THAT(
        refusal(changed, now(sweep_with("{}"))),
        Catch::Contains("/scenario/sha256: the scenario \"" + kQuickstart + "\" changed since the sweep started"));
  }
  SECTION("another scenario") {
    json changed = before;
    changed["scenario"]["path"] = "/elsewhere.json";
    CHECK_THAT(refusal(changed, now(sweep_with("{}"))),
               Catch::Contains("/scenario/path: the sweep ran scenario \"/elsewhere.json\""));
  }
  SECTION("not a sweep.json") {
    CHECK_THAT(refusal(json::parse(R"({"name": "x"})"), now(sweep_with("{}"))),
               Catch::Contains("not a sweep's record"));
  }
}
