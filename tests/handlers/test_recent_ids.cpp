// handlers::RecentIds against a reference model (std::set + std::deque): same membership after every operation, with
// keys drawn from small ranges so probe runs collide, wrap around the table and get shifted by deletions.
#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <random>
#include <set>

#include "handlers/recent_ids.hpp"

TEST(RecentIds, MatchesAReferenceSetThatForgetsTheOldest) {
  std::mt19937_64 rng(11);
  for (const std::size_t capacity : {1u, 2u, 7u, 64u, 1000u}) {
    for (const std::uint64_t key_range : {4ull, 100ull, 5000ull}) {
      handlers::RecentIds ids(capacity);
      std::set<std::uint64_t> ref;
      std::deque<std::uint64_t> order;
      for (int i = 0; i < 20000; ++i) {
        // Low bits only vary, and key 0 appears: the worst inputs for the table's home slots.
        const std::uint64_t key = (rng() % key_range) << (i % 2 ? 0 : 40);
        const bool added = ids.insert(key);
        ASSERT_EQ(added, !ref.contains(key));
        if (added) {
          ref.insert(key);
          order.push_back(key);
          if (order.size() > capacity) {
            ref.erase(order.front());
            order.pop_front();
          }
        }
        ASSERT_EQ(ids.size(), ref.size());
        const std::uint64_t probe = (rng() % key_range) << (i % 3 ? 0 : 40);
        ASSERT_EQ(ids.contains(probe), ref.contains(probe)) << "capacity " << capacity << " probe " << probe;
      }
    }
  }
}
