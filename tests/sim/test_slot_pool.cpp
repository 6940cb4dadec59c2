// sim::take_slot: the last freed slot first, its contents left for the caller; otherwise a new slot at the end of
// every parallel vector at once.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/slot_pool.hpp"

TEST(SlotPool, NewSlotsGrowEveryParallelVectorTogether) {
  sim::FreeSlots<std::uint32_t> free;
  std::vector<std::string> names;
  std::vector<int> values;
  for (std::uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(sim::take_slot(free, names, values), i);
    EXPECT_EQ(names.size(), i + 1);
    EXPECT_EQ(values.size(), i + 1);
    EXPECT_EQ(names.back(), "");
    EXPECT_EQ(values.back(), 0);
  }
}

TEST(SlotPool, TheLastFreedSlotIsReusedFirstWithItsContentsLeft) {
  sim::FreeSlots<std::uint64_t> free;
  std::vector<int> values;
  for (int i = 0; i < 4; ++i) values[sim::take_slot(free, values)] = 10 + i;
  sim::release_slot(free, std::uint64_t{1});
  sim::release_slot(free, std::uint64_t{3});
  EXPECT_EQ(sim::take_slot(free, values), 3u);  // last freed, first reused
  EXPECT_EQ(values[3], 13);                     // left for the caller to overwrite
  EXPECT_EQ(sim::take_slot(free, values), 1u);
  EXPECT_TRUE(free.empty());
  EXPECT_EQ(sim::take_slot(free, values), 4u);  // none free: a new one at the end
  EXPECT_EQ(values.size(), 5u);
}

// Freed slots, within the free list's capacity and past it (its growth out of line), come back last freed first.
TEST(SlotPool, ReleasedSlotsComeBackLastFreedFirstAcrossTheFreeListsGrowth) {
  sim::FreeSlots<std::uint32_t> free;
  std::vector<int> values;
  for (int i = 0; i < 100; ++i) sim::take_slot(free, values);
  for (std::uint32_t i = 0; i < 100; ++i) {
    const std::size_t capacity = free.capacity();
    sim::release_slot(free, i);
    EXPECT_EQ(free.size(), i + 1);
    EXPECT_GE(free.capacity(), free.size());
    if (i < capacity) {
      EXPECT_EQ(free.capacity(), capacity);  // within capacity: no reallocation
    }
  }
  for (std::uint32_t i = 100; i-- > 0;) EXPECT_EQ(sim::take_slot(free, values), i);
  EXPECT_EQ(values.size(), 100u);
}
