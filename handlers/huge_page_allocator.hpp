// An allocator for large tables read at random: an allocation of 2 MiB or more is aligned to 2 MiB and marked for
// transparent huge pages (Linux madvise MADV_HUGEPAGE), so the processor needs one TLB entry per 2 MiB instead of one
// per 4 KiB page. Why: the order processor's idempotency tables (2 MiB per execution environment, dozens of them in a
// simulated day) are read at random, one lookup per record; with 4 KiB pages nearly every lookup also missed the TLB,
// and the page walks, which do not overlap the way prefetched loads do, serialised the batch's cache misses
// (docs/performance.md measures it). Smaller allocations go to operator new as usual. Only where memory lies changes:
// no effect on any result. Where madvise or the kernel's huge pages are unavailable, the hint does nothing.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace handlers {

template <class T>
struct HugePageAllocator {
  // operator new's default alignment is all the small path gives.
  static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__, "HugePageAllocator: over-aligned element type");
  using value_type = T;
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT(google-explicit-constructor): allocators rebind so

  T* allocate(std::size_t n) {
    if (n > (static_cast<std::size_t>(-1) - kHugePage) / sizeof(T)) throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kHugePage) return static_cast<T*>(::operator new(bytes));
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;  // aligned_alloc wants a multiple
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    (void)madvise(p, rounded, MADV_HUGEPAGE);  // a hint: failure leaves ordinary pages
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kHugePage) {
      ::operator delete(p);
    } else {
      std::free(p);
    }
  }
};

// Stateless: any two compare equal, also across element types (as a rebound allocator must).
template <class T, class U>
bool operator==(const HugePageAllocator<T>&, const HugePageAllocator<U>&) {
  return true;
}

}  // namespace handlers
