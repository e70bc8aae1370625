// A set of small non-negative ids (CPU ids) as bits, walked in increasing order: the idle pool's index,
// so that a grant reads the few CPUs it hands out and not every CPU of the grid. One bit per id (12 KiB
// for 100,000 CPUs); the walk skips 64 absent ids per word read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vsf {

class IdSet {
 public:
  explicit IdSet(size_t capacity = 0) : words_((capacity + 63) / 64, 0), capacity_(capacity) {}
  // Adds or removes id (< capacity); a no-op when it is already so.
  void set(size_t id, bool in) {
    uint64_t& w = words_[id / 64];
    const uint64_t bit = uint64_t{1} << (id % 64);
    if (((w & bit) != 0) == in) return;
    w ^= bit;
    size_ += in ? 1 : -1;
  }
  bool contains(size_t id) const { return id < capacity_ && (words_[id / 64] >> (id % 64) & 1U) != 0; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  // The smallest id >= from in the set, or capacity() when none.
  size_t next(size_t from) const {
    if (from >= capacity_) return capacity_;
    size_t i = from / 64;
    uint64_t w = words_[i] & (~uint64_t{0} << (from % 64));
    while (w == 0) {
      if (++i == words_.size()) return capacity_;
      w = words_[i];
    }
    return i * 64 + static_cast<size_t>(__builtin_ctzll(w));
  }

 private:
  std::vector<uint64_t> words_;
  size_t capacity_ = 0;
  size_t size_ = 0;
};

}  // namespace vsf
