// Determinism: the same scenario and seed run in two separate processes give byte-identical results;
// another seed gives different ones (so the comparison can fail). The runs are child processes of this
// test binary (a hidden test case), since SimGrid runs one simulation per process.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "scenario/loader.hpp"
#include "sim_support.hpp"

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int run_child(const std::string& out, const std::string& seed) {
  // The shell's /proc/self/exe would be the shell: resolve this binary's path first.
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return -1;
  self[n] = '\0';
  const std::string cmd = "VSFSIM_CHILD_OUT='" + out + "' VSFSIM_CHILD_SEED=" + seed + " '" + self +
                          "' '[.determinism-child]' > /dev/null 2>&1";
  return std::system(cmd.c_str());
}

}  // namespace

TEST_CASE("determinism child run", "[.determinism-child]") {
  const char* out = std::getenv("VSFSIM_CHILD_OUT");
  const char* seed = std::getenv("VSFSIM_CHILD_SEED");
  REQUIRE(out != nullptr);
  REQUIRE(seed != nullptr);
  vsf::LoadOptions options;
  options.sets = {"/duration=15min"};
  options.seed = std::stoull(seed);
  vsf::Scenario s = vsf::load_scenario(std::string(VSFSIM_SOURCE_DIR) + "/scenarios/quickstart.json", options).scenario;
  vsf::test::run(s, out);
}

TEST_CASE("the same scenario and seed give byte-identical results in two processes") {
  const std::string dir = vsf::test::make_temp_dir();
  REQUIRE(run_child(dir + "/a", "42") == 0);
  REQUIRE(run_child(dir + "/b", "42") == 0);
  REQUIRE(run_child(dir + "/c", "43") == 0);
  for (const char* f : {"summary.json", "timeseries.csv", "events.jsonl"}) {
    const std::string a = slurp(dir + "/a/" + f), b = slurp(dir + "/b/" + f);
    INFO(f);
    CHECK(!a.empty());
    CHECK(a == b);
  }
  CHECK(slurp(dir + "/a/timeseries.csv") != slurp(dir + "/c/timeseries.csv"));
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}
