// Maps handler names used in scenarios to factories. A value, not a global: each simulation holds its own.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "handlers/handler.hpp"

namespace handlers {

class HandlerRegistry {
 public:
  using Factory = std::function<std::unique_ptr<lambda::SqsHandler>(const nlohmann::json& config)>;

  void add(std::string name, Factory factory) { factories_[std::move(name)] = std::move(factory); }
  [[nodiscard]] bool contains(std::string_view name) const { return factories_.find(name) != factories_.end(); }
  // Throws std::invalid_argument for an unknown name.
  [[nodiscard]] std::unique_ptr<lambda::SqsHandler> create(std::string_view name, const nlohmann::json& config) const;
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  std::map<std::string, Factory, std::less<>> factories_;
};

// The handlers built into sqsim: "order-processor", "always-succeed", "always-fail".
HandlerRegistry builtin_handlers();

}  // namespace handlers
