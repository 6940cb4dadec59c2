// sim::IndexedStack against what it stands for in Lambda's idle environments: an ordered set keyed by a decreasing push
// counter (most recently pushed least). After every push, removal of the top and removal of an arbitrary id, both
// agree on the size, on membership and on the top.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "sim/indexed_stack.hpp"

namespace {

TEST(IndexedStack, AgreesWithAnOrderedSetKeyedByReversePushOrder) {
  std::mt19937_64 rng(20261201);
  for (int round = 0; round < 20; ++round) {
    sim::IndexedStack stack;
    std::set<std::pair<std::int64_t, std::uint32_t>> ref;
    std::vector<std::int64_t> key_of(64, 0);
    std::int64_t pushes = 0;
    const std::uint64_t ids = round % 2 == 0 ? 4 : 64;  // small rounds empty the stack often
    for (int step = 0; step < 5000; ++step) {
      const auto id = static_cast<std::uint32_t>(rng() % ids);
      switch (rng() % 3) {
        case 0:
          if (!stack.contains(id)) {
            stack.push(id);
            key_of[id] = -(++pushes);
            ref.insert({key_of[id], id});
          }
          break;
        case 1:
          if (!stack.empty()) {  // the top taken by pop() in one half of the rounds, by erase() in the other
            ASSERT_EQ(stack.top(), ref.begin()->second);
            const std::uint32_t top = stack.top();
            if (round < 10) {
              ASSERT_EQ(stack.pop(), top);
            } else {
              stack.erase(top);
            }
            ref.erase(ref.begin());
          }
          break;
        default:
          stack.erase(id);  // present or not, at the top, the bottom or between
          ref.erase({key_of[id], id});
          break;
      }
      ASSERT_EQ(stack.size(), ref.size());
      ASSERT_EQ(stack.empty(), ref.empty());
      ASSERT_EQ(stack.contains(id), ref.count({key_of[id], id}) == 1);
      if (!ref.empty()) {
        ASSERT_EQ(stack.top(), ref.begin()->second) << "round " << round << " step " << step;
      }
    }
  }
}

TEST(IndexedStack, RemovingFromTheMiddleKeepsTheOrderOfTheRest) {
  sim::IndexedStack s;
  s.erase(9);  // never pushed, beyond every link kept
  for (std::uint32_t id : {3u, 1u, 4u, 0u, 2u}) s.push(id);
  s.erase(4);  // between 1 and 0
  s.erase(3);  // the bottom
  EXPECT_EQ(s.size(), 3u);
  EXPECT_FALSE(s.contains(4));
  std::vector<std::uint32_t> order;
  while (!s.empty()) {
    order.push_back(s.top());
    s.erase(s.top());
  }
  EXPECT_EQ(order, (std::vector<std::uint32_t>{2, 0, 1}));
  s.push(4);  // an id pushed again after its removal
  EXPECT_EQ(s.top(), 4u);
  EXPECT_EQ(s.size(), 1u);
}

}  // namespace
