// Run records are the sweep's memory across crashes: they round-trip exactly, their absence means "not
// finished", a damaged one is an error (never a silent rerun), and writing leaves no temporary file.
// read_metric takes only numbers from a run's summary.json.
#include "sweep/record.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "temp_dir.hpp"
#include "util/errors.hpp"

using namespace vsf::sweep;
namespace fs = std::filesystem;

namespace {

RunSpec run_of(const std::string& point, int r, uint64_t seed) {
  RunSpec run;
  run.point_id = point;
  run.replication = r;
  run.seed = seed;
  return run;
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  return out;
}

}  // namespace

TEST_CASE("status names", "[record]") {
  CHECK(std::string(to_string(RunStatus::Ok)) == "ok");
  CHECK(std::string(to_string(RunStatus::Failed)) == "failed");
  CHECK(std::string(to_string(RunStatus::Signalled)) == "signalled");
  CHECK(std::string(to_string(RunStatus::TimedOut)) == "timed_out");
}

TEST_CASE("a record round-trips and leaves no temporary file", "[record]") {
  TempDir tmp{"record-test"};
  const Layout layout{tmp.path};
  const RunSpec run = run_of("cpus=40,policy=tight", 3, 18446744073709551615ull);  // the largest seed
  CHECK_FALSE(read_record(layout, run));
  RunRecord r;
  r.point_id = run.point_id;
  r.replication = 3;
  r.seed = run.seed;
  r.status = RunStatus::TimedOut;
  r.exit_code = 0;
  r.signal = 9;
  r.wall_s = 12.345;
  r.host = "node-7";
  write_record(layout, run, r);
  const auto back = read_record(layout, run);
  REQUIRE(back);
  CHECK(back->point_id == r.point_id);
  CHECK(back->replication == 3);
  CHECK(back->seed == r.seed);
  CHECK(back->status == RunStatus::TimedOut);
  CHECK(back->signal == 9);
  CHECK(back->wall_s == 12.345);
  CHECK(back->host == "node-7");
  CHECK(names_in(layout.record(run).parent_path()) == std::vector<std::string>{"r3.json"});

  r.status = RunStatus::Ok;  // rewriting replaces it whole
  write_record(layout, run, r);
  CHECK(read_record(layout, run)->status == RunStatus::Ok);
  CHECK(names_in(layout.record(run).parent_path()).size() == 1);
}

TEST_CASE("a damaged record is an error naming the file", "[record]") {
  TempDir tmp{"record-test"};
  const Layout layout{tmp.path};
  const RunSpec run = run_of("all", 1, 5);
  write_text(layout.record(run), "{\"point\": \"all\", \"replication\": 1");
  CHECK_THROWS_AS(read_record(layout, run), vsf::InputError);
  write_text(layout.record(run),
             R"({"point": "all", "replication": 1, "seed": 5, "status": "done", "exit_code": 0, "signal": 0,
                 "wall_s": 1, "host": "h"})");
  try {
    read_record(layout, run);
    FAIL("an unknown status was accepted");
  } catch (const vsf::InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics().items()[0].pointer == "/status");
    CHECK(e.diagnostics().items()[0].file == layout.record(run).string());
  }
}

TEST_CASE("a record of another run is refused", "[record]") {
  TempDir tmp{"record-test"};
  const Layout layout{tmp.path};
  RunRecord r;
  r.point_id = "a";
  r.replication = 2;
  write_record(layout, run_of("a", 1, 0), r);  // misfiled under r1
  CHECK_THROWS_AS(read_record(layout, run_of("a", 1, 0)), vsf::InputError);
}

TEST_CASE("read_metric takes numbers only", "[record]") {
  TempDir tmp{"record-test"};
  const Layout layout{tmp.path};
  const RunSpec run = run_of("p", 1, 1);
  CHECK_FALSE(read_metric(layout, run, "/grid/x"));  // no summary.json
  write_text(layout.run_dir(run) / "summary.json",
             R"({"grid": {"x": 2.5, "n": 7, "none": null, "text": "7", "list": [1, 4]}})");
  CHECK(*read_metric(layout, run, "/grid/x") == 2.5);
  CHECK(*read_metric(layout, run, "/grid/n") == 7);
  CHECK(*read_metric(layout, run, "/grid/list/1") == 4);
  CHECK_FALSE(read_metric(layout, run, "/grid/none"));
  CHECK_FALSE(read_metric(layout, run, "/grid/text"));
  CHECK_FALSE(read_metric(layout, run, "/grid/absent"));
  CHECK_FALSE(read_metric(layout, run, "/grid/x/deeper"));
  CHECK_FALSE(read_metric(layout, run, "/grid/list/9"));
  CHECK_FALSE(read_metric(layout, run, "/grid/list/first"));
  write_text(layout.run_dir(run) / "summary.json", "{\"grid\": ");  // damaged: no metric, no crash
  CHECK_FALSE(read_metric(layout, run, "/grid/x"));
}
