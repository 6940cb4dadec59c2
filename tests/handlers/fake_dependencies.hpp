// Hand-made dependencies for handler tests: a clock that only moves when asked, an in-memory table, a downstream
// that answers from a script, a logger that keeps its lines.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "handlers/dependencies.hpp"

namespace fakes {

using lambda::CallStatus;

struct FakeClock : lambda::Clock {
  std::int64_t t = 0;
  std::int64_t slept = 0;
  [[nodiscard]] std::int64_t now_ms() const override { return t; }
  void sleep_ms(std::int64_t ms) override {
    t += ms;
    slept += ms;
  }
};

struct FakeTable : lambda::KeyValueTable {
  std::map<std::string, std::string> items;
  int puts = 0, gets = 0;
  std::int64_t last_ttl_s = -1;
  CallStatus next = CallStatus::Ok;
  PutResult put_if_absent(const std::string& k, const std::string& v, std::int64_t ttl_s) override {
    ++puts;
    last_ttl_s = ttl_s;
    if (next != CallStatus::Ok) return {next, false};
    return {CallStatus::Ok, items.emplace(k, v).second};
  }
  GetResult get(const std::string& k) override {
    ++gets;
    const auto it = items.find(k);
    return {CallStatus::Ok, it == items.end() ? std::nullopt : std::optional<std::string>(it->second)};
  }
};

struct FakeDownstream : lambda::Downstream {
  std::deque<CallStatus> script;  // statuses to return, then Ok
  int calls = 0;
  Response call(const std::string&) override {
    ++calls;
    if (script.empty()) return {CallStatus::Ok, "{}"};
    const CallStatus s = script.front();
    script.pop_front();
    return {s, ""};
  }
};

struct FakeLogger : lambda::Logger {
  std::vector<std::string> lines;
  void log(const std::string& level, const std::string& m) override { lines.push_back(level + " " + m); }
};

struct Rig {
  FakeClock clock;
  FakeTable table;
  FakeDownstream downstream;
  FakeLogger logger;
  lambda::Dependencies deps() { return {&clock, &table, &downstream, nullptr, &logger}; }
};

}  // namespace fakes
