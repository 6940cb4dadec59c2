#include "gui/controls.hpp"

#include <cmath>
#include <stdexcept>

#include "gui/session.hpp"

namespace gui {

const std::vector<Control>& controls() {
  static const std::vector<Control> kControls = {
      {"batch_size", "BatchSize", "sim:set-batch-size"},
      {"batching_window", "MaximumBatchingWindowInSeconds", "sim:set-batching-window"},
      {"maximum_concurrency", "MaximumConcurrency", "sim:set-maximum-concurrency"},
      {"reserved_concurrency", "reserved concurrency", "sim:set-reserved-concurrency"},
      {"memory", "MemorySize", "sim:set-memory"},
      {"visibility_timeout", "VisibilityTimeout", "sim:set-visibility-timeout"},
      {"max_receive_count", "maxReceiveCount", "sim:set-max-receive-count"},
  };
  return kControls;
}

const Control* find_control(std::string_view name) {
  for (const Control& c : controls())
    if (name == c.name) return &c;
  return nullptr;
}

std::optional<std::string> control_of_action(std::string_view action_id) {
  for (const Control& c : controls())
    if (action_id == c.action_id) return std::string(c.name);
  return std::nullopt;
}

std::string control_labels(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    const Control* c = find_control(names[i]);
    out += c ? c->label : names[i];
  }
  return out;
}

void apply_control(Session& s, std::string_view name, double value) {
  // Counts arrive as JSON numbers; a fraction is refused rather than silently truncated.
  const auto whole = [&] {
    if (!(value >= 0) || value != std::floor(value) || value > 4e9)
      throw std::invalid_argument(std::string(name) + ": expected a whole number, got " + std::to_string(value));
    return static_cast<std::uint32_t>(value);
  };
  if (name == "batch_size")
    s.set_batch_size(whole());
  else if (name == "batching_window")
    s.set_batching_window(value);
  else if (name == "maximum_concurrency")
    s.set_maximum_concurrency(whole());
  else if (name == "reserved_concurrency")
    s.set_reserved_concurrency(whole());
  else if (name == "memory")
    s.set_memory(whole());
  else if (name == "visibility_timeout")
    s.set_visibility_timeout(value);
  else if (name == "max_receive_count")
    s.set_max_receive_count(whole());
  else
    throw std::invalid_argument("unknown control \"" + std::string(name) + "\"");
}

}  // namespace gui
