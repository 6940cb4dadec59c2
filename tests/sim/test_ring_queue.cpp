// sim::RingQueue must behave as a std::deque used as a FIFO (push_back, pop_front, erase_if in order), across the
// wrap-around and growth of its buffer; sim::resize_reusing must keep the storage of what it cuts off.
#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "sim/resize_reusing.hpp"
#include "sim/ring_queue.hpp"

TEST(RingQueue, MatchesADequeThroughWrapAroundGrowthAndErase) {
  std::mt19937_64 rng(11);
  sim::RingQueue<std::uint64_t> q;
  std::deque<std::uint64_t> ref;
  std::uint64_t next = 0;
  for (int i = 0; i < 20000; ++i) {
    const unsigned r = static_cast<unsigned>(rng() % 100);
    if (r < 55) {
      q.push_back(next);
      ref.push_back(next);
      ++next;
    } else if (r < 98) {
      if (ref.empty()) continue;
      ASSERT_EQ(q.front(), ref.front());
      q.pop_front();
      ref.pop_front();
    } else {
      const std::uint64_t m = 2 + rng() % 5;
      q.erase_if([m](std::uint64_t v) { return v % m == 0; });
      std::erase_if(ref, [m](std::uint64_t v) { return v % m == 0; });
      if (r == 99) q.shrink_to_fit();
    }
    ASSERT_EQ(q.size(), ref.size());
    if (!ref.empty()) {
      ASSERT_EQ(q.front(), ref.front());
      ASSERT_EQ(q.back(), ref.back());
      ASSERT_EQ(q[ref.size() / 2], ref[ref.size() / 2]);
    }
  }
  q.clear();
  EXPECT_TRUE(q.empty());
  q.push_back(5);
  EXPECT_EQ(q.front(), 5u);
}

TEST(ResizeReusing, KeepsTheStorageOfWhatASmallerSizeCutsOff) {
  std::vector<std::string> v(3, std::string(100, 'x'));
  std::vector<std::string> spare;
  const char* const last = v[2].data();
  sim::resize_reusing(v, 1, spare);
  ASSERT_EQ(v.size(), 1u);
  ASSERT_EQ(spare.size(), 2u);
  sim::resize_reusing(v, 4, spare);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_TRUE(spare.empty());
  // The elements cut off come back to the places they left, with their buffers; the fourth is new.
  EXPECT_EQ(v[2].data(), last);
  EXPECT_EQ(v[2], std::string(100, 'x'));
  EXPECT_TRUE(v[3].empty());
}
