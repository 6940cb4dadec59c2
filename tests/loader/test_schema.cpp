// scenarios/schema/scenario.schema.json against the loader: every shipped scenario conforms to the schema, and edits
// the loader rejects (unknown keys, out-of-range values, unknown enum values) the schema rejects too. The check below
// implements the subset of JSON Schema the file uses (type, properties, additionalProperties, patternProperties,
// required, enum, minimum/maximum, items, min/maxItems, oneOf, $ref) — Debian has no JSON Schema validator for C++.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "loader/scenario_loader.hpp"
#include "model/actions.hpp"
#include "model/aws_ranges.hpp"

namespace {

using nlohmann::json;

json read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return json::parse(s.str());
}

class SchemaCheck {
 public:
  explicit SchemaCheck(json schema) : root_(std::move(schema)) {}
  // Problems found (empty: valid).
  std::vector<std::string> check(const json& v) {
    problems_.clear();
    walk(root_, v, "$");
    return problems_;
  }

 private:
  const json& resolve(const json& s) {
    if (s.contains("$ref")) {
      const std::string ref = s.at("$ref").get<std::string>();  // "#/$defs/name"
      return root_.at("$defs").at(ref.substr(ref.rfind('/') + 1));
    }
    return s;
  }
  bool type_ok(const json& t, const json& v) {
    if (t.is_array()) return std::any_of(t.begin(), t.end(), [&](const json& x) { return type_ok(x, v); });
    const std::string n = t.get<std::string>();
    return (n == "object" && v.is_object()) || (n == "array" && v.is_array()) || (n == "string" && v.is_string()) ||
           (n == "boolean" && v.is_boolean()) || (n == "number" && v.is_number()) ||
           (n == "integer" &&
            (v.is_number_integer() || (v.is_number_float() && v.get<double>() == std::floor(v.get<double>()))));
  }
  void walk(const json& schema, const json& v, const std::string& path) {
    const json& s = resolve(schema);
    if (s.contains("oneOf")) {
      int matches = 0;
      for (const json& alt : s.at("oneOf")) {
        const auto saved = problems_;
        walk(alt, v, path);
        if (problems_.size() == saved.size()) ++matches;
        problems_ = saved;
      }
      if (matches != 1) problems_.push_back(path + ": matches " + std::to_string(matches) + " of oneOf");
      return;
    }
    if (s.contains("type") && !type_ok(s.at("type"), v)) {
      problems_.push_back(path + ": wrong type");
      return;
    }
    if (s.contains("enum") && std::find(s.at("enum").begin(), s.at("enum").end(), v) == s.at("enum").end())
      problems_.push_back(path + ": not in enum");
    if (v.is_number()) {
      if (s.contains("minimum") && v.get<double>() < s.at("minimum").get<double>())
        problems_.push_back(path + ": below minimum");
      if (s.contains("maximum") && v.get<double>() > s.at("maximum").get<double>())
        problems_.push_back(path + ": above maximum");
    }
    if (v.is_array()) {
      if (s.contains("maxItems") && v.size() > s.at("maxItems").get<std::size_t>())
        problems_.push_back(path + ": too many items");
      if (s.contains("minItems") && v.size() < s.at("minItems").get<std::size_t>())
        problems_.push_back(path + ": too few items");
      if (s.contains("items"))
        for (std::size_t i = 0; i < v.size(); ++i) walk(s.at("items"), v[i], path + "[" + std::to_string(i) + "]");
    }
    if (v.is_object()) {
      for (const auto& k : s.value("required", json::array()))
        if (!v.contains(k.get<std::string>())) problems_.push_back(path + ": missing " + k.get<std::string>());
      for (const auto& [k, x] : v.items()) {
        const std::string p = path + "." + k;
        if (s.contains("properties") && s.at("properties").contains(k)) {
          walk(s.at("properties").at(k), x, p);
        } else if (s.contains("patternProperties") && k.starts_with("_")) {
          // a comment
        } else if (s.contains("additionalProperties")) {
          const json& ap = s.at("additionalProperties");
          if (ap.is_boolean()) {
            if (!ap.get<bool>()) problems_.push_back(p + ": not allowed");
          } else {
            walk(ap, x, p);
          }
        }
      }
    }
  }
  json root_;
  std::vector<std::string> problems_;
};

const std::string kDir = std::string(SQSIM_SOURCE_DIR) + "/scenarios/";

TEST(ScenarioSchema, EveryShippedScenarioConforms) {
  SchemaCheck schema(read(kDir + "schema/scenario.schema.json"));
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(kDir)) {
    if (e.path().extension() != ".json") continue;
    ++n;
    const auto problems = schema.check(read(e.path().string()));
    std::string all;
    for (const auto& p : problems) all += p + "\n";
    EXPECT_TRUE(problems.empty()) << e.path() << "\n" << all;
  }
  EXPECT_GE(n, 10);
}

TEST(ScenarioSchema, WhatTheLoaderRejectsTheSchemaRejects) {
  SchemaCheck schema(read(kDir + "schema/scenario.schema.json"));
  const json base = read(kDir + "order-processor.json");
  const std::vector<std::pair<std::string, json>> edits = {
      {"/queues/1/visibility_timeout_s", 50000},            // above 12 h
      {"/queues/1/colour", "blue"},                         // unknown key
      {"/functions/0/memory_size_mb", 64},                  // below 128 MB
      {"/functions/0/architecture", "sparc"},               // unknown enum value
      {"/event_source_mappings/0/batch_size", 20000},       // above 10,000
      {"/event_source_mappings/0/maximum_concurrency", 1},  // below 2
      {"/alarms/0/comparison_operator", "Above"},
      {"/producers/0/arrival/type", "bursty"},
  };
  for (const auto& [pointer, value] : edits) {
    json edited = base;
    edited[json::json_pointer(pointer)] = value;
    EXPECT_FALSE(schema.check(edited).empty()) << pointer << " accepted by the schema";
    EXPECT_THROW(scenarios::load_scenario_text(edited.dump(), "edited.json"), scenarios::ScenarioError)
        << pointer << " accepted by the loader";
  }
  EXPECT_TRUE(schema.check(base).empty());
}

}  // namespace

namespace {

// The schema's minimum/maximum are the AWS ranges model::validate holds specs to (model/aws_ranges.hpp).
TEST(ScenarioSchema, RangesAreTheOnesTheModelValidates) {
  const json schema = read(kDir + "schema/scenario.schema.json");
  for (const model::RangedField& f : model::ranged_fields()) {
    const std::string where = std::string(f.schema_def) + "/" + std::string(f.property);
    json node = schema.at("$defs").at(std::string(f.schema_def));
    std::string rest(f.property);
    while (!rest.empty()) {
      const auto slash = rest.find('/');
      const std::string key = rest.substr(0, slash);
      rest = slash == std::string::npos ? "" : rest.substr(slash + 1);
      ASSERT_TRUE(node.contains("properties") && node.at("properties").contains(key)) << where;
      node = node.at("properties").at(key);
    }
    ASSERT_TRUE(node.contains("minimum") && node.contains("maximum")) << where << " has no minimum/maximum";
    EXPECT_EQ(node.at("minimum").get<double>(), f.range->lo) << where << " (" << f.range->rule << ")";
    EXPECT_EQ(node.at("maximum").get<double>(), f.range->hi) << where << " (" << f.range->rule << ")";
  }
}

// The schema's GameDay actionIds are the action table's, in its order.
TEST(ScenarioSchema, GameDayActionIdsAreTheActionTable) {
  const json schema = read(kDir + "schema/scenario.schema.json");
  std::vector<std::string> ids;
  for (const model::ActionDefinition& d : model::action_table()) ids.emplace_back(d.id);
  EXPECT_EQ(schema.at("$defs")
                .at("gameday_action")
                .at("properties")
                .at("actionId")
                .at("enum")
                .get<std::vector<std::string>>(),
            ids);
}

}  // namespace
