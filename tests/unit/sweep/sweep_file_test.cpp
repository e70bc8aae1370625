// load_sweep: the defaults of an almost empty sweep file, a full one read into the typed spec, every
// error message with its JSON pointer, and several errors reported at once.
#include "sweep/sweep_file.hpp"

#include <catch2/catch.hpp>

#include "sweep/sweep_keys.hpp"
#include "sweep_support.hpp"

using namespace vsf;
using namespace vsf::sweep;
using namespace vsf::sweep::test;

TEST_CASE("a sweep file with only a scenario gets every default", "[sweep][file]") {
  const SweepSpec s = load(base_sweep(), "only-scenario.json");
  CHECK(s.name == "only-scenario");
  CHECK(s.description.empty());
  CHECK(s.scenario == kQuickstart);
  CHECK(s.sets.empty());
  CHECK(s.axes.empty());
  CHECK(s.exclude.empty());
  CHECK(s.replications == 1);
  CHECK(s.seed == 1);
  REQUIRE(s.metrics.size() == default_metrics().size());
  CHECK(s.metrics.front().pointer == default_metrics().front().pointer);
  CHECK_FALSE(s.baseline);
  CHECK_FALSE(s.timeout_s);
  CHECK_FALSE(s.uncertainty);
  CHECK_FALSE(s.search);
  CHECK(s.slurm.partition.empty());
  CHECK(s.slurm.max_parallel == 0);
  CHECK(s.slurm.runs_per_task == 0);
  CHECK(s.document == base_sweep());
}

TEST_CASE("a full sweep file is read into the spec", "[sweep][file]") {
  const json doc = json::parse(R"({
    "name": "idle-pool", "description": "d",
    "set": {"/fidelity": "flow", "/duration": "30min"},
    "axes": [
      {"name": "cpus", "pointer": "/grid/cpus", "range": {"from": 30, "to": 60, "step": 10}},
      {"name": "policy", "pointers": ["/vsfs/0/policy/high", "/vsfs/0/policy/low"],
       "values": [[0.7, 0.3], [0.8, 0.4]], "labels": ["tight", "loose"]},
      {"pointer": "/vsfs/1/traffic/peak", "values": [100, "2/s"]}
    ],
    "exclude": [{"cpus": "30", "policy": "loose"}],
    "replications": 5, "seed": 18446744073709551615,
    "metrics": ["/grid/denials/needs", {"name": "p95_shop", "pointer": "/vsfs/0/response_ms/p95"}],
    "baseline": {"cpus": "40", "policy": "tight", "peak": "100"},
    "timeout": "10min",
    "uncertainty": {"traffic_scale": {"dist": "lognormal", "median": 1, "sigma": 0.2},
                    "phase": {"dist": "uniform", "min": "0s", "max": "30min"}, "vsfs": ["shop"]},
    "search": {"pointer": "/vsfs/0/tiers/0/max", "low": 1, "high": 8,
               "target": {"metric": "/grid/denials_per_scale_out", "at_most": 0.01},
               "replications": {"min": 3}},
    "slurm": {"partition": "debug", "time": "00:30:00", "memory": "2G", "max_parallel": 8, "runs_per_task": 4,
              "sbatch_args": ["--account=x"]}
  })");
  json with_scenario = doc;
  with_scenario["scenario"] = kQuickstart;
  const SweepSpec s = load(with_scenario);
  CHECK(s.name == "idle-pool");
  REQUIRE(s.sets.size() == 2);
  CHECK(s.sets[0].first == "/duration");  // in the order of the pointers
  CHECK(s.sets[1] == std::make_pair(std::string("/fidelity"), json("flow")));
  REQUIRE(s.axes.size() == 3);
  CHECK(s.axes[0].labels == std::vector<std::string>{"30", "40", "50", "60"});
  CHECK(s.axes[0].values[3][0] == json(60));
  CHECK(s.axes[1].pointers.size() == 2);
  CHECK(s.axes[1].values[1] == std::vector<json>{0.8, 0.4});
  CHECK(s.axes[2].name == "peak");
  CHECK(s.axes[2].labels == std::vector<std::string>{"100", "2/s"});
  REQUIRE(s.exclude.size() == 1);
  CHECK(s.exclude[0].size() == 2);
  CHECK(s.replications == 5);
  CHECK(s.seed == 18446744073709551615ULL);
  REQUIRE(s.metrics.size() == 2);
  CHECK(s.metrics[0].name == "grid.denials.needs");
  CHECK(s.metrics[1].name == "p95_shop");
  REQUIRE(s.baseline);
  CHECK(s.baseline->size() == 3);
  CHECK(s.timeout_s == Approx(600));
  REQUIRE(s.uncertainty);
  CHECK(s.uncertainty->traffic_scale->type == Draw::Type::Lognormal);
  CHECK(s.uncertainty->traffic_scale->sigma == Approx(0.2));
  CHECK(s.uncertainty->phase->max == Approx(1800));
  CHECK(s.uncertainty->vsfs == std::vector<std::string>{"shop"});
  REQUIRE(s.search);
  CHECK(s.search->high == 8);
  CHECK(s.search->confidence == Approx(0.95));
  CHECK(s.search->min_replications == 3);
  CHECK(s.search->max_replications == 40);
  CHECK(s.slurm.partition == "debug");
  CHECK(s.slurm.time_limit == "00:30:00");
  CHECK(s.slurm.max_parallel == 8);
  CHECK(s.slurm.runs_per_task == 4);
  CHECK(s.slurm.extra_args == std::vector<std::string>{"--account=x"});
}

TEST_CASE("the scenario is resolved against the sweep file's folder", "[sweep][file]") {
  const SweepSpec s = load_sweep(std::string(VSFSIM_SOURCE_DIR) + "/tests/data/sweeps/relative-scenario.json");
  CHECK(s.scenario == kQuickstart);
  CHECK(s.name == "relative-scenario");
}

TEST_CASE("a range ends at 'to' when a step hits it, and before it otherwise", "[sweep][file]") {
  json doc = base_sweep();
  doc["axes"] = {{{"pointer", "/grid/cpus"}, {"range", {{"from", 30}, {"to", 65}, {"step", 10}}}},
                 {{"pointer", "/vsfs/0/policy/high"}, {"range", {{"from", 0.1}, {"to", 0.3}, {"step", 0.1}}}},
                 {{"pointer", "/traffic_scale"}, {"range", {{"from", 2}, {"to", 2}, {"step", 1}}}}};
  const SweepSpec s = load(doc);
  CHECK(s.axes[0].labels == std::vector<std::string>{"30", "40", "50", "60"});
  CHECK(s.axes[1].labels == std::vector<std::string>{"0.1", "0.2", "0.3"});
  CHECK(s.axes[1].values[2][0].get<double>() == 0.3);
  CHECK(s.axes[2].labels == std::vector<std::string>{"2"});
}

TEST_CASE("a missing, unreadable or malformed sweep file is refused", "[sweep][file]") {
  CHECK_THROWS_WITH(load_sweep((temp_dir() / "nope.json").string()), Catch::Contains("sweep file not found"));
  const std::string syntax = write_file("syntax.json", "{\n  \"scenario\": \"x\",\n  \"axes\": [1,\n}");
  try {
    (void)load_sweep(syntax);
    FAIL("no error");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() >= 1);
    CHECK(e.diagnostics().items()[0].line == 4);
  }
  CHECK(join(errors_of(json::array())) ==
        ": expected a sweep (a JSON object) at the top level, found an empty array\n");
}

// One mutation of a valid sweep file and a message it must produce, pointer first.
struct Case {
  const char* patch;  // merged into base_sweep()
  const char* expected;
};

TEST_CASE("each bad sweep file is refused with its message", "[sweep][file]") {
  const std::vector<Case> cases = {
      {R"({"axes": [{"pointer": "/grid/cpus", "values": [1]}], "axis": 1})",
       R"(/axis: unknown key "axis" in a sweep; did you mean "axes"?)"},
      {R"({"scenario": "nowhere.json"})", R"(/scenario: scenario file "nowhere.json" not found)"},
      {R"({"scenario": 3})", "/scenario: expected a string, found 3"},
      {R"({"name": "../x"})", "/name: expected 1 to 64 letters"},
      {R"({"set": {"duration": "1h"}})", R"(/set/duration: expected a JSON pointer such as "/duration" as the key)"},
      {R"({"set": []})", "/set: expected fixed overrides (pointer -> value) (a JSON object), found an empty array"},
      {R"({"axes": {}})", "/axes: expected an array, found an empty object"},
      {R"({"axes": [{"values": [1]}]})", R"(/axes/0: missing "pointer" (or "pointers")"},
      {R"({"axes": [{"pointer": "/a", "pointers": ["/b"], "values": [1]}]})",
       R"(/axes/0: give "pointer" or "pointers", not both)"},
      {R"({"axes": [{"pointer": "grid/cpus", "values": [1]}]})",
       R"(/axes/0/pointer: expected a JSON pointer such as "/grid/cpus", found "grid/cpus": it must start with "/")"},
      {R"({"axes": [{"pointer": "/a~2b", "values": [1]}]})", R"("~" must be followed by 0 or 1)"},
      {R"({"axes": [{"pointer": "/a"}]})", R"(/axes/0: missing "values" (or "range"))"},
      {R"({"axes": [{"pointer": "/a", "values": [1], "range": {"from": 1, "to": 2, "step": 1}}]})",
       R"(/axes/0: give "values" or "range", not both)"},
      {R"({"axes": [{"pointer": "/a", "values": []}]})", "/axes/0/values: expected a non-empty array"},
      {R"({"axes": [{"pointer": "/a", "range": {"from": 1, "to": 2, "step": 0}}]})",
       "/axes/0/range/step: expected a number > 0, found 0"},
      {R"({"axes": [{"pointer": "/a", "range": {"from": 3, "to": 2, "step": 1}}]})",
       "/axes/0/range/to: to (2) must be >= from (3)"},
      {R"({"axes": [{"pointer": "/a", "range": {"from": 0, "to": 1e9, "step": 1}}]})",
       "/axes/0/range/step: the range has 1000000001 values; an axis has at most 100000"},
      {R"({"axes": [{"pointer": "/a", "range": {"from": 0, "to": 1}}]})",
       R"(/axes/0/range: missing required key "step")"},
      {R"({"axes": [{"pointers": ["/a", "/b"], "range": {"from": 0, "to": 1, "step": 1}}]})",
       R"(/axes/0/range: a range sets one pointer; with "pointers" give "values")"},
      {R"({"axes": [{"pointers": ["/a", "/b"], "values": [[1, 2], [3]]}]})",
       "/axes/0/values/1: expected an array of 2 values (one per pointer), found an array of 1"},
      {R"({"axes": [{"pointers": ["/a", "/a"], "values": [[1, 2]]}]})",
       R"(/axes/0/pointers/1: pointer "/a" appears twice in the axis)"},
      {R"({"axes": [{"pointer": "/a", "values": [1, 2], "labels": ["x"]}]})",
       "/axes/0/labels: 1 labels for 2 values; give one label per value"},
      {R"({"axes": [{"pointer": "/a", "values": [1, 2], "labels": ["x", "x"]}]})",
       R"(/axes/0/labels/1: label "x" appears twice; labels of an axis are unique)"},
      {R"({"axes": [{"pointer": "/a", "values": [1, 1]}]})",
       R"(/axes/0/values: values 0 and 1 have the same label "1"; give "labels")"},
      {R"({"axes": [{"pointer": "/grid/cpus", "values": [1]}, {"pointer": "/x/cpus", "values": [2]}]})",
       R"(/axes/1/name: axes 0 and 1 are both named "cpus"; give each a unique "name")"},
      {R"({"axes": [{"pointer": "/seed", "values": [1]}]})",
       R"(/axes/0/name: "seed" is a column of runs.csv or points.csv; give the axis another "name")"},
      {R"({"axes": [{"pointer": "/grid/cpus", "values": [1, 2]}], "exclude": [{"cpu": "1"}]})",
       R"(/exclude/0/cpu: unknown axis "cpu"; did you mean "cpus"?)"},
      {R"({"axes": [{"pointer": "/grid/cpus", "values": [10, 20]}], "exclude": [{"cpus": "30"}]})",
       R"(/exclude/0/cpus: axis "cpus" has no label "30")"},
      {R"({"axes": [{"pointer": "/grid/cpus", "values": [10, 20]}], "exclude": [{"cpus": "10"}, {"cpus": "20"}]})",
       "/exclude: every point of the axes is excluded"},
      {R"({"axes": [{"pointer": "/grid/cpus", "values": [10]}], "exclude": [{}]})",
       "/exclude/0: expected a point to exclude naming at least one axis, found {}"},
      {R"({"axes": [{"pointer": "/grid/cpus", "values": [10, 20]}, {"pointer": "/duration", "values": ["1h"]}],
          "baseline": {"cpus": "10"}})",
       R"(/baseline: the baseline names no label of axis "duration"; it needs one per axis)"},
      {R"({"axes": [{"pointer": "/grid/cpus", "values": [10, 20]}], "exclude": [{"cpus": "10"}],
          "baseline": {"cpus": "10"}})",
       R"(/baseline: the baseline point is excluded (see "exclude"))"},
      {R"({"axes": [{"pointer": "/a", "range": {"from": 1, "to": 1000, "step": 1}},
                    {"pointer": "/b", "range": {"from": 1, "to": 1000, "step": 1}}]})",
       "/axes: the axes give 1000000 points; a sweep has at most 100000"},
      {R"({"axes": [{"pointer": "/a", "range": {"from": 1, "to": 1000, "step": 1}}], "replications": 2000})",
       "/replications: 1000 points x 2000 replications = 2000000 runs; a sweep has at most 1000000"},
      {R"({"replications": 0})", "/replications: expected an integer between 1 and 10000, found 0"},
      {R"({"replications": 1.5})", "/replications: expected an integer between 1 and 10000, found 1.5"},
      {R"({"seed": -1})", "/seed: expected an integer between 0 and 18446744073709551615, found -1"},
      {R"({"metrics": []})", "/metrics: expected a non-empty array"},
      {R"({"metrics": ["grid/x"]})", R"(/metrics/0: expected a JSON pointer such as "/grid/cpus", found "grid/x")"},
      {R"({"metrics": [3]})",
       R"(/metrics/0: expected a JSON pointer into summary.json (a string) or {"name", "pointer"})"},
      {R"({"metrics": [{"name": "x"}]})", R"(/metrics/0: missing required key "pointer")"},
      {R"({"metrics": [{"pointer": "/a", "nmae": "x"}]})",
       R"(/metrics/0/nmae: unknown key "nmae" in a metric; did you mean "name"?)"},
      {R"({"metrics": ["/a/b", {"name": "a.b", "pointer": "/c"}]})",
       R"(/metrics/1: two metrics are named "a.b"; give each a unique "name")"},
      {R"({"axes": [{"pointer": "/grid/cpus", "values": [1]}], "metrics": [{"name": "cpus", "pointer": "/c"}]})",
       R"(/metrics/0: an axis is named "cpus" too; give the metric another "name")"},
      {R"({"timeout": "0s"})", "/timeout: expected a positive duration, found \"0s\""},
      {R"({"timeout": "5MB"})", "/timeout: expected a duration"},
      {R"({"uncertainty": {}})", R"(/uncertainty: give "traffic_scale" or "phase" (or both): nothing else varies)"},
      {R"({"uncertainty": {"traffic_scale": {"min": 1}}})",
       R"(/uncertainty/traffic_scale: missing required key "dist" ("uniform", "normal" or "lognormal"))"},
      {R"({"uncertainty": {"traffic_scale": {"dist": "gauss"}}})",
       R"(/uncertainty/traffic_scale/dist: expected one of "uniform", "normal", "lognormal", found "gauss")"},
      {R"({"uncertainty": {"traffic_scale": {"dist": "uniform", "min": 2, "max": 1}}})",
       "/uncertainty/traffic_scale/max: max (1) must be >= min (2)"},
      {R"({"uncertainty": {"traffic_scale": {"dist": "uniform", "min": -1, "max": 1}}})",
       "/uncertainty/traffic_scale/min: expected a number between 0 and 1000000000, found -1"},
      {R"({"uncertainty": {"traffic_scale": {"dist": "lognormal", "median": 0, "sigma": 0.1}}})",
       "/uncertainty/traffic_scale/median: expected a number > 0, found 0"},
      {R"({"uncertainty": {"traffic_scale": {"dist": "lognormal", "median": 1, "sigma": 11}}})",
       "/uncertainty/traffic_scale/sigma: expected a number between 0 and 10, found 11"},
      {R"({"uncertainty": {"traffic_scale": {"dist": "normal", "mean": 1, "sigma": 0.1}}})",
       R"(/uncertainty/traffic_scale/sigma: unknown key "sigma" in a "normal" distribution)"},
      {R"({"uncertainty": {"phase": {"dist": "uniform", "min": 0, "max": 60}}})",
       "/uncertainty/phase/max: expected a duration such as"},
      {R"({"uncertainty": {"phase": {"dist": "uniform", "min": "-1min", "max": "1min"}}})",
       "/uncertainty/phase/min: expected a duration >= 0, found \"-1min\""},
      {R"({"uncertainty": {"phase": {"dist": "lognormal", "median": "0s", "sigma": 1}}})",
       "/uncertainty/phase/median: expected a positive duration, found \"0s\""},
      {R"({"uncertainty": {"phase": "10min"}})", "/uncertainty/phase: expected a distribution such as"},
      {R"({"uncertainty": {"phase": {"dist": "uniform", "min": "0s", "max": "1s"}, "vsfs": ["a", "a"]}})",
       R"(/uncertainty/vsfs/1: VSF "a" appears twice)"},
      {R"({"search": {"low": 1, "high": 2, "target": {"metric": "/m", "at_most": 1}}})",
       R"(/search: missing required key "pointer")"},
      {R"({"search": {"pointer": "/grid/cpus", "low": 5, "high": 2, "target": {"metric": "/m", "at_most": 1}}})",
       "/search/high: high (2) must be >= low (5)"},
      {R"({"search": {"pointer": "/grid/cpus", "low": 1.5, "high": 2, "target": {"metric": "/m", "at_most": 1}}})",
       "/search/low: expected an integer between"},
      {R"({"axes": [{"pointer": "/grid/cpus", "values": [1]}],
          "search": {"pointer": "/grid/cpus", "low": 1, "high": 2, "target": {"metric": "/m", "at_most": 1}}})",
       R"(/search/pointer: axis "cpus" sets /grid/cpus too; the search needs it to itself)"},
      {R"({"search": {"pointer": "/grid/cpus", "low": 1, "high": 2, "target": {"metric": "m", "at_most": 1}}})",
       "/search/target/metric: expected a JSON pointer"},
      {R"({"search": {"pointer": "/grid/cpus", "low": 1, "high": 2, "target": {"metric": "/m"}}})",
       R"(/search/target: missing required key "at_most")"},
      {R"({"search": {"pointer": "/grid/cpus", "low": 1, "high": 2,
                      "target": {"metric": "/m", "at_most": 1, "confidence": 1}}})",
       "/search/target/confidence: expected a number strictly between 0 and 1, found 1"},
      {R"({"search": {"pointer": "/grid/cpus", "low": 1, "high": 2, "target": {"metric": "/m", "at_most": 1},
                      "replications": {"min": 1}}})",
       "/search/replications/min: expected an integer between 2 and 10000, found 1"},
      {R"({"search": {"pointer": "/grid/cpus", "low": 1, "high": 2, "target": {"metric": "/m", "at_most": 1},
                      "replications": {"min": 10, "max": 5}}})",
       "/search/replications/max: max (5) must be >= min (10)"},
      {R"({"search": {"pointer": "/grid/cpus", "low": 1, "high": 2, "target": {"metric": "/m", "at_most": 1},
                      "replications": {"min": 50}}})",
       "/search/replications/min: max (40) must be >= min (50)"},
      {R"({"slurm": {"partiton": "x"}})",
       R"(/slurm/partiton: unknown key "partiton" in the Slurm settings; did you mean "partition"?)"},
      {R"({"slurm": {"max_parallel": 0}})", "/slurm/max_parallel: expected an integer between 1 and 1000000, found 0"},
      {R"({"slurm": {"sbatch_args": ["--a", 3]}})", "/slurm/sbatch_args/1: expected a string, found 3"},
      {R"({"slurm": {"time": ""}})", "/slurm/time: expected a non-empty string"},
  };
  for (const Case& c : cases) {
    json doc = base_sweep();
    doc.merge_patch(json::parse(c.patch));
    const auto errors = errors_of(doc);
    INFO("patch " << c.patch << "\nerrors:\n" << join(errors));
    CHECK(has(errors, c.expected));
  }
}

TEST_CASE("every problem of a sweep file is reported at once, each with the file", "[sweep][file]") {
  json doc = json::parse(R"({
    "scenario": "missing.json", "replications": 0, "seed": "one", "timeout": "soon", "colour": 1,
    "axes": [{"pointer": "cpus", "values": [1]}, {"pointer": "/a", "values": []}],
    "slurm": {"memory": 2}
  })");
  const std::string path = write_file("several.json", doc.dump());
  try {
    (void)load_sweep(path);
    FAIL("no error");
  } catch (const InputError& e) {
    const auto& items = e.diagnostics().items();
    INFO(e.diagnostics().format());
    CHECK(items.size() >= 8);
    for (const auto& d : items) CHECK(d.file == path);
  }
}

TEST_CASE("replications go up to 10000 and no further", "[sweep][file]") {
  json doc = base_sweep();
  doc["replications"] = 10000;
  CHECK(load(doc).replications == 10000);
  doc["replications"] = 10001;
  CHECK(has(errors_of(doc), "/replications: expected an integer between 1 and 10000, found 10001"));
}
