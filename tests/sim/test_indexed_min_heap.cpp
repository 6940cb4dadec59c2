// sim::IndexedMinHeap against std::set, the structure it replaced for Lambda's idle environments: after every push,
// removal of the least and removal of an arbitrary id, both agree on the size and on the least entry.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "sim/indexed_min_heap.hpp"

namespace {

TEST(IndexedMinHeap, AgreesWithAnOrderedSetUnderRandomPushesAndRemovals) {
  std::mt19937_64 rng(20261201);
  for (int round = 0; round < 20; ++round) {
    sim::IndexedMinHeap heap;
    std::set<std::pair<std::int64_t, std::uint32_t>> ref;
    std::vector<std::int64_t> key_of(64, 0);
    // Few distinct keys in some rounds, so ties between keys are broken by id.
    const std::int64_t key_range = round % 2 == 0 ? 5 : 1'000'000;
    for (int step = 0; step < 5000; ++step) {
      const auto id = static_cast<std::uint32_t>(rng() % key_of.size());
      switch (rng() % 3) {
        case 0:
          if (!heap.contains(id)) {
            key_of[id] = static_cast<std::int64_t>(rng() % key_range) - key_range / 2;
            heap.push(key_of[id], id);
            ref.insert({key_of[id], id});
          }
          break;
        case 1:
          if (!heap.empty()) {  // the least taken by pop() in one half of the rounds, by erase() in the other
            ASSERT_EQ(heap.top(), ref.begin()->second);
            if (round < 10) {
              ASSERT_EQ(heap.pop(), ref.begin()->second);
            } else {
              heap.erase(heap.top());
            }
            ref.erase(ref.begin());
          }
          break;
        default:
          heap.erase(id);  // present or not
          ref.erase({key_of[id], id});
          break;
      }
      ASSERT_EQ(heap.size(), ref.size());
      ASSERT_EQ(heap.contains(id), ref.count({key_of[id], id}) == 1);
      if (!ref.empty()) {
        ASSERT_EQ(heap.top(), ref.begin()->second) << "round " << round << " step " << step;
      }
    }
  }
}

TEST(IndexedMinHeap, RemovingAnAbsentIdChangesNothing) {
  sim::IndexedMinHeap heap;
  heap.erase(3);  // never pushed, beyond every position kept
  heap.push(10, 1);
  heap.push(-4, 7);
  heap.erase(2);
  EXPECT_EQ(heap.size(), 2u);
  EXPECT_EQ(heap.top(), 7u);
  heap.erase(7);
  heap.erase(7);
  EXPECT_EQ(heap.top(), 1u);
  EXPECT_FALSE(heap.contains(7));
}

}  // namespace
