// The search's points and runs: names and ids, the search column of the tables, and the runs a sweep.json
// recorded made again from the spec (what the resume check compares).
#include "sweep/search_runs.hpp"

#include <catch2/catch.hpp>

using namespace vsf::sweep;
using nlohmann::json;

namespace {

SweepSpec spec_with_search(bool axes) {
  SweepSpec s;
  s.seed = 7;
  Search search;
  search.pointer = "/grid/cpus";
  search.low = 8;
  search.high = 40;
  search.metric = "/grid/denials_per_scale_out";
  s.search = search;
  if (axes) s.axes.push_back(Axis{"policy", {"/vsfs/0/policy/high"}, {{json(0.7)}, {json(0.85)}}, {"tight", "loose"}});
  s.baseline = std::vector<std::pair<std::string, std::string>>{{"policy", "tight"}};
  return s;
}

Expanded axes_of(const SweepSpec& spec) {
  Expanded e;
  if (spec.axes.empty()) {
    e.points.push_back(Point{"all", {}, {}});
    return e;
  }
  for (size_t k = 0; k < spec.axes[0].labels.size(); ++k)
    e.points.push_back(Point{point_id(spec.axes, {spec.axes[0].labels[k]}),
                             {spec.axes[0].labels[k]},
                             {{spec.axes[0].pointers[0], spec.axes[0].values[k][0]}}});
  return e;
}

}  // namespace

TEST_CASE("search names and point ids with and without axes", "[search]") {
  Search s;
  s.pointer = "/grid/cpus";
  CHECK(search_name(s) == "cpus");
  s.pointer = "/vsfs/0/a~1b~0c";
  CHECK(search_name(s) == "a/b~c");
  const SweepSpec none = spec_with_search(false), two = spec_with_search(true);
  const Point p = search_point(*none.search, axes_of(none).points[0], 16);
  CHECK(p.id == "cpus=16");
  CHECK(p.labels == std::vector<std::string>{"16"});
  REQUIRE(p.sets.size() == 1);
  CHECK(p.sets[0].first == "/grid/cpus");
  CHECK(p.sets[0].second == json(16));
  const Point q = search_point(*two.search, axes_of(two).points[1], 9);
  CHECK(q.id == "policy=loose,cpus=9");
  CHECK(q.labels == std::vector<std::string>{"loose", "9"});
  CHECK(q.sets.size() == 2);
}

TEST_CASE("the tables see the search as the last axis and no baseline", "[search]") {
  const SweepSpec spec = spec_with_search(true);
  const Expanded axes = axes_of(spec);
  std::vector<Point> points;
  for (int64_t v : {40, 8, 24, 8})
    for (const Point& a : axes.points) points.push_back(search_point(*spec.search, a, v));
  const SweepSpec shown = with_search_axis(spec, points);
  REQUIRE(shown.axes.size() == 2);
  CHECK(shown.axes[1].name == "cpus");
  CHECK(shown.axes[1].pointers == std::vector<std::string>{"/grid/cpus"});
  CHECK(shown.axes[1].labels == std::vector<std::string>{"40", "8", "24"});
  CHECK_FALSE(shown.baseline);
}

TEST_CASE("the bounds to check: every axes point at low and at high", "[search]") {
  const SweepSpec spec = spec_with_search(true);
  const Expanded b = search_bounds(spec, axes_of(spec), json::object());
  std::vector<std::string> keys;
  for (const RunSpec& r : b.runs) keys.push_back(r.key());
  CHECK(keys == std::vector<std::string>{"policy=tight,cpus=8/r1", "policy=tight,cpus=40/r1", "policy=loose,cpus=8/r1",
                                         "policy=loose,cpus=40/r1"});
}

TEST_CASE("recorded search runs are made again from the spec and others left out", "[search]") {
  const SweepSpec spec = spec_with_search(true);
  const Expanded axes = axes_of(spec);
  const json recorded = {{"runs",
                          {{{"point", "policy=loose,cpus=16"}, {"replication", 2}, {"seed", 0}},
                           {{"point", "policy=loose,cpus=16"}, {"replication", 1}, {"seed", 0}},
                           {{"point", "policy=tight"}, {"replication", 1}},             // an axes point: not searched
                           {{"point", "policy=tight,cpus=016"}, {"replication", 1}},    // not a value's text
                           {{"point", "policy=gone,cpus=12"}, {"replication", 1}},      // no such axes point
                           {{"point", "policy=tight,cpus=12"}, {"replication", 0}}}}};  // no replication 0
  const Expanded e = recorded_search_runs(spec, axes, json::object(), recorded);
  REQUIRE(e.points.size() == 1);
  CHECK(e.points[0].id == "policy=loose,cpus=16");
  REQUIRE(e.runs.size() == 2);
  CHECK(e.runs[0].key() == "policy=loose,cpus=16/r1");  // sorted by replication
  CHECK(e.runs[1].key() == "policy=loose,cpus=16/r2");
  CHECK(e.runs[1].seed == replication_seed(7, 2));  // the spec's seed, not the recorded one
  CHECK(recorded_search_runs(spec, axes, json::object(), json()).runs.empty());
}
