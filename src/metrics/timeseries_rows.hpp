// Storage of timeseries.csv's rows for the whole run: a long run's rows are most of what grows during
// it (at 30,000 CPUs a flow day keeps 420,000 rows). A TimeseriesRow is 104 bytes, mostly the padding
// of its four optionals; stored packed (the optionals as flags beside their values) a row is 80 bytes,
// with the same values, so the CSV and the trace are the same bytes. Rows live in chunks of fixed size:
// a vector doubling its buffer would briefly hold the old and the new copy of every row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <tuple>
#include <vector>

namespace vsf {

struct TimeseriesRow;

class TimeseriesRows {
 public:
  void push_back(const TimeseriesRow& row);
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  TimeseriesRow operator[](size_t i) const;           // unpacked, by value
  std::tuple<double, int, int> key(size_t i) const {  // (t, vsf, tier): the CSV's order, without unpacking
    const Packed& p = chunks_[i / kChunk][i % kChunk];
    return {p.t, p.vsf, p.tier};
  }

  class const_iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = TimeseriesRow;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = TimeseriesRow;
    const_iterator(const TimeseriesRows* rows, size_t i) : rows_(rows), i_(i) {}
    TimeseriesRow operator*() const;
    const_iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator!=(const const_iterator& o) const { return i_ != o.i_; }
    bool operator==(const const_iterator& o) const { return i_ == o.i_; }

   private:
    const TimeseriesRows* rows_;
    size_t i_;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }

 private:
  struct Packed {
    double t, offered_rps, served_rps, utilization, p95_s;
    int64_t denials;
    int32_t vsf, tier, serving, booting, allocated, idle_pool, idle_pool_min;
    uint8_t has;  // which optionals are set (kHas* bits)
  };
  static constexpr size_t kChunk = 4096;  // rows per chunk: 320 KiB, one mapping of its own
  std::vector<std::unique_ptr<Packed[]>> chunks_;
  size_t size_ = 0;
};

}  // namespace vsf
