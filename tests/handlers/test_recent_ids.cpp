// handlers::RecentIds against a reference model (std::set + std::deque): same membership after every operation, with
// keys drawn from small ranges so probe runs collide, wrap around the table and get shifted by deletions.
#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <random>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

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

// At the order processor's size: forgotten keys stay in the table as expired cells until a new key reuses one or the
// table is rebuilt from the ring; a stream where a third of the keys come back, some within the capacity and some after
// it, checks both paths, and keys sharing their high half (one fingerprint) check that a match is confirmed.
TEST(RecentIds, ForgetsExactlyTheOldestAtTheHandlersSize) {
  std::mt19937_64 rng(13);
  constexpr std::size_t kCapacity = 100'000;
  handlers::RecentIds ids(kCapacity);
  std::unordered_set<std::uint64_t> ref;
  std::deque<std::uint64_t> order;
  std::vector<std::uint64_t> seen;
  std::uint64_t mismatches = 0, rejected = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    std::uint64_t key = rng();
    if (i % 7 == 0) key &= 0xFFFF'FFFFULL;                             // high half 0: all share a fingerprint
    if (i % 3 == 0 && !seen.empty()) key = seen[rng() % seen.size()];  // a key seen before, maybe forgotten
    if (seen.size() < 400'000) seen.push_back(key);
    const bool added = ids.insert(key);
    rejected += !added;
    if (added != !ref.contains(key)) ++mismatches;
    if (added) {
      ref.insert(key);
      order.push_back(key);
      if (order.size() > kCapacity) {
        ref.erase(order.front());
        order.pop_front();
      }
    }
    const std::uint64_t probe = i % 2 ? rng() : seen[rng() % seen.size()];
    if (ids.contains(probe) != ref.contains(probe)) ++mismatches;
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_EQ(ids.size(), kCapacity);
  EXPECT_GT(rejected, 50'000u);  // the stream did bring back keys still held
}

// The order processor's keys: distinct ids must get distinct keys (a shared key would skip a new order as a
// duplicate). MessageId-shaped ids, ids one byte apart at every position, and every length around the word size.
TEST(RecentIds, KeysOfDistinctIdsDiffer) {
  std::unordered_set<std::uint64_t> keys;
  std::mt19937_64 rng(12);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(36, '-');
  for (int n = 0; n < 500'000; ++n) {
    for (std::size_t i = 0; i < id.size(); ++i)
      if (i != 8 && i != 13 && i != 18 && i != 23) id[i] = kHex[rng() & 0xf];
    ASSERT_TRUE(keys.insert(handlers::RecentIds::key_of(id)).second) << id;
  }
  const std::string base = "0f3c1a2b-9d8e-4c7f-8a6b-5e4d3c2b1a09";
  std::unordered_set<std::uint64_t> near;
  near.insert(handlers::RecentIds::key_of(base));
  for (std::size_t i = 0; i < base.size(); ++i) {
    for (const char c : {'x', '\0', '\xff'}) {
      std::string v = base;
      v[i] = c;
      ASSERT_TRUE(near.insert(handlers::RecentIds::key_of(v)).second) << "position " << i;
    }
  }
  // Lengths 0 to 24, including ids that differ only by trailing zero bytes (the last word is zero-padded).
  std::unordered_set<std::uint64_t> lengths;
  for (std::size_t len = 0; len <= 24; ++len) {
    ASSERT_TRUE(lengths.insert(handlers::RecentIds::key_of(std::string(len, 'a'))).second) << len;
    ASSERT_TRUE(lengths.insert(handlers::RecentIds::key_of(std::string(len, '\0'))).second || len == 0) << len;
  }
}
