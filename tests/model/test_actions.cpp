// The action table (model/actions): one row per GameDay action kind, sane parameters, and docs/gameday.md's actions
// table generated from it. When the docs test fails, it prints the section to paste; SQSIM_UPDATE_DOCS=1 rewrites it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "model/actions.hpp"

namespace {

const std::string kDocs = std::string(SQSIM_SOURCE_DIR) + "/docs/gameday.md";
const std::string kBegin = "<!-- actions table: generated from model/actions.cpp (tests/model/test_actions.cpp) -->\n";
const std::string kEnd = "<!-- end of the generated actions table -->\n";

TEST(ActionTable, EveryKindHasOneRowWithAUniqueId) {
  std::set<std::string_view> ids;
  std::set<model::GameDayAction::Kind> kinds;
  for (const model::ActionDefinition& d : model::action_table()) {
    EXPECT_TRUE(ids.insert(d.id).second) << d.id;
    EXPECT_TRUE(kinds.insert(d.kind).second) << d.id;
    EXPECT_EQ(&model::action_definition(d.kind), &d);
    EXPECT_EQ(model::find_action(d.id), &d);
    EXPECT_FALSE(d.summary.empty()) << d.id;
    EXPECT_FALSE(d.effect.empty()) << d.id;
  }
  EXPECT_EQ(kinds.size(), static_cast<std::size_t>(model::GameDayAction::Kind::SetMaxReceiveCount) + 1);
  EXPECT_EQ(model::find_action("aws:lambda:invocation-explode"), nullptr);
}

TEST(ActionTable, EachBehaviourHasWhatItNeedsAndDefaultsLieInTheirRanges) {
  for (const model::ActionDefinition& d : model::action_table()) {
    const model::ActionBehaviour& b = d.behaviour;
    switch (b.effect) {
      case model::ActionEffect::FunctionFault:
        EXPECT_NE(b.fault, nullptr) << d.id;
        EXPECT_EQ(d.target, model::TargetKind::Functions) << d.id;
        break;
      case model::ActionEffect::Combined:
        EXPECT_TRUE(b.combine != nullptr && b.set_combined != nullptr) << d.id;
        break;
      case model::ActionEffect::Once:
        EXPECT_NE(b.once, nullptr) << d.id;
        break;
      case model::ActionEffect::Setting:
        EXPECT_TRUE(b.current != nullptr && b.set != nullptr && b.edit_spec != nullptr) << d.id;
        break;
      case model::ActionEffect::Wait:
        EXPECT_EQ(d.target, model::TargetKind::None) << d.id;
        break;
    }
    for (const model::ActionParameter& p : d.parameters)
      if (p.numeric()) {
        EXPECT_TRUE(p.range.contains(p.fallback)) << d.id << " " << p.key;
      }
  }
  // The settings share the AWS ranges a scenario file's fields have.
  EXPECT_EQ(model::find_parameter(*model::find_action("sim:set-batch-size"), "value")->range.hi,
            model::ranges::kBatchSize.hi);
  EXPECT_EQ(model::find_parameter(*model::find_action("sim:set-visibility-timeout"), "value")->range.hi, 43200);
}

TEST(ActionTable, TheEffectInWordsNamesTheTargetsAndTheValues) {
  model::GameDayAction a;
  a.kind = model::GameDayAction::Kind::LambdaHttpResponse;
  a.targets = {"f", "g"};
  a.invocation_percentage = 25;
  a.status_code = 503;
  a.prevent_execution = true;
  EXPECT_EQ(model::describe(a), "f, g: 25 % of invocations return HTTP 503 without running the handler");
  a.kind = model::GameDayAction::Kind::SetBatchingWindow;
  a.value = 2.5;
  EXPECT_EQ(model::describe(a), "f, g: MaximumBatchingWindowInSeconds 2.5");
}

TEST(ActionTable, DocsGamedayMdHoldsTheGeneratedTable) {
  std::ifstream in(kDocs);
  ASSERT_TRUE(in) << kDocs;
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  const auto b = doc.find(kBegin), e = doc.find(kEnd);
  ASSERT_NE(b, std::string::npos) << "docs/gameday.md lacks the marker " << kBegin;
  ASSERT_NE(e, std::string::npos) << "docs/gameday.md lacks the marker " << kEnd;
  const std::string section = doc.substr(b + kBegin.size(), e - b - kBegin.size());
  const std::string expected = model::actions_markdown();
  if (section != expected && std::getenv("SQSIM_UPDATE_DOCS") != nullptr) {
    doc.replace(b + kBegin.size(), e - b - kBegin.size(), expected);
    std::ofstream(kDocs, std::ios::binary) << doc;
    return;
  }
  EXPECT_EQ(section, expected) << "docs/gameday.md's actions table differs from model/actions.cpp; rerun with "
                                  "SQSIM_UPDATE_DOCS=1 to rewrite it";
}

}  // namespace
