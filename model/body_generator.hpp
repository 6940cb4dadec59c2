// Message bodies for producers: orders shaped like the reference order-processor's, a share of them invalid,
// or a text template. The invalid share is spread evenly (message i is invalid when floor((i+1)f) > floor(i f)),
// so a 50 % share of 100 messages is exactly 50 invalid ones, as in the reference error-rate test.
#pragma once

#include <cstdint>
#include <string>

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
  BodySpec spec_;
  std::string order_prefix_;  // {"order_id":"ORDER-<producer>- : the part of every order body that never changes
};

}  // namespace model
