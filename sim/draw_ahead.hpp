// Draws from one random stream, made a block ahead of their use and, when allowed, on a helper thread
// (sim::HelperThread, one per simulation), each beside the value the model derives from it.
// Why: drawing (the Mersenne Twister and Boost's ziggurat) is a sixth of what SimFaaS's steady-state run executes,
// and none of it depends on the simulation. A stream that only ever feeds one kind of draw (a Poisson process's unit
// exponential gaps; a duration with no per-record part) yields the same numbers in the same order whichever thread
// draws them and however far ahead, so outputs stay byte-identical with the helper on or off, on any core count.
// Why the derived value: what the model does with a draw (a gap divided by the rate in force and rounded to whole
// microseconds; a duration scaled by the CPU share) is a floating-point division or multiplication and a rounding on
// the simulating thread at every arrival and invocation. It depends only on the draw and one parameter that changes
// rarely, so it is worked out beside the draw, for the parameter in force when the block was handed over; a block
// whose parameter has changed since is derived again here, from its draws, before use.
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
// one in use and the one being drawn), each draw with its derived value. One home for the figure the memory estimate
// counts per stream.
inline constexpr std::size_t kDrawAheadLargestBlock = std::size_t{1} << 14;
inline constexpr std::size_t kDrawAheadMostValueBytes = 8;  // a derived value's size, at most
inline constexpr std::size_t kDrawAheadMostBytes =
    2 * kDrawAheadLargestBlock * (sizeof(double) + kDrawAheadMostValueBytes);  // 512 KiB

// Draw: a callable double(RngEngine&) that reads nothing but the engine and its own copies (it runs on the helper).
// Derive: a callable Value(double draw, Param) with member types Param (compared with ==) and Value (at most
// kDrawAheadMostValueBytes), reading nothing but its arguments and its own copies.
template <class Draw, class Derive>
class DrawAhead {
 public:
  using Param = typename Derive::Param;
  using Value = typename Derive::Value;
  static_assert(sizeof(Value) <= kDrawAheadMostValueBytes, "kDrawAheadMostBytes counts at most that per value");

  DrawAhead(RngEngine rng, Draw draw, Derive derive, Param param)
      : param_(param), derive_(std::move(derive)), rng_(std::move(rng)), draw_(std::move(draw)) {}
  DrawAhead(const DrawAhead&) = delete;  // the helper writes through `this`
  DrawAhead& operator=(const DrawAhead&) = delete;
  ~DrawAhead() {
    if (filling_.valid()) filling_.wait();
  }

  // The next draw of the stream, and its value derived with the parameter in force. Inline, so a caller that reads
  // only one of the two loads only that one.
  struct Drawn {
    double draw;
    Value value;
  };
  Drawn next() {
    if (next_ == ready_.draws.size()) [[unlikely]]
      take_next_block();
    if (!(ready_.param == param_)) [[unlikely]]
      derive_rest();
    const std::size_t i = next_++;
    return {ready_.draws[i], ready_.values[i]};
  }
  // The parameter the values of later draws are derived with.
  void set_param(Param param) { param_ = param; }
  // Where later blocks are drawn while this one is used: on `helper`, or (nullptr) here, when the last one runs out.
  // Only speed depends on it. Without a helper, blocks stay small: drawing ahead on the simulating thread gains
  // nothing and would only hold memory. The helper must outlive this stream.
  void set_helper(HelperThread* helper) { helper_ = helper; }

  static constexpr std::size_t kLargestBlock = kDrawAheadLargestBlock;

 private:
  static constexpr std::size_t kFirstBlock = 64;
  static constexpr std::size_t kSeparateLines = 128;
  struct Block {
    std::vector<double> draws;
    std::vector<Value> values;  // values[i] = derive_(draws[i], param)
    Param param{};
  };

  void fill(Block& block, std::size_t n, Param param) {
    block.draws.resize(n);
    block.values.resize(n);
    block.param = param;
    for (std::size_t i = 0; i < n; ++i) {
      block.draws[i] = draw_(rng_);
      block.values[i] = derive_(block.draws[i], param);
    }
  }
  // The parameter changed since the block in use was drawn: its values not yet used are derived again.
  void derive_rest() {
    for (std::size_t i = next_; i < ready_.draws.size(); ++i) ready_.values[i] = derive_(ready_.draws[i], param_);
    ready_.param = param_;
  }
  void take_next_block() {
    if (filling_.valid()) {
      filling_.get();
      std::swap(ready_, spare_);
    } else {
      fill(ready_, block_, param_);
    }
    next_ = 0;
    if (helper_ == nullptr) return;
    // Each block four times the last, up to the largest: a short run draws little ahead.
    block_ = std::min(block_ * 4, kLargestBlock);
    filling_ = helper_->run([this, n = block_, param = param_] { fill(spare_, n, param); });
  }

  // Three groups, each on cache lines of its own (two lines: neighbouring lines are fetched in pairs). The helper
  // writes the engine's state at every draw; were the block in use on the same line, every next() here would wait
  // for that line to come back from the other core (a quarter of ArrivalProcess::draw's time in SimFaaS's run).
  // Read at every next(), by the simulating thread only:
  alignas(kSeparateLines) Block ready_;  // the block in use
  std::size_t next_ = 0;                 // its next value
  Param param_;
  Derive derive_;  // read-only: shared
  // Written by the helper while it fills a block (or by this thread when none is filling):
  alignas(kSeparateLines) RngEngine rng_;
  Draw draw_;
  Block spare_;  // the block being filled by the helper (while filling_ is valid)
  // Touched by the simulating thread once a block:
  alignas(kSeparateLines) std::future<void> filling_;
  HelperThread* helper_ = nullptr;
  std::size_t block_ = kFirstBlock;
};

}  // namespace sim
