// runs.csv and points.csv from records and summaries written by hand: the columns, quoting of point ids
// (they hold commas), empty cells for what is not available, and the paired differences against the
// baseline (only replications ok at both points).
#include "sweep/tables.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sweep/record.hpp"
#include "temp_dir.hpp"
#include "util/csv.hpp"

using namespace vsf::sweep;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Two points on one axis "cpus", baseline cpus=20, three replications each; metric "d" = /grid/d.
struct Fixture {
  TempDir tmp{"tables-test"};
  Layout layout{tmp.path};
  SweepSpec spec;
  Expanded expanded;

  Fixture() {
    spec.axes.push_back({"cpus", {"/grid/cpus"}, {{20}, {30}}, {"20", "30"}});
    spec.metrics = {{"d", "/grid/d"}, {"e", "/grid/e"}};
    spec.baseline = std::vector<std::pair<std::string, std::string>>{{"cpus", "20"}};
    for (const char* label : {"20", "30"}) {
      Point p;
      p.id = std::string("cpus=") + label + ",x";  // a comma, as a point of two axes would have
      p.labels = {label};
      expanded.points.push_back(p);
      for (int r = 1; r <= 3; ++r) {
        RunSpec run;
        run.point_id = p.id;
        run.replication = r;
        run.seed = 100 + r;
        expanded.runs.push_back(run);
      }
    }
  }

  void finish(int index, RunStatus status, const std::string& summary) {
    const RunSpec& run = expanded.runs[index];
    RunRecord r;
    r.point_id = run.point_id;
    r.replication = run.replication;
    r.seed = run.seed;
    r.status = status;
    r.exit_code = status == RunStatus::Failed ? 1 : 0;
    r.signal = status == RunStatus::TimedOut ? 9 : 0;
    r.wall_s = 1.5;
    write_record(layout, run, r);
    if (!summary.empty()) {
      fs::create_directories(layout.run_dir(run));
      std::ofstream(layout.run_dir(run) / "summary.json") << summary;
    }
  }
};

std::vector<std::vector<std::string>> rows(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : vsf::parse_csv(text)) {
    REQUIRE(r.problem.empty());
    out.push_back(r.fields);
  }
  return out;
}

}  // namespace

TEST_CASE("runs.csv: one row per finished run, in run order", "[tables]") {
  Fixture f;
  f.finish(0, RunStatus::Ok, R"({"grid": {"d": 4, "e": null}})");
  f.finish(4, RunStatus::TimedOut, "");
  f.finish(5, RunStatus::Failed, "");
  write_tables(f.layout, f.spec, f.expanded);
  const auto t = rows(read(f.layout.runs_csv()));
  REQUIRE(t.size() == 4);
  CHECK(t[0] ==
        std::vector<std::string>{"point", "cpus", "replication", "seed", "status", "exit_code", "wall_s", "d", "e"});
  CHECK(t[1] == std::vector<std::string>{"cpus=20,x", "20", "1", "101", "ok", "0", "1.5", "4", ""});
  CHECK(t[2] == std::vector<std::string>{"cpus=30,x", "30", "2", "102", "timed_out", "", "1.5", "", ""});
  CHECK(t[3] == std::vector<std::string>{"cpus=30,x", "30", "3", "103", "failed", "1", "1.5", "", ""});
}

TEST_CASE("points.csv: mean sd interval and paired differences", "[tables]") {
  Fixture f;
  // baseline d: 10 11 12; other point d: 7 9 (r3 failed), so the differences pair r1 and r2 only: -3 -2
  f.finish(0, RunStatus::Ok, R"({"grid": {"d": 10, "e": 1}})");
  f.finish(1, RunStatus::Ok, R"({"grid": {"d": 11}})");
  f.finish(2, RunStatus::Ok, R"({"grid": {"d": 12}})");
  f.finish(3, RunStatus::Ok, R"({"grid": {"d": 7}})");
  f.finish(4, RunStatus::Ok, R"({"grid": {"d": 9}})");
  f.finish(5, RunStatus::Failed, "");
  write_tables(f.layout, f.spec, f.expanded);
  const auto t = rows(read(f.layout.points_csv()));
  REQUIRE(t.size() == 3);
  CHECK(t[0] == std::vector<std::string>{"point", "cpus", "n", "n_failed", "d_mean", "d_sd", "d_ci_low", "d_ci_high",
                                         "d_diff_mean", "d_diff_ci_low", "d_diff_ci_high", "e_mean", "e_sd", "e_ci_low",
                                         "e_ci_high", "e_diff_mean", "e_diff_ci_low", "e_diff_ci_high"});
  const auto& base = t[1];
  CHECK(base[0] == "cpus=20,x");
  CHECK(base[2] == "3");
  CHECK(base[3] == "0");
  CHECK(base[4] == "11");
  CHECK(base[5] == "1");
  const double half3 = 4.302652729911275 / std::sqrt(3.0);  // t(0.975, 2) * sd 1 / sqrt(3)
  CHECK(std::stod(base[6]) == Approx(11 - half3).epsilon(1e-9));
  CHECK(std::stod(base[7]) == Approx(11 + half3).epsilon(1e-9));
  CHECK(base[8] == "0");   // the baseline against itself
  CHECK(base[11] == "1");  // e: one value: a mean, no sd nor interval
  CHECK(base[12].empty());
  CHECK(base[13].empty());
  const auto& other = t[2];
  CHECK(other[2] == "2");
  CHECK(other[3] == "1");
  CHECK(other[4] == "8");
  CHECK(other[8] == "-2.5");
  const double half2 = 12.706204736432095 * std::sqrt(0.5) / std::sqrt(2.0);  // t(0.975, 1) * sd / sqrt(2)
  CHECK(std::stod(other[9]) == Approx(-2.5 - half2).epsilon(1e-9));
  CHECK(std::stod(other[10]) == Approx(-2.5 + half2).epsilon(1e-9));
  CHECK(other[11].empty());  // e: no value at all
}

TEST_CASE("points.csv without a baseline has no difference columns and lists unfinished points", "[tables]") {
  Fixture f;
  f.spec.baseline.reset();
  write_tables(f.layout, f.spec, f.expanded);
  const auto t = rows(read(f.layout.points_csv()));
  REQUIRE(t.size() == 3);
  CHECK(t[0].size() == 4 + 2 * 4);
  CHECK(t[1] == std::vector<std::string>{"cpus=20,x", "20", "0", "0", "", "", "", "", "", "", "", ""});
  CHECK(rows(read(f.layout.runs_csv())).size() == 1);
}
