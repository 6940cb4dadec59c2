#include "loader/diagnostics.hpp"

#include <utility>

namespace scenarios {

std::string Diagnostic::format() const {
  return file + ": " + (severity == Severity::Error ? "error" : "warning") + ": " + path + ": " + message;
}

namespace {
std::string join(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const Diagnostic& d : ds) {
    if (d.severity != Diagnostic::Severity::Error) continue;
    if (!out.empty()) out += '\n';
    out += d.format();
  }
  return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace scenarios
