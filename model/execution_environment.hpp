// A Lambda execution environment: one handler instance, created at init (a cold start), reused while warm,
// reclaimed after an idle keep-alive period. In-memory handler state lives and dies with it, as in production.
#pragma once

#include <cstdint>
#include <memory>

#include "handlers/handler.hpp"
#include "sim/lazy_timer.hpp"
#include "sim/time.hpp"

namespace model {

enum class EnvironmentState : std::uint8_t { Initializing, Busy, Idle, Reclaimed };

struct ExecutionEnvironment {
  std::uint32_t id = 0;
  EnvironmentState state = EnvironmentState::Initializing;
  std::uint32_t generation = 0;  // bumped on each state change: stale keep-alive timers are ignored
  sim::Time created_at;
  sim::Time last_used_at;
  std::uint64_t invocations = 0;
  std::uint64_t created_seq = 0;  // creation order (for the newest-created idle choice)
  bool provisioned = false;
  bool holds_unreserved = false;  // its current invocation took a unit of the account's unreserved pool
  // The keep-alive: armed while an on-demand environment is idle, for when Lambda reclaims it. Survives the slot's
  // reuse by a new environment, so an event left pending by the previous one is recognised as stale.
  sim::LazyTimer reclaim_timer;
  std::unique_ptr<lambda::SqsHandler> handler;
};

}  // namespace model
