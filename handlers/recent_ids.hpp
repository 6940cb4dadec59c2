// The set of message ids a handler has recently processed, for idempotency: a fixed capacity, forgetting the oldest
// first. Keys are 64-bit hashes of the ids. The keys themselves live in a ring in insertion order (key number s at
// s mod capacity); an open-addressing table (linear probing) finds them: each cell holds a key's 32-bit fingerprint
// and the low 32 bits of its insertion number, and a match is confirmed against the ring, so answers are exact.
// Why not std::unordered_set: its node per key cost a cache miss or two per lookup, and the order processor looks up
// every record; with a hundred thousand ids per environment that was a quarter of a simulated pipeline's time.
// Why forgetting costs nothing here: a key older than the capacity is not removed from the table (that was a second
// cache miss per record, at the oldest key's cell, and half the one-day run's time on a machine with slow memory);
// its cell counts as expired from its insertion number, a new key reuses the first expired cell on its probe run, and
// when live and expired cells fill three quarters of the table it is rebuilt from the ring (sequential reads).
// boost::unordered_flat_set (Boost 1.81; Debian bookworm ships 1.74) would still pay for the erase of the oldest key.
#pragma once

#include <algorithm>
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

  [[nodiscard]] bool contains(std::uint64_t key) const { return find(key).found; }

  // Adds key (no-op if present); beyond the capacity the oldest key is forgotten. Returns whether it was added.
  bool insert(std::uint64_t key) {
    const Probe p = find(key);
    if (p.found) return false;
    const std::uint64_t number = added_++;
    if (ring_.size() < capacity_) {
      ring_.push_back(key);
    } else {
      ring_[next_] = key;  // the oldest key, number - capacity, expires with it
    }
    next_ = next_ + 1 == capacity_ ? 0 : next_ + 1;
    if (table_.empty()) {
      rebuild();  // the ring already holds the new key
      return true;
    }
    const std::uint64_t cell = cell_of(key, number);
    if (p.expired != kNone) {
      table_[p.expired] = cell;
      return true;
    }
    table_[p.empty] = cell;
    // Live and expired cells together at most three quarters of the table: probe runs stay a cache line or two.
    if (4 * ++occupied_ > 3 * table_.size()) rebuild();
    return true;
  }

  // Starts loading the cells a lookup or insert of `key` will touch. With a hundred thousand ids per environment the
  // table is megabytes and every lookup is a cache miss; asking for a whole batch's cells first lets the misses
  // overlap instead of queueing one after another. A hint only: no effect on results.
  void prefetch(std::uint64_t key) const {
    if (!table_.empty()) __builtin_prefetch(&table_[home(key)]);
  }

  [[nodiscard]] std::size_t size() const {
    return static_cast<std::size_t>(std::min<std::uint64_t>(added_, capacity_));
  }
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

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  // A cell: the key's high 32 bits with the lowest set (so no cell is 0, the empty cell), then the low 32 bits of its
  // insertion number. Key 0 needs no special case: the ring holds the keys themselves.
  static std::uint64_t cell_of(std::uint64_t key, std::uint64_t number) {
    return ((key >> 32 | 1) << 32) | static_cast<std::uint32_t>(number);
  }
  // Keys added after the cell's key, plus one: 1 for the newest. Exact while the true age is under 2^32. Liveness
  // decides only which cells a new key may reuse (a live one never): whether a key is held is always settled by the
  // ring, which holds the live keys themselves, so a long-expired cell whose age wraps to look live is merely kept.
  [[nodiscard]] std::uint32_t age(std::uint64_t cell) const {
    return static_cast<std::uint32_t>(added_) - static_cast<std::uint32_t>(cell);
  }
  [[nodiscard]] bool live(std::uint64_t cell) const { return age(cell) <= capacity_; }

  struct Probe {
    bool found = false;
    std::size_t empty = kNone;    // the empty cell that ended the probe run
    std::size_t expired = kNone;  // the first expired cell on it, which a new key reuses
  };
  // The key's probe run, up to the first empty cell. Expired cells do not end it: a live key may lie beyond one.
  [[nodiscard]] Probe find(std::uint64_t key) const {
    Probe p;
    if (table_.empty()) return p;
    const std::uint64_t tag = (key >> 32 | 1) << 32;
    for (std::size_t i = home(key);; i = (i + 1) & mask()) {
      const std::uint64_t cell = table_[i];
      if (cell == 0) {
        p.empty = i;
        return p;
      }
      if (!live(cell)) {
        if (p.expired == kNone) p.expired = i;
      } else if ((cell & ~std::uint64_t{0xFFFFFFFF}) == tag && ring_[ring_index(cell)] == key) {
        p.found = true;
        return p;
      }
    }
  }
  // Where a live cell's key sits in the ring: its insertion number is the number of keys added minus its age.
  [[nodiscard]] std::size_t ring_index(std::uint64_t cell) const {
    return static_cast<std::size_t>((added_ - age(cell)) % capacity_);
  }

  [[nodiscard]] std::size_t mask() const { return table_.size() - 1; }
  // The keys are already hashes; mixing again spreads hashes whose low bits are correlated.
  [[nodiscard]] std::size_t home(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & mask();
  }
  // The table rebuilt from the ring's live keys, oldest first, in 2.5 cells per key or more (a power of two): a
  // rebuild drops every expired cell, and the next comes only after the table fills again to three quarters.
  void rebuild() {
    const std::size_t n = size();
    const std::size_t cells = std::max<std::size_t>(16, std::bit_ceil(n * 5 / 2 + 1));
    if (cells == table_.size()) {
      std::fill(table_.begin(), table_.end(), 0);
    } else {
      Table(cells, 0).swap(table_);
    }
    std::uint64_t number = added_ - n;
    std::size_t r = static_cast<std::size_t>(number % capacity_);
    for (std::size_t k = 0; k < n; ++k, ++number) {
      const std::uint64_t key = ring_[r];
      r = r + 1 == capacity_ ? 0 : r + 1;
      std::size_t i = home(key);
      while (table_[i] != 0) i = (i + 1) & mask();
      table_[i] = cell_of(key, number);
    }
    occupied_ = n;
  }

  // The table is read at random, once per record: at 2 MiB and more it lives on huge pages.
  using Table = std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>>;
  std::size_t capacity_;
  Table table_;                      // size a power of two, or empty before the first key
  std::vector<std::uint64_t> ring_;  // key number s at s mod capacity_
  std::size_t next_ = 0;             // where the next key goes: added_ mod capacity_
  std::uint64_t added_ = 0;          // keys added so far
  std::size_t occupied_ = 0;         // cells live or expired
};

}  // namespace handlers
