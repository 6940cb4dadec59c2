// Reads typed fields out of nlohmann::json while tracking the JSON path, collecting a diagnostic for every problem
// (wrong type, out of range, unknown key) instead of stopping at the first, so a user fixes a file in one pass.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "loader/diagnostics.hpp"
#include "loader/input_file.hpp"
#include "sim/distribution.hpp"
#include "sim/time.hpp"

namespace scenarios {

// Whose naming rule a name follows: AWS's for AWS resources, sqsim's own (safe in stream names, CSV headers and YAML
// keys) for its components. The rules themselves are one table in json_reader.cpp.
enum class NameKind { SqsQueue, LambdaFunction, SnsTopic, DynamoDbTable, CloudWatchAlarm, Component, Scenario };

// Empty when `name` follows its naming rule, else what breaks it ("the character ','", "81 characters").
std::string name_problem(const std::string& name, NameKind kind);
// The rule in words ("SQS queue names: 1 to 80 characters, ...").
std::string name_rule(NameKind kind);
// `name` made to follow its rule: characters it does not allow become '_' (a FIFO queue's .fifo suffix is kept), cut
// to the longest length allowed. Unchanged when it already follows the rule.
std::string valid_name(const std::string& name, NameKind kind);

class JsonReader {
 public:
  explicit JsonReader(std::string file) : file_(std::move(file)) {}

  void error(const std::string& path, const std::string& message);
  void warning(const std::string& path, const std::string& message);
  [[nodiscard]] bool has_errors() const;
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diags_; }
  [[nodiscard]] const std::string& file() const { return file_; }

  // True if j is an object; otherwise an error. Reports keys not in `allowed` (keys starting with '_' are comments).
  bool expect_object(const nlohmann::json& j, const std::string& path, const std::vector<std::string>& allowed);

  // Optional fields: absent -> the fallback. `what` explains the AWS rule behind the range, for the message.
  double number(const nlohmann::json& obj, const std::string& path, const std::string& key, double fallback, double lo,
                double hi, const std::string& what);
  std::int64_t integer(const nlohmann::json& obj, const std::string& path, const std::string& key,
                       std::int64_t fallback, std::int64_t lo, std::int64_t hi, const std::string& what);
  std::optional<std::int64_t> optional_integer(const nlohmann::json& obj, const std::string& path,
                                               const std::string& key, std::int64_t lo, std::int64_t hi,
                                               const std::string& what);
  bool boolean(const nlohmann::json& obj, const std::string& path, const std::string& key, bool fallback);
  std::string string(const nlohmann::json& obj, const std::string& path, const std::string& key,
                     const std::string& fallback, bool required = false);
  // A required name checked against its naming rule (an error naming the rule otherwise).
  std::string name(const nlohmann::json& obj, const std::string& path, const std::string& key, NameKind kind,
                   const std::string& fallback = "", bool required = true);
  std::string one_of(const nlohmann::json& obj, const std::string& path, const std::string& key,
                     const std::string& fallback, const std::vector<std::string>& choices);
  // Seconds as a JSON number (fractions allowed), converted to integer microseconds.
  sim::Time seconds(const nlohmann::json& obj, const std::string& path, const std::string& key, sim::Time fallback,
                    double lo_s, double hi_s, const std::string& what);
  // A distribution: a plain number (fixed) or {"type": fixed|uniform|exponential|lognormal|normal, ...}.
  sim::DistributionSpec distribution(const nlohmann::json& obj, const std::string& path, const std::string& key,
                                     sim::DistributionSpec fallback, double lo, double hi, const std::string& unit);

  // {"type": "empirical", "samples_ms": [...]} or {"type": "empirical", "file": "x.csv", "column": "c"}.
  sim::DistributionSpec empirical(const nlohmann::json& v, const std::string& path, sim::DistributionSpec fallback,
                                  double lo, double hi, const std::string& unit);

  static std::string child(const std::string& path, const std::string& key) { return path + "." + key; }
  static std::string index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }
  static std::string show(const nlohmann::json& v);

 private:
  std::string file_;
  std::vector<Diagnostic> diags_;
};

// Input documents nest at most this deep (arrays and objects): deeper is refused while parsing, before any recursive
// code (copying, printing, walking a filter pattern) can overflow the stack on it. Documented in
// docs/scenario-format.md.
inline constexpr std::size_t kMaxJsonNesting = 64;

// Parses a whole JSON document into a value, reporting into `r`: invalid JSON at its line and column, a number out of
// range (1e400) and nesting deeper than kMaxJsonNesting at their JSON path and position; a duplicate key is a
// warning at its path (the later value is used, as every JSON reader here does). nullopt after an error.
std::optional<nlohmann::json> parse_document(std::string_view text, JsonReader& r);

// The text of an input file, or nullopt with r's error at "$": missing, unreadable, a folder, or over
// kMaxInputFileBytes.
std::optional<std::string> read_input_file(const std::string& path, JsonReader& r);

// The byte offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, at most
// U+10FFFF), or nullopt when the whole text is.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// "line 3, column 7" for a byte offset into a text (parse errors point users at the spot).
std::string line_column(std::string_view text, std::size_t byte);

// "1 to 900" with integers printed without decimals.
std::string range_text(double lo, double hi);

}  // namespace scenarios
