// A first-in first-out queue that holds no memory until its first push: the request queues of a tier and
// of each of its servers. libstdc++'s std::deque allocates a 512-byte block and its map even when empty
// (and again for a moved-from deque): with a server per CPU join, kept for the whole run, and two queues
// per tier, that was 6.7 MB of the 10,000-CPU day and 67 MB of the 100,000-CPU one, in flow fidelity
// where no request ever waits. Elements live in one vector from `head_` on; popped slots are reclaimed
// when they are most of it, so each element is moved at most once per pop on average.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace vsf {

template <class T>
class Fifo {
 public:
  bool empty() const { return head_ == items_.size(); }
  size_t size() const { return items_.size() - head_; }
  size_t capacity() const { return items_.capacity(); }  // slots held, popped ones included
  const T& front() const { return items_[head_]; }
  void push_back(const T& x) { items_.push_back(x); }
  void pop_front() {
    if (++head_ == items_.size()) {
      items_.clear();  // empty again: keep the capacity, start over at the front
      head_ = 0;
    } else if (head_ >= kReclaimAt && head_ * 2 >= items_.size()) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }
  // Removes the first element equal to x, keeping the order of the others; false when there is none.
  bool erase_first(const T& x) {
    const auto it = std::find(items_.begin() + static_cast<std::ptrdiff_t>(head_), items_.end(), x);
    if (it == items_.end()) return false;
    items_.erase(it);
    if (empty()) {
      items_.clear();
      head_ = 0;
    }
    return true;
  }
  // Front to back.
  auto begin() const { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
  auto end() const { return items_.end(); }

 private:
  static constexpr size_t kReclaimAt = 32;  // below this, popped slots wait for the queue to empty
  std::vector<T> items_;
  size_t head_ = 0;
};

}  // namespace vsf
