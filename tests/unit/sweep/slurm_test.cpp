// The Slurm backend's pieces that need no cluster: the runs cut into array tasks, the batch script, the
// checks of a task list, and the capture of sbatch's output. tests/e2e/sweep_slurm.sh runs a real cluster.
#include "sweep/slurm.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>

#include "sweep/capture.hpp"
#include "temp_dir.hpp"
#include "util/errors.hpp"

using namespace vsf;
using namespace vsf::sweep;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> keys(size_t n) {
  std::vector<std::string> k;
  for (size_t i = 0; i < n; ++i) k.push_back("p" + std::to_string(i / 10) + "/r" + std::to_string(i % 10 + 1));
  return k;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.diagnostics().format();
  }
  return "";
}

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("Slurm chunks: every run once and in order and at most 1000 tasks by default", "[slurm]") {
  for (size_t n : {0u, 1u, 7u, 999u, 1000u, 1001u, 2500u, 20000u}) {
    const auto k = keys(n);
    const auto chunks = chunk_runs(k, 0);
    CAPTURE(n);
    CHECK(chunks.size() <= static_cast<size_t>(kMaxArrayTasks));
    std::vector<std::string> joined;
    for (const auto& c : chunks) {
      CHECK_FALSE(c.empty());
      CHECK(c.size() <= chunks.front().size());
      joined.insert(joined.end(), c.begin(), c.end());
    }
    CHECK(joined == k);
  }
  CHECK(chunk_runs(keys(999), 0).size() == 999);  // one run per task while the array allows it
  CHECK(chunk_runs(keys(1001), 0).size() == 501);
}

TEST_CASE("Slurm chunks: runs_per_task from the settings", "[slurm]") {
  const auto chunks = chunk_runs(keys(7), 3);
  REQUIRE(chunks.size() == 3);
  CHECK(chunks[0] == std::vector<std::string>{"p0/r1", "p0/r2", "p0/r3"});
  CHECK(chunks[2] == std::vector<std::string>{"p0/r7"});
  CHECK(chunk_runs(keys(2), 5).size() == 1);
}

TEST_CASE("Slurm batch script: array with its limit, settings, output folder and the task command", "[slurm]") {
  Slurm s;
  s.partition = "debug";
  s.time_limit = "00:30:00";
  s.memory = "2G";
  s.max_parallel = 8;
  s.extra_args = {"--account=x", "--qos=low"};
  const std::string b = batch_script("/shared/sw 1/50%", s, 12, "/opt/vsf's/vsfsim");
  CHECK(b.rfind("#!/bin/bash\n", 0) == 0);
  CHECK(has_line(b, "#SBATCH --array=0-11%8"));
  CHECK(has_line(b, "#SBATCH --partition=debug"));
  CHECK(has_line(b, "#SBATCH --time=00:30:00"));
  CHECK(has_line(b, "#SBATCH --mem=2G"));
  CHECK(has_line(b, "#SBATCH --account=x"));
  CHECK(has_line(b, "#SBATCH --output=\"/shared/sw 1/50%%/slurm/logs/%A_%a.out\""));  // '%' is a pattern there
  CHECK(has_line(b, "#SBATCH --chdir=\"/shared/sw 1/50%\""));
  CHECK(has_line(b, "exec '/opt/vsf'\\''s/vsfsim' sweep '/shared/sw 1/50%' --task \"$SLURM_ARRAY_TASK_ID\""));
  // the extra options come first, so the sweep's own win when both set one
  CHECK(b.find("--qos=low") < b.find("--partition="));
  CHECK(b.find("--qos=low") < b.find("--array="));

  const std::string plain = batch_script("/d", Slurm{}, 1, "/bin/vsfsim");
  CHECK(has_line(plain, "#SBATCH --array=0-0"));
  CHECK(plain.find("--partition") == std::string::npos);
  CHECK(plain.find("--time") == std::string::npos);
  CHECK(plain.find("--mem") == std::string::npos);
}

TEST_CASE("Slurm batch script: what cannot go on an #SBATCH line is refused with its pointer", "[slurm]") {
  Slurm s;
  s.partition = "de bug";
  CHECK_THAT(error_of([&] { batch_script("/d", s, 1, "/v"); }),
             Catch::Contains("/slurm/partition") && Catch::Contains("\"de bug\""));
  s = Slurm{};
  s.extra_args = {"--qos=a", "--account=x\n#SBATCH --array=0-5"};
  CHECK_THAT(error_of([&] { batch_script("/d", s, 1, "/v"); }), Catch::Contains("/slurm/sbatch_args/1"));
  s = Slurm{};
  s.memory = "2G\"";
  CHECK_THAT(error_of([&] { batch_script("/d", s, 1, "/v"); }), Catch::Contains("/slurm/memory"));
  CHECK_THAT(error_of([&] { batch_script("/d\"x", Slurm{}, 1, "/v"); }), Catch::Contains("double quotes"));
  CHECK(error_of([&] { batch_script("/d", Slurm{}, 1, "/v"); }).empty());
}

TEST_CASE("Slurm task: a missing or malformed task list is an input error naming the file", "[slurm]") {
  TempDir t{"slurm-test"};
  const Layout layout{t.path};
  CHECK_THAT(error_of([&] { run_task(layout, 0, "/bin/false"); }),
             Catch::Contains("tasks.json") && Catch::Contains("cannot read"));
  fs::create_directories(layout.slurm_dir());
  const auto write = [&](const std::string& text) { std::ofstream(layout.slurm_dir() / "tasks.json") << text; };
  write("{\"tasks\": [[\"a/r1\"],");
  CHECK_THAT(error_of([&] { run_task(layout, 0, "/bin/false"); }), Catch::Contains("tasks.json:1:"));
  write("{\"tasks\": 3}");
  CHECK_THAT(error_of([&] { run_task(layout, 0, "/bin/false"); }), Catch::Contains("/tasks"));
  write("{\"tasks\": [[\"a/r1\"], 5]}");
  CHECK_THAT(error_of([&] { run_task(layout, 2, "/bin/false"); }),
             Catch::Contains("--task") && Catch::Contains("0 to 1") && Catch::Contains("found 2"));
  CHECK_THAT(error_of([&] { run_task(layout, -1, "/bin/false"); }), Catch::Contains("found -1"));
  CHECK_THAT(error_of([&] { run_task(layout, 1, "/bin/false"); }),
             Catch::Contains("/tasks/1") && Catch::Contains("array of run keys"));
}

TEST_CASE("capture: stdout and stderr apart, standard input, the exit code, and a program that is not there",
          "[slurm]") {
  const auto c = capture({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"});
  CHECK(c.started);
  CHECK(c.exit_code == 3);
  CHECK(c.out == "out\n");
  CHECK(c.err == "err\n");
  const auto big = capture({"/bin/sh", "-c", "head -c 200000 /dev/zero >&2; echo done"});
  CHECK(big.err.size() == 200000);  // more than a pipe holds: both streams are read as they come
  CHECK(big.out == "done\n");
  const std::string text(300000, 'x');  // more than a pipe holds, written while the outputs are read
  const auto echoed = capture({"/bin/sh", "-c", "cat; echo err >&2"}, text + "\n");
  CHECK(echoed.exit_code == 0);
  CHECK(echoed.out == text + "\n");
  CHECK(echoed.err == "err\n");
  const auto deaf = capture({"/bin/sh", "-c", "exit 4"}, text);  // never reads: EPIPE, not SIGPIPE for us
  CHECK(deaf.exit_code == 4);
  const auto missing = capture({"vsfsim-no-such-program"});
  CHECK_FALSE(missing.started);
  CHECK_THAT(missing.error, Catch::Contains("not found"));
}
