// Lambda's idle on-demand execution environments, in the order an invocation takes them. AWS does not document
// which idle environment it reuses, so the scenario chooses (FunctionSpec::IdleEnvironmentChoice): the most
// recently used (a stack: O(1) per invocation) or the newest created (a vector sorted by creation order: the newest
// is taken from its back in O(1), and one going idle, usually among the newest, is inserted near the back).
#pragma once

#include <cstdint>

#include "model/spec.hpp"
#include "sim/indexed_stack.hpp"
#include "sim/sorted_ids.hpp"

namespace model {

class IdleEnvironments {
 public:
  explicit IdleEnvironments(FunctionSpec::IdleEnvironmentChoice choice)
      : newest_created_(choice == FunctionSpec::IdleEnvironmentChoice::NewestCreated) {}

  [[nodiscard]] bool empty() const { return newest_created_ ? by_creation_.empty() : by_use_.empty(); }
  // The environment just went idle; created_seq is its creation order (higher: newer).
  void add(std::uint32_t env_id, std::uint64_t created_seq) {
    if (newest_created_) {
      by_creation_.insert(created_seq, env_id);
    } else {
      by_use_.push(env_id);
    }
  }
  // Removes and returns the environment the next invocation reuses. Precondition: !empty().
  std::uint32_t take() { return newest_created_ ? by_creation_.take_greatest() : by_use_.pop(); }
  // Its keep-alive ended: reclaimed (nothing when it is not idle). created_seq is the one add() was given.
  void remove(std::uint32_t env_id, std::uint64_t created_seq) {
    if (newest_created_) {
      by_creation_.erase(created_seq, env_id);
    } else {
      by_use_.erase(env_id);
    }
  }

 private:
  bool newest_created_;
  sim::IndexedStack by_use_;    // most recently used on top
  sim::SortedIds by_creation_;  // key: creation order, the newest last
};

}  // namespace model
