// Storage of timeseries.csv's rows for the whole run, off the heap: a long run's rows are kept only to be
// sorted and written at the end, and in memory they were the largest thing that grew during a run (at
// 100,000 CPUs a flow day makes 1.4 million rows, 107 MiB). So each row goes, as it is made, to an
// unlinked temporary file as a fixed-size binary record (the four optionals as flags beside their values:
// the same values, so the CSV and the trace are the same bytes), through a small write buffer, and is read
// back at the end with pread through a small buffer. Not mmap: mapped pages count in the process's RSS;
// pages of the file in the page cache do not, and the kernel can write them out.
//
// The file is made in the directory given to spill_in() (the CLI gives the output directory's parent, so
// the rows take room where the results will), else in $TMPDIR or /tmp. It has no name (O_TMPFILE, or a
// name removed at once where the filesystem lacks O_TMPFILE): it is gone when the process ends, however
// it ends. An unusable directory given to spill_in() throws InputError naming it; a failed write (a full
// disk) does not throw in the simulation: the rows are lost from there, and reading them throws the error.
//
// The CSV's order, (t, vsf, tier) with equal keys in the order made, needs no key per row in memory: rows
// are made an output interval at a time, so runs of consecutive rows of equal t are few (about one per
// interval), and only the rows of one t are sorted at once, after reading their (vsf, tier) back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace vsf {

struct TimeseriesRow;
class InputError;

class TimeseriesRows {
 public:
  TimeseriesRows() = default;
  ~TimeseriesRows();
  TimeseriesRows(const TimeseriesRows&) = delete;
  TimeseriesRows& operator=(const TimeseriesRows&) = delete;

  // Makes the file in `dir` now (so an unusable directory fails before a simulation, not after it).
  // Before the first push_back; without it, the first push_back makes the file in $TMPDIR or /tmp.
  void spill_in(const std::string& dir);
  void push_back(const TimeseriesRow& row);
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Every row, in the order pushed.
  void for_each(const std::function<void(const TimeseriesRow&)>& fn) const;
  // Every row in (t, vsf, tier) order; rows of equal (t, vsf, tier) in the order pushed (a stable sort).
  void for_each_sorted(const std::function<void(const TimeseriesRow&)>& fn) const;
  const std::string& directory() const { return dir_; }  // where the file is (empty before it is made)
  // Throws the InputError (naming the directory and the cause) of a write or a file that failed, if any.
  void throw_if_failed() const;

  struct Packed {
    double t, offered_rps, served_rps, utilization, p95_s;
    int64_t denials;
    int32_t vsf, tier, serving, booting, allocated, idle_pool, idle_pool_min;
    uint8_t has;  // which optionals are set (kHas* bits in timeseries_rows.cpp)
  };

 private:
  class Reader;
  struct Run {  // consecutive rows pushed with the same t
    double t;
    uint64_t first, count;
  };
  void flush() const;  // writes the buffered rows to the file
  void failed(const char* doing, int err) const;
  static constexpr size_t kBuffered = 512;  // rows per write: 40 KiB

  int fd_ = -1;
  std::string dir_;
  mutable std::vector<Packed> pending_;          // rows not yet written; const readers flush them first
  mutable uint64_t written_ = 0;                 // rows in the file
  mutable std::shared_ptr<InputError> failure_;  // the first failure: nothing more is written
  std::vector<Run> runs_;
  size_t size_ = 0;
};

}  // namespace vsf
