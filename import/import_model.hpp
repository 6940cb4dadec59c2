// What a config reader (Terraform plan, CloudFormation, SAM) found, before it becomes scenario JSON: plain structs
// keyed by the resource's id in the source (logical id or resource address), each value with the path it was read at
// so warnings can point into the source file.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace scenarios::import {

// A value read from the config, and where ("Resources.Q.Properties.VisibilityTimeout").
struct Sourced {
  nlohmann::json value;
  std::string path;
};

// Values keyed by the scenario-key table's path key ("queue.visibility_timeout_s"); see scenario_keys.hpp.
using Fields = std::map<std::string, Sourced>;

struct ImportedRedrive {
  std::string dead_letter_queue_id;          // id of a queue in ImportModel::queues
  std::optional<Sourced> max_receive_count;  // unknown when the plan computes the policy at apply time
  std::string path;                          // where the policy was read
};

struct ImportedQueue {
  std::string id;      // logical id, resource address, or the ARN of a queue defined elsewhere
  std::string name;    // the SQS queue name used in the scenario
  std::string origin;  // path of the resource in the source ("Resources.MyQueue")
  Fields fields;
  std::optional<ImportedRedrive> redrive;
  std::vector<std::string> notes;  // written as the queue's "_comment"
};

struct ImportedFunction {
  std::string id;
  std::string name;
  std::string origin;
  Fields fields;
  std::vector<std::string> notes;
};

struct ImportedMapping {
  std::string id;
  std::string origin;
  std::string queue_id;     // id in ImportModel::queues
  std::string function_id;  // id in ImportModel::functions
  Fields fields;
  std::vector<std::string> notes;
};

struct ImportModel {
  std::string file;  // label of the source, first part of every warning
  std::map<std::string, ImportedQueue> queues;
  std::map<std::string, ImportedFunction> functions;
  std::map<std::string, ImportedMapping> mappings;
  std::vector<std::string> warnings;

  // "<file>: <path>: <message>"
  void warn(const std::string& path, const std::string& message) {
    warnings.push_back(file + ": " + path + ": " + message);
  }

  // The id of a stand-in queue (AWS defaults) for a queue the source only refers to, e.g. by ARN; added once.
  std::string stand_in_queue(const std::string& id, const std::string& name, const std::string& why) {
    auto [it, added] = queues.try_emplace(id);
    if (added) {
      it->second.id = id;
      it->second.name = name;
      it->second.notes.push_back("Not defined in " + file + " (" + why +
                                 "); AWS defaults are assumed: set its attributes to match the real queue.");
    }
    return id;
  }
  // The same for a function the source only names (a literal name or ARN in an event source mapping).
  std::string stand_in_function(const std::string& id, const std::string& name, const std::string& why) {
    auto [it, added] = functions.try_emplace(id);
    if (added) {
      it->second.id = id;
      it->second.name = name;
      it->second.notes.push_back("Not defined in " + file + " (" + why +
                                 "); AWS defaults are assumed: set its memory, timeout and concurrency.");
    }
    return id;
  }
};

}  // namespace scenarios::import
