// Errors and warnings about a scenario, each naming the file, the JSON path, the value and what was expected.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace scenarios {

struct Diagnostic {
  enum class Severity { Error, Warning };
  Severity severity = Severity::Error;
  std::string file;
  std::string path;     // JSONPath-style: $.queues[0].visibility_timeout_s
  std::string message;  // "got 50000, expected a number from 0 to 43200 (SQS VisibilityTimeout: 0 s to 12 h)"

  // "file: error: $.path: message"
  [[nodiscard]] std::string format() const;
};

// Thrown when a scenario has at least one error; carries every diagnostic found, not just the first.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace scenarios
