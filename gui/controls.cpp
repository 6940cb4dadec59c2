#include "gui/controls.hpp"

#include "gui/session.hpp"

namespace gui {

const std::vector<Control>& controls() {
  // Built once from the action table: constant data, the same for every dashboard in the process.
  static const std::vector<Control> kControls = [] {
    std::vector<Control> out;
    for (const model::ActionDefinition& d : model::action_table()) {
      if (d.control.name.empty()) continue;
      const std::string_view unit = d.parameters.empty() ? std::string_view() : d.parameters.front().unit;
      out.push_back(
          Control{std::string(d.control.name), std::string(d.control.label), std::string(d.id), std::string(unit), &d});
    }
    return out;
  }();
  return kControls;
}

const Control* find_control(std::string_view name) {
  for (const Control& c : controls())
    if (name == c.name) return &c;
  return nullptr;
}

std::optional<std::string> control_of_action(std::string_view action_id) {
  for (const Control& c : controls())
    if (action_id == c.action_id) return c.name;
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
  const Control* c = find_control(name);
  if (!c) throw std::invalid_argument("unknown control \"" + std::string(name) + "\"");
  s.change(*c, value);
}

}  // namespace gui
