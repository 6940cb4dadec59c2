// One validation per component spec: its AWS ranges (model/aws_ranges.hpp) and its cross-field rules, in one place,
// called from every way a spec is made or changed: the scenario loader, GameDay actions (a set-* action is checked by
// writing its value into a copy of the spec), the dashboard (through the GameDay loader), sweep configurations
// (through the loader) and the importer's keys (the same range table). Every rule runs even when another has failed,
// so one call lists every problem.
#pragma once

#include <string>
#include <vector>

#include "model/spec.hpp"

namespace model {

struct Finding {
  bool error = true;    // false: a warning (AWS advice)
  std::string path;     // JSONPath-style, as the scenario file spells the key: $.event_source_mappings[0].batch_size
  std::string message;  // "got 25, expected at most 10 unless ..."
};

class Diagnostics {
 public:
  void error(std::string path, std::string message) {
    findings_.push_back({true, std::move(path), std::move(message)});
  }
  void warning(std::string path, std::string message) {
    findings_.push_back({false, std::move(path), std::move(message)});
  }
  [[nodiscard]] const std::vector<Finding>& findings() const { return findings_; }
  [[nodiscard]] bool has_errors() const;

 private:
  std::vector<Finding> findings_;
};

// `path` is where the spec sits in a scenario file ("$.queues[1]"); findings extend it with the key.
void validate(const QueueSpec& q, Diagnostics& d, const std::string& path);
void validate(const FunctionSpec& f, Diagnostics& d, const std::string& path);
// `source`: the queue the mapping reads, when known (FIFO sources have their own rules).
void validate(const EventSourceMappingSpec& m, const QueueSpec* source, Diagnostics& d, const std::string& path);
void validate(const ArrivalSpec& a, Diagnostics& d, const std::string& path);
void validate(const ProducerSpec& p, Diagnostics& d, const std::string& path);
// Every component above at its path, and the rules across components (FIFO mappings, reserved concurrency against the
// account limit, AWS's visibility timeout advice).
void validate(const ScenarioSpec& s, Diagnostics& d);

}  // namespace model
