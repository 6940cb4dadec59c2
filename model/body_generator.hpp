// Message bodies for producers: orders shaped like the reference order-processor's, a share of them invalid,
// or a text template. The invalid share is spread evenly (message i is invalid when floor((i+1)f) > floor(i f)),
// so a 50 % share of 100 messages is exactly 50 invalid ones, as in the reference error-rate test.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/spec.hpp"
#include "sim/rng.hpp"

namespace model {

class BodyGenerator {
 public:
  BodyGenerator(BodySpec spec, std::string producer_name)
      : spec_(std::move(spec)), order_prefix_(R"({"order_id":"ORDER-)" + producer_name + "-") {}

  // The body of the producer's seq-th message (0-based). Draws amounts and customers from rng.
  std::string body(std::uint64_t seq, sim::RngEngine& rng) const;
  // The same, written into `out` (its storage reused: one body per message is the producer's hot path).
  void body(std::uint64_t seq, sim::RngEngine& rng, std::string& out) const;
  [[nodiscard]] bool is_invalid(std::uint64_t seq) const;

 private:
  // The decimal text of n, kept from the previous body: a producer asks for consecutive numbers, and adding one to the
  // kept digits costs less than writing the number anew (std::to_chars was a quarter of an order body's work). Any
  // other n is written afresh. The kept text changes no body.
  std::string_view number_text(std::uint64_t n) const {
    // The common case, inline: the next number without a carry changes only the last digit.
    if (has_number_ && n == number_ + 1 && n != 0 && digits_.back() != '9') {
      ++digits_.back();
      number_ = n;
      return {&digits_[first_digit_], digits_.size() - first_digit_};
    }
    return renumber(n);
  }
  std::string_view renumber(std::uint64_t n) const;  // number_text's carries, and any n other than the next

  BodySpec spec_;
  std::string order_prefix_;  // {"order_id":"ORDER-<producer>- : the part of every order body that never changes
  mutable std::array<char, 24> digits_{};  // number_'s digits, right-aligned from first_digit_
  mutable std::size_t first_digit_ = 24;
  mutable std::uint64_t number_ = 0;
  mutable bool has_number_ = false;
};

}  // namespace model
