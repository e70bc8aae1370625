// A set kept as a sorted vector: walked in increasing order from one block of memory. For the small sets
// a hot path walks far more often than it edits (the isolation search's holders of a VLAN or zone: a few
// switches or arrays, walked at every search, edited when a label first or last appears on a switch),
// where std::set's walk follows a pointer to a cold node per element.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace vsf {

template <class T>
class FlatSet {
 public:
  using const_iterator = typename std::vector<T>::const_iterator;
  // Adds x; a no-op when it is there already. O(size) for the shift.
  void insert(const T& x) {
    auto it = std::lower_bound(v_.begin(), v_.end(), x);
    if (it == v_.end() || x < *it) v_.insert(it, x);
  }
  // Removes x; a no-op when it is not there.
  void erase(const T& x) {
    auto it = std::lower_bound(v_.begin(), v_.end(), x);
    if (it != v_.end() && !(x < *it)) v_.erase(it);
  }
  size_t count(const T& x) const { return std::binary_search(v_.begin(), v_.end(), x) ? 1 : 0; }
  bool empty() const { return v_.empty(); }
  size_t size() const { return v_.size(); }
  const_iterator begin() const { return v_.begin(); }
  const_iterator end() const { return v_.end(); }

 private:
  std::vector<T> v_;
};

}  // namespace vsf
