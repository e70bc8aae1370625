// The executor against a stand-in for the vsfsim binary: a shell script that, by the seed it is given,
// succeeds, exits 2, dies of a signal or hangs. Each way of ending becomes its status in the record; the
// run's stderr lands in its log and its stdout nowhere; recorded runs are skipped; a stop request ends
// the hanging runs without recording them.
#include "sweep/executor.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "temp_dir.hpp"

using namespace vsf::sweep;
namespace fs = std::filesystem;

namespace {

// Called as `SCRIPT run SCENARIO -o DIR --seed S --set ... --no-progress`, like vsfsim.
const char* const kScript = R"(#!/bin/sh
case "$6" in
  1) mkdir -p "$4" && echo '{"x": 1}' > "$4/summary.json"; echo "to stdout"; exit 0 ;;
  2) echo "error: bad input" >&2; exit 2 ;;
  3) kill -SEGV $$ ;;
  *) exec sleep 30 ;;
esac
)";

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Fixture {
  TempDir tmp{"executor-test"};
  Layout layout{tmp.path / "sweep"};
  ExecOptions options;
  std::vector<RunSpec> runs;

  explicit Fixture(std::vector<uint64_t> seeds) {
    options.vsfsim = (tmp.path / "fake-vsfsim").string();
    std::ofstream(options.vsfsim) << kScript;
    ::chmod(options.vsfsim.c_str(), 0755);
    options.scenario = "/nonexistent/scenario.json";
    options.jobs = static_cast<int>(seeds.size());
    for (size_t i = 0; i < seeds.size(); ++i) {
      RunSpec run;
      run.point_id = "p";
      run.replication = static_cast<int>(i) + 1;
      run.seed = seeds[i];
      run.sets = {{"/duration", "2min"}};
      runs.push_back(run);
    }
  }
};

}  // namespace

TEST_CASE("executor: each way a run ends becomes its status", "[executor]") {
  Fixture f({1, 2, 3, 4});
  f.options.timeout_s = 1.0;
  int ends = 0;
  const ExecResult r = execute(f.layout, f.runs, f.options, [&](const RunSpec&, const RunRecord&) { ++ends; });
  CHECK(r.ran == 4);
  CHECK(r.ok == 1);
  CHECK(r.failed == 3);
  CHECK_FALSE(r.interrupted);
  CHECK(ends == 4);
  const auto ok = read_record(f.layout, f.runs[0]);
  REQUIRE(ok);
  CHECK(ok->status == RunStatus::Ok);
  CHECK(ok->seed == 1);
  CHECK(fs::exists(f.layout.run_dir(f.runs[0]) / "summary.json"));
  CHECK(read(f.layout.stderr_log(f.runs[0])).empty());  // stdout went to /dev/null
  const auto failed = read_record(f.layout, f.runs[1]);
  CHECK(failed->status == RunStatus::Failed);
  CHECK(failed->exit_code == 2);
  CHECK(read(f.layout.stderr_log(f.runs[1])) == "error: bad input\n");
  const auto signalled = read_record(f.layout, f.runs[2]);
  CHECK(signalled->status == RunStatus::Signalled);
  CHECK(signalled->signal == SIGSEGV);
  const auto late = read_record(f.layout, f.runs[3]);
  CHECK(late->status == RunStatus::TimedOut);
  CHECK(late->signal == SIGKILL);
  CHECK(late->wall_s >= 1.0);
  CHECK(late->wall_s < 20);

  // Everything has a record now: nothing runs again.
  const ExecResult again = execute(f.layout, f.runs, f.options);
  CHECK(again.ran == 0);
}

TEST_CASE("executor: a stop request ends the runs and records none of them", "[executor]") {
  Fixture f({1, 4, 4});
  std::thread stopper([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    ::kill(::getpid(), SIGTERM);
  });
  const ExecResult r = execute(f.layout, f.runs, f.options);
  stopper.join();
  CHECK(r.interrupted);
  CHECK(r.signal == SIGTERM);
  CHECK(r.ran == 1);  // the quick run finished before the stop and keeps its record
  CHECK(read_record(f.layout, f.runs[0]));
  CHECK_FALSE(read_record(f.layout, f.runs[1]));
  CHECK_FALSE(read_record(f.layout, f.runs[2]));
}
