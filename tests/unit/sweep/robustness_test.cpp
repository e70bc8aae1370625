// No sweep file crashes the reader or the expansion: every value of a sweep that uses every key is
// replaced in turn by values of every JSON type (and removed), and each must either load and expand or
// be refused with InputError and at least one diagnostic; never another exception.
#include <catch2/catch.hpp>
#include <functional>

#include "sweep/expand.hpp"
#include "sweep_support.hpp"

using namespace vsf;
using namespace vsf::sweep;
using namespace vsf::sweep::test;

namespace {

json every_key() {
  json doc = json::parse(R"({
    "$schema": "../sweep.schema.json", "name": "all-keys", "description": "d",
    "set": {"/duration": "10min"},
    "axes": [
      {"name": "cpus", "pointer": "/grid/cpus", "range": {"from": 30, "to": 40, "step": 10}},
      {"name": "policy", "pointers": ["/vsfs/0/policy/high", "/vsfs/0/policy/low"],
       "values": [[0.7, 0.3], [0.8, 0.4]], "labels": ["tight", "loose"]}
    ],
    "exclude": [{"cpus": "30", "policy": "loose"}],
    "replications": 2, "seed": 3,
    "metrics": ["/grid/energy_j", {"name": "p95", "pointer": "/vsfs/0/response_ms/p95"}],
    "baseline": {"cpus": "40", "policy": "tight"},
    "timeout": "1min",
    "uncertainty": {"traffic_scale": {"dist": "normal", "mean": 1, "sd": 0.1},
                    "phase": {"dist": "lognormal", "median": "5min", "sigma": 0.5}, "vsfs": ["shop"]},
    "search": {"pointer": "/vsfs/1/tiers/0/max", "low": 1, "high": 8,
               "target": {"metric": "/grid/denials_per_scale_out", "at_most": 0.01, "confidence": 0.9},
               "replications": {"min": 3, "max": 9}},
    "slurm": {"partition": "p", "time": "1:00:00", "memory": "1G", "max_parallel": 2, "runs_per_task": 3,
              "sbatch_args": ["--qos=x"]}
  })");
  doc["scenario"] = kQuickstart;
  return doc;
}

std::vector<json> replacements() {
  return {json(nullptr),
          json(0),
          json(-1),
          json(1.5),
          json(1e300),
          json(UINT64_MAX),
          json(INT64_MIN),
          json(""),
          json("x"),
          json("-5min"),
          json("/a~"),
          json::array(),
          json::object(),
          json(true),
          json::array({1, "a"}),
          json(std::string(300, 'z'))};
}

void each_pointer(const json& v, const json::json_pointer& at,
                  const std::function<void(const json::json_pointer&)>& visit) {
  visit(at);
  if (v.is_object())
    for (const auto& [k, child] : v.items()) each_pointer(child, at / k, visit);
  else if (v.is_array())
    for (size_t i = 0; i < v.size(); ++i) each_pointer(v[i], at / i, visit);
}

}  // namespace

TEST_CASE("no value anywhere in a sweep file crashes load_sweep or expand", "[sweep][robustness]") {
  const json base = every_key();
  REQUIRE_NOTHROW(expand(load(base), base_document(load(base))));
  int loaded = 0, refused = 0;
  std::vector<std::string> failures;
  auto attempt = [&](const json& doc, const std::string& what) {
    try {
      const SweepSpec s = load(doc, "mutant.json");
      (void)expand(s, base_document(s));
      ++loaded;
    } catch (const InputError& e) {
      if (e.diagnostics().empty()) failures.push_back(what + ": InputError without diagnostics");
      ++refused;
    } catch (const std::exception& e) {
      failures.push_back(what + ": " + e.what());
    }
  };
  each_pointer(base, json::json_pointer(), [&](const json::json_pointer& at) {
    if (at.empty()) return;
    for (const json& r : replacements()) {
      json doc = base;
      doc[at] = r;
      attempt(doc, at.to_string() + " = " + r.dump().substr(0, 40));
    }
    json doc = base;
    doc[at.parent_pointer()].is_object() ? (void)doc[at.parent_pointer()].erase(at.back())
                                         : doc[at.parent_pointer()].erase(std::stoul(at.back()));
    attempt(doc, "without " + at.to_string());
  });
  INFO(loaded << " loaded, " << refused << " refused");
  CHECK(failures == std::vector<std::string>{});
  // Most replacements are wrong types or values: a reader that accepted them all would check nothing.
  CHECK(refused > 2 * loaded);
}
