// TimeseriesRows: see timeseries_rows.hpp.
#include "metrics/timeseries_rows.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "metrics/recorder_state.hpp"
#include "util/errors.hpp"

namespace vsf {

namespace {

constexpr uint8_t kHasP95 = 1, kHasIdlePool = 2, kHasIdlePoolMin = 4, kHasDenials = 8;
using Packed = TimeseriesRows::Packed;

Packed pack(const TimeseriesRow& row) {
  Packed p;
  std::memset(&p, 0, sizeof p);  // the padding too: the file's bytes are the same on every run
  p.t = row.t;
  p.offered_rps = row.offered_rps;
  p.served_rps = row.served_rps;
  p.utilization = row.utilization;
  p.p95_s = row.p95_s.value_or(0);
  p.denials = row.denials.value_or(0);
  p.vsf = row.vsf;
  p.tier = row.tier;
  p.serving = row.serving;
  p.booting = row.booting;
  p.allocated = row.allocated;
  p.idle_pool = row.idle_pool.value_or(0);
  p.idle_pool_min = row.idle_pool_min.value_or(0);
  p.has = static_cast<uint8_t>((row.p95_s ? kHasP95 : 0) | (row.idle_pool ? kHasIdlePool : 0) |
                               (row.idle_pool_min ? kHasIdlePoolMin : 0) | (row.denials ? kHasDenials : 0));
  return p;
}

TimeseriesRow unpack(const Packed& p) {
  TimeseriesRow row;
  row.t = p.t;
  row.offered_rps = p.offered_rps;
  row.served_rps = p.served_rps;
  row.utilization = p.utilization;
  if (p.has & kHasP95) row.p95_s = p.p95_s;
  if (p.has & kHasDenials) row.denials = p.denials;
  row.vsf = p.vsf;
  row.tier = p.tier;
  row.serving = p.serving;
  row.booting = p.booting;
  row.allocated = p.allocated;
  if (p.has & kHasIdlePool) row.idle_pool = p.idle_pool;
  if (p.has & kHasIdlePoolMin) row.idle_pool_min = p.idle_pool_min;
  return row;
}

InputError failure(const std::string& dir, const char* doing, int err) {
  return InputError(dir, "",
                    fmt::format("cannot {} the temporary file that keeps timeseries.csv's rows until the end of the "
                                "run ({}); the directory needs room for about 80 bytes per row",
                                doing, std::strerror(err)));
}

[[noreturn]] void fail(const std::string& dir, const char* doing, int err) { throw failure(dir, doing, err); }

// An unnamed file: O_TMPFILE, else a name removed at once (filesystems without O_TMPFILE).
int open_unnamed(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) fail(dir, "make", errno);
  std::string name = dir + "/.vsfsim-rows-XXXXXX";
  fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) fail(dir, "make", errno);
  ::unlink(name.c_str());
  return fd;
}

std::string default_dir() {
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

}  // namespace

// Reads records through a buffer of kRows: in order, every record costs one pread per kRows.
class TimeseriesRows::Reader {
 public:
  explicit Reader(const TimeseriesRows& rows) : rows_(rows), buffer_(kRows) {}
  const Packed& at(uint64_t i) {
    if (i < first_ || i >= first_ + held_) fill(i);
    return buffer_[i - first_];
  }

 private:
  static constexpr size_t kRows = 1024;  // 80 KiB
  void fill(uint64_t i) {
    const uint64_t want = std::min<uint64_t>(kRows, rows_.written_ - i);
    auto* to = reinterpret_cast<char*>(buffer_.data());
    const size_t bytes = want * sizeof(Packed);
    size_t got = 0;
    while (got < bytes) {
      const ssize_t n = ::pread(rows_.fd_, to + got, bytes - got, static_cast<off_t>(i * sizeof(Packed) + got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail(rows_.dir_, "read", n < 0 ? errno : EIO);
      got += static_cast<size_t>(n);
    }
    first_ = i;
    held_ = want;
  }
  const TimeseriesRows& rows_;
  std::vector<Packed> buffer_;
  uint64_t first_ = 0, held_ = 0;
};

TimeseriesRows::~TimeseriesRows() {
  if (fd_ >= 0) ::close(fd_);
}

void TimeseriesRows::spill_in(const std::string& dir) {
  if (fd_ >= 0) return;
  fd_ = open_unnamed(dir);
  dir_ = dir;
}

// Not thrown here: rows are pushed from inside the simulation, where SimGrid aborts on any exception. The
// rows made after a failure are dropped, and the first reader throws (Recorder::write, before any result).
void TimeseriesRows::failed(const char* doing, int err) const {
  if (!failure_) failure_ = std::make_shared<InputError>(failure(dir_, doing, err));
  pending_.clear();
}

void TimeseriesRows::throw_if_failed() const {
  if (failure_) throw *failure_;
}

void TimeseriesRows::flush() const {
  if (failure_) return;
  const auto* from = reinterpret_cast<const char*>(pending_.data());
  const size_t bytes = pending_.size() * sizeof(Packed);
  size_t put = 0;
  while (put < bytes) {
    const ssize_t n = ::pwrite(fd_, from + put, bytes - put, static_cast<off_t>(written_ * sizeof(Packed) + put));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return failed("write", n < 0 ? errno : ENOSPC);
    put += static_cast<size_t>(n);
  }
  written_ += pending_.size();
  pending_.clear();
}

void TimeseriesRows::push_back(const TimeseriesRow& row) {
  if (fd_ < 0 && !failure_) {
    try {
      spill_in(default_dir());
    } catch (const InputError& e) {  // a missing $TMPDIR, say
      failure_ = std::make_shared<InputError>(e);
    }
  }
  if (!failure_) {
    if (pending_.capacity() < kBuffered) pending_.reserve(kBuffered);
    pending_.push_back(pack(row));
    if (pending_.size() == kBuffered) flush();
  }
  if (!runs_.empty() && runs_.back().t == row.t)
    ++runs_.back().count;
  else
    runs_.push_back({row.t, size_, 1});
  ++size_;
}

void TimeseriesRows::for_each(const std::function<void(const TimeseriesRow&)>& fn) const {
  throw_if_failed();
  if (size_ == 0) return;
  flush();
  throw_if_failed();
  Reader in(*this);
  for (uint64_t i = 0; i < size_; ++i) fn(unpack(in.at(i)));
}

// The runs in t order (runs of equal t in the order made), then each t's rows sorted by (vsf, tier),
// stably: the same order as a stable sort of every row by (t, vsf, tier).
void TimeseriesRows::for_each_sorted(const std::function<void(const TimeseriesRow&)>& fn) const {
  throw_if_failed();
  if (size_ == 0) return;
  flush();
  throw_if_failed();
  std::vector<Run> runs = runs_;
  std::stable_sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.t < b.t; });
  struct Key {
    int32_t vsf, tier;
    uint64_t at;
  };
  std::vector<Key> keys;
  Reader in(*this);
  for (size_t r = 0; r < runs.size();) {
    size_t end = r;
    keys.clear();
    for (; end < runs.size() && !(runs[r].t < runs[end].t); ++end)
      for (uint64_t i = runs[end].first; i < runs[end].first + runs[end].count; ++i)
        keys.push_back({in.at(i).vsf, in.at(i).tier, i});
    std::stable_sort(keys.begin(), keys.end(),
                     [](const Key& a, const Key& b) { return a.vsf != b.vsf ? a.vsf < b.vsf : a.tier < b.tier; });
    for (const Key& k : keys) fn(unpack(in.at(k.at)));
    r = end;
  }
}

}  // namespace vsf
