#include "app/process_heap.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace app {

void prepare_heap() {
#if defined(__GLIBC__)
  // Blocks up to 256 MiB from the heap; 512 MiB of free heap kept before any is returned; the heap grown 16 MiB
  // beyond each request, so it grows seldom.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // Grow the heap by 64 MiB, mark its whole 2 MiB pages for huge pages, and give it back to malloc, which keeps it
  // (the trim threshold above) and serves the run from it. Nothing is touched here, so nothing is committed yet.
  constexpr std::size_t kHeap = std::size_t{64} << 20, kHugePage = std::size_t{2} << 20;
  void* block = std::malloc(kHeap);
  if (block == nullptr) return;
  const auto at = reinterpret_cast<std::uintptr_t>(block);
  const std::uintptr_t begin = (at + kHugePage - 1) / kHugePage * kHugePage;
  const std::uintptr_t end = (at + kHeap) / kHugePage * kHugePage;
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // a hint only
  std::free(block);
#endif
#endif
}

}  // namespace app
