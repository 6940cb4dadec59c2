// A FIFO queue on one circular buffer: push_back and pop_front in O(1) with no allocation once the buffer has grown
// to the queue's largest size. Why: std::deque allocates a block each time its end crosses a block boundary and frees
// one each time its front does, which for a queue that every message passes through is an allocation per few dozen
// messages, forever.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace sim {

template <class T>
class RingQueue {
 public:
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  // Preconditions for front(), back(), pop_front(): !empty().
  [[nodiscard]] const T& front() const { return buf_[head_]; }
  [[nodiscard]] const T& back() const { return buf_[index(size_ - 1)]; }
  [[nodiscard]] const T& operator[](std::size_t i) const { return buf_[index(i)]; }
  void push_back(const T& v) {
    if (size_ == buf_.size()) grow(buf_.empty() ? 16 : buf_.size() * 2);
    buf_[index(size_)] = v;
    ++size_;
  }
  void pop_front() {
    head_ = index(1);
    --size_;
  }
  void clear() {
    head_ = 0;
    size_ = 0;
  }
  // Removes every element for which dead(element) holds; the order of the rest is kept.
  template <class Pred>
  void erase_if(Pred dead) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < size_; ++i) {
      T& x = buf_[index(i)];
      if (dead(std::as_const(x))) continue;
      if (kept != i) buf_[index(kept)] = std::move(x);
      ++kept;
    }
    size_ = kept;
  }
  // Gives back the storage beyond what the queue holds now (rounded up to a power of two).
  void shrink_to_fit() {
    std::size_t cap = 16;
    while (cap < size_) cap *= 2;
    if (cap < buf_.size()) grow(cap);
  }

 private:
  [[nodiscard]] std::size_t index(std::size_t i) const { return (head_ + i) & (buf_.size() - 1); }
  // Out of line: a push's usual path is then a store and two additions, with no registers to save around a call.
  [[gnu::noinline]] void grow(std::size_t cap) {  // cap: a power of two, >= size_
    std::vector<T> next(cap);
    for (std::size_t i = 0; i < size_; ++i) next[i] = std::move(buf_[index(i)]);
    buf_ = std::move(next);
    head_ = 0;
  }

  std::vector<T> buf_;  // capacity a power of two (or empty)
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace sim
