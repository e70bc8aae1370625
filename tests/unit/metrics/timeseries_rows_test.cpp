// TimeseriesRows keeps rows in an unnamed temporary file: every value and every empty optional must come
// back as stored, across the write and read buffers, in the order pushed (the trace) and in the CSV's
// order (a stable sort by (t, vsf, tier)); a failed write is an InputError naming the directory; the file
// has no name while it lives and is closed with the store.
#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <tuple>

#include "metrics/recorder_state.hpp"
#include "util/errors.hpp"

using namespace vsf;
namespace fs = std::filesystem;

namespace {

TimeseriesRow nth_row(int i) {
  TimeseriesRow r;
  r.t = 900.0 * i + 0.125;
  r.vsf = i % 7 - 1;
  r.tier = i % 3 - 1;
  r.offered_rps = 1.0 / (i + 1);
  r.served_rps = 3.0 * i + 1e-9;
  r.serving = i;
  r.booting = -i;
  r.allocated = 2 * i;
  r.utilization = i * 1e-3;
  if (i % 2) r.p95_s = 0.001 * i;
  if (i % 3) r.idle_pool = 100000 - i;
  if (i % 5) r.idle_pool_min = i / 2;
  if (i % 4) r.denials = 5000000000L + i;
  return r;
}

void check_same(const TimeseriesRow& r, const TimeseriesRow& e) {
  CHECK(r.t == e.t);
  CHECK(r.vsf == e.vsf);
  CHECK(r.tier == e.tier);
  CHECK(r.offered_rps == e.offered_rps);
  CHECK(r.served_rps == e.served_rps);
  CHECK(r.serving == e.serving);
  CHECK(r.booting == e.booting);
  CHECK(r.allocated == e.allocated);
  CHECK(r.utilization == e.utilization);
  CHECK(r.p95_s == e.p95_s);
  CHECK(r.idle_pool == e.idle_pool);
  CHECK(r.idle_pool_min == e.idle_pool_min);
  CHECK(r.denials == e.denials);
}

// A fresh empty directory under the build's temporary directory.
fs::path scratch_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("vsfsim-rows-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Open descriptors of this process whose target lies in `dir` (an unnamed file shows as "dir/#N (deleted)").
int fds_into(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(e.path(), ec);
    if (!ec && target.string().rfind(dir.string() + "/", 0) == 0) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("timeseries rows come back as stored in the order pushed") {
  TimeseriesRows rows;
  CHECK(rows.empty());
  const int n = 10000;  // many write buffers (512 rows) and read buffers (1024 rows)
  for (int i = 0; i < n; ++i) rows.push_back(nth_row(i));
  REQUIRE(rows.size() == static_cast<size_t>(n));
  int i = 0;
  rows.for_each([&i](const TimeseriesRow& r) {
    INFO("row " << i);
    check_same(r, nth_row(i));
    ++i;
  });
  CHECK(i == n);
  // Reading flushed the rows; more can be pushed and read again.
  rows.push_back(nth_row(n));
  i = 0;
  rows.for_each([&i](const TimeseriesRow&) { ++i; });
  CHECK(i == n + 1);
}

// Against std::stable_sort of the same rows by (t, vsf, tier): times repeat out of order (runs of one t
// interleaved, as a VSF reporting late would make), and (vsf, tier) keys repeat within one t, so both
// the order and the stability are checked. The p95 carries each row's push number.
TEST_CASE("timeseries rows come back in the order of a stable sort by t then vsf then tier") {
  std::mt19937 rng(7);
  std::vector<TimeseriesRow> pushed;
  TimeseriesRows rows;
  for (int i = 0; i < 6000; ++i) {
    TimeseriesRow r = nth_row(i);
    r.t = 60.0 * static_cast<double>(rng() % 5 == 0 ? rng() % 40 : (i / 300));  // runs of 300, some strays
    r.vsf = static_cast<int>(rng() % 6) - 1;
    r.tier = static_cast<int>(rng() % 4) - 1;
    r.p95_s = i;
    pushed.push_back(r);
    rows.push_back(r);
  }
  std::vector<TimeseriesRow> want = pushed;
  std::stable_sort(want.begin(), want.end(), [](const TimeseriesRow& a, const TimeseriesRow& b) {
    return std::tie(a.t, a.vsf, a.tier) < std::tie(b.t, b.vsf, b.tier);
  });
  size_t k = 0;
  rows.for_each_sorted([&](const TimeseriesRow& r) {
    REQUIRE(k < want.size());
    INFO("position " << k);
    check_same(r, want[k]);
    ++k;
  });
  CHECK(k == want.size());
}

TEST_CASE("timeseries rows live in a file with no name that closes with them") {
  const fs::path dir = scratch_dir("unnamed");
  {
    TimeseriesRows rows;
    rows.spill_in(dir.string());
    CHECK(rows.directory() == dir.string());
    for (int i = 0; i < 2000; ++i) rows.push_back(nth_row(i));
    size_t seen = 0;
    rows.for_each([&seen](const TimeseriesRow&) { ++seen; });
    CHECK(seen == 2000);
    CHECK(fs::is_empty(dir));   // nothing visible in the directory
    CHECK(fds_into(dir) == 1);  // but the file is open
  }
  CHECK(fds_into(dir) == 0);  // closed: its blocks are freed
  CHECK(fs::is_empty(dir));
  fs::remove_all(dir);
}

TEST_CASE("timeseries rows in a directory that cannot hold them is an error naming it") {
  const fs::path dir = scratch_dir("missing") / "no" / "such";
  TimeseriesRows rows;
  try {
    rows.spill_in(dir.string());
    FAIL("no error");
  } catch (const InputError& e) {
    const std::string what = e.diagnostics().format();
    CHECK(what.find(dir.string()) != std::string::npos);
    CHECK(what.find("cannot make the temporary file") != std::string::npos);
    CHECK(what.find("No such file or directory") != std::string::npos);
  }
  fs::remove_all(dir.parent_path().parent_path());
}

// A write the filesystem refuses (here a file-size limit, as a full disk would) does not throw inside the
// simulation (SimGrid aborts on an exception from an actor): the rows are dropped from there, and reading
// them throws an InputError naming the directory and the cause, so no short timeseries.csv is written.
TEST_CASE("timeseries rows whose write fails are an error naming the directory when read") {
  const fs::path dir = scratch_dir("full");
  rlimit before{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &before) == 0);
  auto* previous = std::signal(SIGXFSZ, SIG_IGN);  // the write then fails with EFBIG instead
  rlimit small = before;
  small.rlim_cur = 64 * 1024;  // room for 819 rows: the second write buffer fails
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  std::string sorted, in_order;
  {
    TimeseriesRows rows;
    rows.spill_in(dir.string());
    CHECK_NOTHROW(rows.throw_if_failed());
    for (int i = 0; i < 5000; ++i) rows.push_back(nth_row(i));
    CHECK(rows.size() == 5000);
    try {
      rows.for_each_sorted([](const TimeseriesRow&) {});
    } catch (const InputError& e) {
      sorted = e.diagnostics().format();
    }
    try {
      rows.for_each([](const TimeseriesRow&) {});
    } catch (const InputError& e) {
      in_order = e.diagnostics().format();
    }
  }
  ::setrlimit(RLIMIT_FSIZE, &before);
  std::signal(SIGXFSZ, previous);
  CHECK(sorted.find(dir.string()) != std::string::npos);
  CHECK(sorted.find("cannot write the temporary file") != std::string::npos);
  CHECK(sorted.find("File too large") != std::string::npos);
  CHECK(in_order == sorted);
  fs::remove_all(dir);
}

TEST_CASE("timeseries rows with an unusable TMPDIR are an error naming it when read") {
  const fs::path dir = scratch_dir("tmpdir") / "gone";
  const char* was = std::getenv("TMPDIR");
  const std::string saved = was ? was : "";
  ::setenv("TMPDIR", dir.c_str(), 1);
  std::string what;
  {
    TimeseriesRows rows;
    rows.push_back(nth_row(1));  // makes the file, or fails: not here
    try {
      rows.throw_if_failed();
    } catch (const InputError& e) {
      what = e.diagnostics().format();
    }
  }
  if (was)
    ::setenv("TMPDIR", saved.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
  CHECK(what.find(dir.string()) != std::string::npos);
  CHECK(what.find("cannot make the temporary file") != std::string::npos);
  fs::remove_all(dir.parent_path());
}
