// The simulated side of handlers/dependencies.hpp: a DynamoDB-like table, a downstream service, an event publisher,
// a clock and a logger for one function, shared by its execution environments. Every call takes virtual time drawn
// from its latency distribution; the function adds the time its handler's calls took to the invocation's duration,
// and a call the deadline falls inside throws lambda::DeadlineExceeded (Lambda stops the invocation there, so nothing
// after it happens). Capacity, throttling, errors and GameDay faults (a slower or unreachable downstream) act on the
// calls, and the table counts its request units for the cost model.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "handlers/dependencies.hpp"
#include "model/spec.hpp"
#include "sim/engine.hpp"
#include "sim/rng.hpp"

namespace model {

class Publisher;

// The current invocation's virtual time: where it started, the time its calls have taken, and its budget.
struct InvocationMeter {
  sim::Time started{0};
  sim::Time elapsed{0};
  sim::Time budget = sim::Time::max();  // time left for calls once compute and injected delays are counted
  bool deadline_hit = false;
  // Spends `t`; past the budget the deadline is hit: the meter stops at the budget and DeadlineExceeded is thrown.
  void spend(sim::Time t);
  [[nodiscard]] sim::Time now() const { return started + elapsed; }
};

struct TableCounters {
  std::uint64_t reads = 0, writes = 0, conditional_check_failures = 0, throttled = 0, errors = 0, expired_items = 0;
  double read_units = 0, write_units = 0;  // request units (on-demand billing)
};

struct DownstreamCounters {
  std::uint64_t calls = 0, ok = 0, errors = 0, throttled = 0, timeouts = 0;
};

// GameDay faults on the downstream: added latency per call (sim:downstream-slowdown), unreachable
// (sim:downstream-outage: every call waits the client timeout and fails).
struct DownstreamFaults {
  sim::Time added_latency{0};
  bool outage = false;
};

class SimulatedDependencies {
 public:
  // `spec` must outlive this; the streams are the function's own.
  SimulatedDependencies(const FunctionSpec& spec, sim::RngEngine table_stream, sim::RngEngine downstream_stream);

  // What a handler of this function is given at init: members for the dependencies the function has.
  [[nodiscard]] lambda::Dependencies handles();
  // Before each invocation: the meter its calls charge.
  void begin_invocation(sim::Time now, sim::Time budget);
  [[nodiscard]] const InvocationMeter& meter() const { return meter_; }

  void set_publisher(Publisher* p) { publisher_target_ = p; }
  void set_downstream_faults(const DownstreamFaults& f) { downstream_faults_ = f; }

  [[nodiscard]] const TableCounters& table_counters() const { return table_.counters; }
  [[nodiscard]] const DownstreamCounters& downstream_counters() const { return downstream_.counters; }
  [[nodiscard]] std::uint64_t log_lines() const { return logger_.lines; }
  [[nodiscard]] const std::map<std::string, std::uint64_t>& log_levels() const { return logger_.by_level; }
  [[nodiscard]] std::uint64_t published() const { return publisher_.published; }

 private:
  struct Clock final : lambda::Clock {
    SimulatedDependencies* d = nullptr;
    [[nodiscard]] std::int64_t now_ms() const override { return d->meter_.now().us / 1000; }
    void sleep_ms(std::int64_t ms) override { d->meter_.spend(sim::millis(ms)); }
  };
  struct Table final : lambda::KeyValueTable {
    SimulatedDependencies* d = nullptr;
    TableCounters counters;
    struct Item {
      std::string value;
      sim::Time expires_at = sim::Time::max();
    };
    std::map<std::string, Item> items;  // ordered: no hash order can leak into results
    std::int64_t second = -1;
    double reads_this_second = 0, writes_this_second = 0;
    PutResult put_if_absent(const std::string& key, const std::string& value, std::int64_t ttl_s) override;
    GetResult get(const std::string& key) override;
    // Latency, errors and provisioned capacity for one request of `units`; Ok to go on.
    lambda::CallStatus request(bool write, double units);
  };
  struct Downstream final : lambda::Downstream {
    SimulatedDependencies* d = nullptr;
    DownstreamCounters counters;
    std::int64_t second = -1;
    double this_second = 0;
    Response call(const std::string& request) override;
  };
  struct EventPublisher final : lambda::EventPublisher {
    SimulatedDependencies* d = nullptr;
    std::uint64_t published = 0;
    lambda::CallStatus publish(const std::string& body) override;
  };
  struct Logger final : lambda::Logger {
    std::uint64_t lines = 0;
    std::map<std::string, std::uint64_t> by_level;
    void log(const std::string& level, const std::string& message) override;
  };

  const FunctionSpec& spec_;
  sim::RngEngine table_rng_, downstream_rng_;
  InvocationMeter meter_;
  Clock clock_;
  Table table_;
  Downstream downstream_;
  EventPublisher publisher_;
  Logger logger_;
  Publisher* publisher_target_ = nullptr;
  DownstreamFaults downstream_faults_;
};

}  // namespace model
