// sim::SortedIds against std::set, for Lambda's idle environments taken newest created first: after every insert,
// removal of the greatest and removal of an arbitrary entry, both agree on the size, the membership and the greatest
// entry.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "sim/sorted_ids.hpp"

namespace {

TEST(SortedIds, AgreesWithAnOrderedSetUnderRandomInsertsAndRemovals) {
  std::mt19937_64 rng(20261201);
  for (int round = 0; round < 20; ++round) {
    sim::SortedIds ids;
    std::set<std::pair<std::uint64_t, std::uint32_t>> ref;
    std::vector<std::uint64_t> key_of(64, 0);
    std::uint64_t next_key = 1000;
    for (int step = 0; step < 5000; ++step) {
      const auto id = static_cast<std::uint32_t>(rng() % key_of.size());
      switch (rng() % 3) {
        case 0:
          if (!ids.contains(key_of[id], id)) {
            // Keys unique, as creation orders are: in half of the rounds each new key is the greatest so far (an
            // environment created now), in the other anywhere (the walk from the back gives way to a binary search).
            key_of[id] = round % 2 == 0 ? ++next_key : (rng() % 1'000'000) * 64 + id;
            ids.insert(key_of[id], id);
            ref.insert({key_of[id], id});
          }
          break;
        case 1:
          if (!ids.empty()) {
            ASSERT_EQ(ids.greatest(), ref.rbegin()->second);
            ASSERT_EQ(ids.take_greatest(), ref.rbegin()->second);
            ref.erase(std::prev(ref.end()));
          }
          break;
        default:
          ids.erase(key_of[id], id);  // present or not
          ref.erase({key_of[id], id});
          break;
      }
      ASSERT_EQ(ids.size(), ref.size());
      ASSERT_EQ(ids.contains(key_of[id], id), ref.count({key_of[id], id}) == 1);
      if (!ref.empty()) {
        ASSERT_EQ(ids.greatest(), ref.rbegin()->second) << "round " << round << " step " << step;
      }
    }
  }
}

TEST(SortedIds, RemovingAnAbsentEntryChangesNothing) {
  sim::SortedIds ids;
  ids.erase(5, 3);  // never inserted
  ids.insert(10, 1);
  ids.insert(4, 7);
  ids.erase(10, 2);  // the key of another id
  ids.erase(6, 7);   // an id under another key
  EXPECT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids.greatest(), 1u);
  EXPECT_EQ(ids.take_greatest(), 1u);
  EXPECT_EQ(ids.greatest(), 7u);
  ids.erase(4, 7);
  ids.erase(4, 7);
  EXPECT_TRUE(ids.empty());
}

// Inserting below many greater keys walks a few entries from the back, then searches: the order holds either way.
TEST(SortedIds, KeepsKeyOrderWhenAnEntryLandsFarFromTheBack) {
  sim::SortedIds ids;
  for (std::uint32_t i = 0; i < 40; ++i) ids.insert(100 + 2 * i, i);
  ids.insert(101, 90);  // just above the least: 39 entries after it
  ids.insert(177, 91);  // just below the greatest
  ids.insert(50, 92);   // the least of all
  std::vector<std::uint32_t> order;
  while (!ids.empty()) order.push_back(ids.take_greatest());
  std::vector<std::uint32_t> expected;
  expected.push_back(39);
  expected.push_back(91);
  for (std::uint32_t i = 38; i >= 1; --i) expected.push_back(i);
  expected.push_back(90);
  expected.push_back(0);
  expected.push_back(92);
  EXPECT_EQ(order, expected);
}

}  // namespace
