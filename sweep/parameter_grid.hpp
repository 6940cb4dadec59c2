// The configurations a sweep visits: each --vary NAME=VALUES is one dimension, the grid is their Cartesian product.
// A parameter is an AWS setting applied to every resource of its kind (batch_size to every event source mapping,
// memory to every function...) or a JSON pointer into the scenario (/functions/0/memory_size_mb) for one resource.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loader/diagnostics.hpp"

namespace sweep {

struct Dimension {
  std::string name;                    // as written: "batch_size" or "/producers/0/arrival/rate_per_s"
  std::vector<nlohmann::json> values;  // in the order written, ranges expanded
};

// Parses "NAME=V1,V2,A..B:STEP" (items comma-separated; a range is inclusive, its step defaults to 1). Values are
// numbers, true/false, or strings. Throws std::invalid_argument saying what was expected.
Dimension parse_vary(const std::string& text);

// The parameters with a short name, and what each sets (for --help and errors).
struct KnownParameter {
  const char* name;
  const char* sets;  // in words
};
const std::vector<KnownParameter>& known_parameters();

// Sets one parameter in a scenario document. Throws std::invalid_argument when the scenario has nothing it applies
// to (no event source mapping for batch_size, a JSON pointer whose parent does not exist).
void apply_parameter(nlohmann::json& scenario, const std::string& name, const nlohmann::json& value);

// One configuration: a value for each dimension.
struct GridPoint {
  std::size_t index = 0;
  std::vector<nlohmann::json> values;                                         // values[d] for dimension d
  [[nodiscard]] std::string label(const std::vector<Dimension>& dims) const;  // "batch_size=10 memory=512"
};

// Row-major: the first dimension varies slowest, so the grid reads like nested loops in --vary order.
std::vector<GridPoint> grid_points(const std::vector<Dimension>& dims);

// One configuration: the scenario with each dimension's value set (apply_parameter's exceptions pass through).
nlohmann::json configuration(const nlohmann::json& scenario, const std::vector<Dimension>& dims, const GridPoint& g);

// Everything the scenario loader (and so model::validate, the rules every entry path shares) says of one
// configuration, errors and warnings; a configuration without errors runs. A parameter that applies to nothing in the
// scenario is an error at "--vary NAME".
std::vector<scenarios::Diagnostic> configuration_diagnostics(const nlohmann::json& scenario,
                                                             const std::vector<Dimension>& dims, const GridPoint& g,
                                                             const std::string& file);

// A value as users wrote it: 10, 0.5, true, abc.
std::string value_text(const nlohmann::json& v);

}  // namespace sweep
