// sim::MostlySortedQueue must pop exactly what a binary heap would, whatever mix of in-order and out-of-order pushes.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <queue>
#include <random>
#include <vector>

#include "sim/mostly_sorted_queue.hpp"

namespace {
struct Key {
  std::int64_t at;
  std::uint64_t id;
  bool operator>(const Key& o) const { return at > o.at || (at == o.at && id > o.id); }
  bool operator==(const Key&) const = default;
};
}  // namespace

TEST(MostlySortedQueue, PopsInTheOrderOfABinaryHeap) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 50; ++round) {
    sim::MostlySortedQueue<Key> q;
    std::priority_queue<Key, std::vector<Key>, std::greater<>> ref;
    std::int64_t clock = 0;
    std::uint64_t id = 0;
    const unsigned out_of_order_percent = static_cast<unsigned>(round * 2);  // 0 % .. 98 %
    for (int i = 0; i < 2000; ++i) {
      const unsigned r = static_cast<unsigned>(rng() % 100);
      if (r < 60) {
        clock += static_cast<std::int64_t>(rng() % 3);  // ties happen
        const std::int64_t at =
            rng() % 100 < out_of_order_percent ? clock - static_cast<std::int64_t>(rng() % 50) : clock;
        q.push(Key{at, id});
        ref.push(Key{at, id});
        ++id;
      } else if (!ref.empty()) {
        ASSERT_FALSE(q.empty());
        ASSERT_EQ(q.top(), ref.top());
        q.pop();
        ref.pop();
      }
      ASSERT_EQ(q.size(), ref.size());
    }
    // erase_if keeps the order of what remains.
    q.erase_if([](const Key& k) { return k.id % 3 == 0; });
    std::vector<Key> rest;
    while (!ref.empty()) {
      if (ref.top().id % 3 != 0) rest.push_back(ref.top());
      ref.pop();
    }
    for (const Key& k : rest) {
      ASSERT_EQ(q.top(), k);
      q.pop();
    }
    EXPECT_TRUE(q.empty());
  }
}
