// The set of message ids a handler has recently processed, for idempotency: a fixed capacity, forgetting the oldest
// first. Keys are 64-bit hashes of the ids, stored in an open-addressing table (linear probing, backward-shift
// deletion) that grows with what it holds, plus a ring of the keys in insertion order.
// Why not std::unordered_set: its node per key cost a cache miss or two per lookup, and the order processor looks up
// every record; with a hundred thousand ids per environment that was a quarter of a simulated pipeline's time.
// boost::unordered_flat_set would do this, but it needs Boost 1.81 and Debian bookworm ships 1.74.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "handlers/huge_page_allocator.hpp"

namespace handlers {

class RecentIds {
 public:
  explicit RecentIds(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // The key of an id: a 64-bit hash that reads it eight bytes at a time (a multiply and a shift per word, then a
  // final mix). FNV-1a, a multiply per byte, was a quarter of the order processor's work per record on 36-character
  // MessageIds. Two ids share a key as rarely as with any 64-bit hash (about n^2 / 2^65 for n ids); only then could
  // the set mistake a new id for a processed one, as with the hashes before.
  [[nodiscard]] static std::uint64_t key_of(std::string_view id) {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ id.size();
    std::size_t i = 0;
    for (; i + 8 <= id.size(); i += 8) h = absorb(h, word(id.data() + i, 8));
    if (i < id.size()) h = absorb(h, word(id.data() + i, id.size() - i));
    // SplitMix64's finaliser: every input bit reaches every key bit.
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
    return h ^ (h >> 31);
  }

  [[nodiscard]] bool contains(std::uint64_t key) const {
    if (key == kEmpty) return zero_present_;
    if (table_.empty()) return false;
    for (std::size_t i = home(key);; i = (i + 1) & mask()) {
      if (table_[i] == key) return true;
      if (table_[i] == kEmpty) return false;
    }
  }

  // Adds key (no-op if present); beyond the capacity the oldest key is forgotten. Returns whether it was added.
  bool insert(std::uint64_t key) {
    if (contains(key)) return false;
    if (ring_.size() == capacity_) {
      erase(ring_[next_]);
      ring_[next_] = key;
      next_ = (next_ + 1) % capacity_;
    } else {
      ring_.push_back(key);
    }
    ++size_;
    if (key == kEmpty) {
      zero_present_ = true;
      return true;
    }
    // Load factor at most 1/2 keeps probe sequences short.
    if (2 * size_ > table_.size()) rehash(table_.empty() ? 16 : 2 * table_.size());
    place(key);
    return true;
  }

  // Starts loading the cells a lookup or insert of `key` will touch. With a hundred thousand ids per environment the
  // table is megabytes and every lookup is a cache miss; asking for a whole batch's cells first lets the misses
  // overlap instead of queueing one after another. A hint only: no effect on results.
  void prefetch(std::uint64_t key) const {
    if (!table_.empty()) __builtin_prefetch(&table_[home(key)]);
  }
  // Likewise for the `n` oldest keys, which the next n inserts will forget.
  void prefetch_oldest(std::size_t n) const {
    if (ring_.size() < capacity_) return;
    for (std::size_t k = 0; k < n && k < capacity_; ++k) prefetch(ring_[(next_ + k) % capacity_]);
  }

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::size_t capacity() const { return capacity_; }

 private:
  // Up to eight bytes as a little-endian word (p[0] lowest) on every machine, so a key does not depend on byte order.
  static std::uint64_t word(const char* p, std::size_t n) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
    return w;
  }
  static std::uint64_t absorb(std::uint64_t h, std::uint64_t w) {
    h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
    return h ^ (h >> 32);
  }

  static constexpr std::uint64_t kEmpty = 0;  // marks an empty cell; key 0 itself is kept in zero_present_
  [[nodiscard]] std::size_t mask() const { return table_.size() - 1; }
  // The keys are already hashes; mixing again spreads hashes whose low bits are correlated.
  [[nodiscard]] std::size_t home(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & mask();
  }
  void place(std::uint64_t key) {
    std::size_t i = home(key);
    while (table_[i] != kEmpty) i = (i + 1) & mask();
    table_[i] = key;
  }
  void erase(std::uint64_t key) {
    if (key == kEmpty) {
      if (zero_present_) --size_;
      zero_present_ = false;
      return;
    }
    std::size_t i = home(key);
    while (table_[i] != key) {
      if (table_[i] == kEmpty) return;
      i = (i + 1) & mask();
    }
    // Backward-shift deletion: move later members of the probe run into the hole when their home allows it.
    for (std::size_t j = (i + 1) & mask(); table_[j] != kEmpty; j = (j + 1) & mask()) {
      const std::size_t h = home(table_[j]);
      // table_[j] may move to i if i lies cyclically in [h, j).
      const bool movable = i <= j ? (h <= i || h > j) : (h <= i && h > j);
      if (movable) {
        table_[i] = table_[j];
        i = j;
      }
    }
    table_[i] = kEmpty;
    --size_;
  }
  void rehash(std::size_t cells) {
    Table old(cells, kEmpty);
    old.swap(table_);
    for (const std::uint64_t k : old)
      if (k != kEmpty) place(k);
  }

  // The table is read at random, once or twice per record: at 2 MiB and more it lives on huge pages.
  using Table = std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>>;
  std::size_t capacity_;
  Table table_;                      // size a power of two, or empty
  std::vector<std::uint64_t> ring_;  // keys oldest first from next_ once full
  std::size_t next_ = 0;
  std::size_t size_ = 0;  // keys held, key 0 included
  bool zero_present_ = false;
};

}  // namespace handlers
