// HugePageAllocator: small allocations as operator new gives them, 2 MiB and more aligned to 2 MiB (what a huge page
// needs), every element usable, and a vector on it behaving as one on std::allocator.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <new>
#include <vector>

#include "handlers/huge_page_allocator.hpp"

namespace {

using handlers::HugePageAllocator;

TEST(HugePageAllocator, LargeAllocationsAreAlignedToAHugePage) {
  HugePageAllocator<std::uint64_t> a;
  constexpr std::size_t kHuge = HugePageAllocator<std::uint64_t>::kHugePage;
  // Exactly one huge page, a little over one (rounded up to two), and a little under one (operator new).
  for (const std::size_t n : {kHuge / 8, kHuge / 8 + 1, 3 * kHuge / 8, kHuge / 8 - 1, std::size_t{1}}) {
    std::uint64_t* p = a.allocate(n);
    ASSERT_NE(p, nullptr);
    if (n * 8 >= kHuge) {
      EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % kHuge, 0u) << n;
    }
    for (std::size_t i = 0; i < n; ++i) p[i] = i * 3;  // every element is writable (ASan checks the bounds)
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += p[i];
    EXPECT_EQ(sum, 3 * (n * (n - 1) / 2));
    a.deallocate(p, n);
  }
  EXPECT_THROW((void)a.allocate(static_cast<std::size_t>(-1) / 4), std::bad_array_new_length);
}

TEST(HugePageAllocator, AVectorOnItIsAVector) {
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> v;
  std::vector<std::uint64_t> plain;
  for (std::uint64_t i = 0; i < 600'000; ++i) {  // grows through the 2 MiB threshold (262,144 elements)
    v.push_back(i * i);
    plain.push_back(i * i);
  }
  ASSERT_EQ(v.size(), plain.size());
  EXPECT_TRUE(std::equal(v.begin(), v.end(), plain.begin()));
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> copy = v;
  v.clear();
  v.shrink_to_fit();
  EXPECT_TRUE(std::equal(copy.begin(), copy.end(), plain.begin()));
  EXPECT_TRUE(HugePageAllocator<int>{} == HugePageAllocator<int>(HugePageAllocator<double>{}));
  EXPECT_TRUE(HugePageAllocator<int>{} == HugePageAllocator<double>{});
  EXPECT_FALSE(HugePageAllocator<int>{} != HugePageAllocator<double>{});
}

}  // namespace
