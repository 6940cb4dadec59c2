// The account's Lambda concurrency pool, shared by every function of a scenario.
#pragma once

#include <cstdint>

namespace model {

class LambdaAccount {
 public:
  explicit LambdaAccount(std::uint32_t concurrency_limit) : limit_(concurrency_limit) {}

  // Lambda: functions with reserved concurrency draw only on their reservation; the others share what is left.
  void reserve(std::uint32_t n) { reserved_ += n; }
  void unreserve(std::uint32_t n) { reserved_ -= n; }
  [[nodiscard]] std::uint32_t unreserved_limit() const { return limit_ > reserved_ ? limit_ - reserved_ : 0; }
  [[nodiscard]] std::uint32_t unreserved_in_use() const { return unreserved_in_use_; }
  bool try_acquire_unreserved() {
    if (unreserved_in_use_ >= unreserved_limit()) return false;
    ++unreserved_in_use_;
    return true;
  }
  void release_unreserved() { --unreserved_in_use_; }
  [[nodiscard]] std::uint32_t concurrency_limit() const { return limit_; }

 private:
  std::uint32_t limit_;
  std::uint32_t reserved_ = 0;
  std::uint32_t unreserved_in_use_ = 0;
};

}  // namespace model
