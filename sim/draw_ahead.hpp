// Draws from one random stream, made a block ahead of their use and, when allowed, on a helper thread
// (sim::HelperThread, one per simulation).
// Why: drawing (the Mersenne Twister and Boost's ziggurat) is a sixth of what SimFaaS's steady-state run executes,
// and none of it depends on the simulation. A stream that only ever feeds one kind of draw (a Poisson process's unit
// exponential gaps; a duration with no per-record part) yields the same numbers in the same order whichever thread
// draws them and however far ahead, so outputs stay byte-identical with the helper on or off, on any core count.
// Values drawn ahead and never used are dropped with the stream: nothing reads a stream after the run.
// The caller must draw nothing else from the engine it hands over (that is what "one kind of draw" means).
#pragma once

#include <algorithm>
#include <cstddef>
#include <future>
#include <utility>
#include <vector>

#include "sim/helper_thread.hpp"
#include "sim/rng.hpp"

namespace sim {

// The largest block a stream draws ahead, and so the most memory one stream holds drawn ahead: two such blocks (the
// one in use and the one being drawn). One home for the figure the memory estimate counts per stream.
inline constexpr std::size_t kDrawAheadLargestBlock = std::size_t{1} << 14;
inline constexpr std::size_t kDrawAheadMostBytes = 2 * kDrawAheadLargestBlock * sizeof(double);  // 256 KiB

// Draw: a callable double(RngEngine&) that reads nothing but the engine and its own copies (it runs on the helper).
template <class Draw>
class DrawAhead {
 public:
  DrawAhead(RngEngine rng, Draw draw) : rng_(std::move(rng)), draw_(std::move(draw)) {}
  DrawAhead(const DrawAhead&) = delete;  // the helper writes through `this`
  DrawAhead& operator=(const DrawAhead&) = delete;
  ~DrawAhead() {
    if (filling_.valid()) filling_.wait();
  }

  // The next value of the stream.
  double next() {
    if (next_ == ready_.size()) [[unlikely]]
      take_next_block();
    return ready_[next_++];
  }
  // Where later blocks are drawn while this one is used: on `helper`, or (nullptr) here, when the last one runs out.
  // Only speed depends on it. Without a helper, blocks stay small: drawing ahead on the simulating thread gains
  // nothing and would only hold memory. The helper must outlive this stream.
  void set_helper(HelperThread* helper) { helper_ = helper; }

  static constexpr std::size_t kLargestBlock = kDrawAheadLargestBlock;

 private:
  static constexpr std::size_t kFirstBlock = 64;

  void fill(std::vector<double>& block, std::size_t n) {
    block.resize(n);
    for (double& v : block) v = draw_(rng_);
  }
  void take_next_block() {
    if (filling_.valid()) {
      filling_.get();
      ready_.swap(spare_);
    } else {
      fill(ready_, block_);
    }
    next_ = 0;
    if (helper_ == nullptr) return;
    // Each block four times the last, up to the largest: a short run draws little ahead.
    block_ = std::min(block_ * 4, kLargestBlock);
    filling_ = helper_->run([this, n = block_] { fill(spare_, n); });
  }

  RngEngine rng_;  // touched by one block's drawing at a time: the helper's, or this thread's when none is filling
  Draw draw_;
  HelperThread* helper_ = nullptr;
  std::size_t block_ = kFirstBlock;
  std::vector<double> ready_;  // the block in use
  std::size_t next_ = 0;       // its next value
  std::vector<double> spare_;  // the block being filled by the helper (while filling_ is valid)
  std::future<void> filling_;
};

}  // namespace sim
