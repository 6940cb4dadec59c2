// Exercises, headless: every reference lesson has one; its worked answer, played as a scripted session, meets the
// goal under the judgement `sqsim run` uses; its common mistake is rejected with the failing part named; the attempt
// is recorded in the exported session, whose replay judges the same goal the same way.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "gui/controls.hpp"
#include "gui/exercise.hpp"
#include "gui/lessons.hpp"
#include "gui_test_support.hpp"
#include "judge/judgement.hpp"
#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/gameday_report.hpp"

namespace {

using gui_test::kRoot;

std::vector<gui::Lesson> lessons() {
  return gui::load_lessons(kRoot + "/gui/lessons.json", kRoot);
}

const gui::Lesson& lesson(const std::vector<gui::Lesson>& all, const std::string& file) {
  const auto it =
      std::find_if(all.begin(), all.end(), [&](const gui::Lesson& l) { return l.file.string().ends_with(file); });
  if (it == all.end()) throw std::runtime_error("no lesson " + file);
  return *it;
}

using gui_test::temp_dir;

TEST(GuiExercise, EveryReferenceLessonHasAnExercise) {
  const auto all = lessons();
  ASSERT_EQ(all.size(), 9U);
  for (const gui::Lesson& l : all) {
    ASSERT_TRUE(l.exercise.has_value()) << l.title;
    EXPECT_FALSE(l.exercise->task.empty()) << l.title;
    EXPECT_GE(l.exercise->hints.size(), 2U) << l.title;
    EXPECT_FALSE(l.exercise->answer.empty()) << l.title;
  }
}

// One test per lesson (ctest runs them in parallel): the worked answer solves it, the common mistake fails it.
class EveryLesson : public testing::TestWithParam<std::size_t> {};

TEST_P(EveryLesson, ItsAnswerSolvesTheExerciseAndItsCommonMistakeFails) {
  const auto all = lessons();
  ASSERT_LT(GetParam(), all.size());
  const gui::Lesson& l = all[GetParam()];
  SCOPED_TRACE(l.title);
  ASSERT_TRUE(l.exercise.has_value());
  const gui::Exercise& e = *l.exercise;

  gui::Coach right(e);
  auto s = right.open(l.file.string());
  right.play(*s, e.answer);
  const gui::Verdict good = right.check(*s);
  EXPECT_TRUE(good.passed) << good.explanation();
  EXPECT_TRUE(s->finished());
  EXPECT_EQ(good.parts.size(), e.goal.size());
  EXPECT_EQ(good.explanation().rfind("Goal met:", 0), 0U) << good.explanation();

  gui::Coach wrong(e);
  auto w = wrong.open(l.file.string());
  wrong.play(*w, e.mistake);
  const gui::Verdict bad = wrong.check(*w);
  EXPECT_FALSE(bad.passed) << "the common mistake should fail: " << e.mistake_why;
  // It says which part failed and why (the measured value against its bound), or which rule was broken.
  const bool named = std::any_of(bad.parts.begin(), bad.parts.end(),
                                 [](const gui::GoalPart& p) { return !p.passed && !p.detail.empty(); }) ||
                     !bad.rule_breaks.empty();
  EXPECT_TRUE(named) << bad.explanation();
  EXPECT_EQ(bad.explanation().rfind("Not yet.", 0), 0U) << bad.explanation();
}

// What `sqsim run DIR/session-scenario.json` says of an exported session: the single judgement of its replay.
judge::Judgement judge_export(gui::Session& s, const std::string& tag) {
  const auto dir = temp_dir(tag);
  const auto file = s.export_to(dir);
  const auto loaded = scenarios::load_scenario_file(file.string());
  model::Simulation replay(loaded.spec, loaded.spec.seed);
  replay.run();
  std::filesystem::remove_all(dir);
  return judge::judge(replay);
}

// The dashboard's verdict is `sqsim run`'s on the export: the worked answer's export passes, the mistake's fails,
// with the same parts (the lesson's own GameDay expectations are not part of the exercise).
TEST_P(EveryLesson, ItsExportedAnswerPassesSqsimRunAndItsMistakeFailsIt) {
  const auto all = lessons();
  ASSERT_LT(GetParam(), all.size());
  const gui::Lesson& l = all[GetParam()];
  SCOPED_TRACE(l.title);
  const gui::Exercise& e = *l.exercise;
  gui::Coach c(e);
  for (const bool answer : {true, false}) {
    auto s = c.open(l.file.string());
    c.play(*s, answer ? e.answer : e.mistake);
    const gui::Verdict v = c.check(*s);
    const judge::Judgement run = judge_export(*s, answer ? "answer" : "mistake");
    EXPECT_EQ(run.passed(), answer) << (answer ? "answer" : "mistake") << ": " << v.explanation();
    EXPECT_EQ(v.passed, run.passed()) << v.explanation();
    EXPECT_TRUE(run.expectations.empty());
    ASSERT_EQ(run.slos.size(), e.goal.size());
    for (std::size_t i = 0; i < run.slos.size(); ++i) {
      EXPECT_EQ(run.slos[i].passed, v.parts[i].passed) << run.slos[i].name;
      EXPECT_EQ(run.slos[i].detail, v.parts[i].detail) << run.slos[i].name;
    }
  }
}

// Doing nothing never meets a goal: each exercise asks for a change the unchanged scenario misses, in a form
// `sqsim run` can judge (not only in the dashboard's "require" rules).
TEST_P(EveryLesson, TheUnchangedScenarioMissesTheGoal) {
  const auto all = lessons();
  ASSERT_LT(GetParam(), all.size());
  const gui::Lesson& l = all[GetParam()];
  SCOPED_TRACE(l.title);
  gui::Coach c(*l.exercise);
  auto s = c.open(l.file.string());
  const gui::Verdict v = c.check(*s);
  EXPECT_TRUE(v.rule_breaks.empty());
  EXPECT_FALSE(v.judgement.passed()) << v.explanation();
}

// A measured figure as a mistake's "why" writes it: counts with thousands separators ("68,616 throttles" reads
// "68,616"), seconds whole ("299 s"), latencies in seconds under a minute ("2.8 s"), else in minutes ("7.1 min").
std::string as_written(const judge::Verdict& v) {
  if (v.unit == "s") return fmt::format("{:.0f} s", v.measured);
  if (v.unit == "ms")
    return v.measured < 60000 ? fmt::format("{:.1f} s", v.measured / 1000)
                              : fmt::format("{:.1f} min", v.measured / 60000);
  std::string digits = fmt::format("{:.0f}", v.measured), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// The numbers in a mistake's "why" are the ones the mistake measures: each failing SLO's figure, as written, appears
// in it (they drifted once: 283 for 293, "about 28,700" for 68,616).
TEST_P(EveryLesson, ItsMistakesWhyQuotesTheMeasuredFigures) {
  const auto all = lessons();
  ASSERT_LT(GetParam(), all.size());
  const gui::Lesson& l = all[GetParam()];
  SCOPED_TRACE(l.title);
  const gui::Exercise& e = *l.exercise;
  gui::Coach c(e);
  auto s = c.open(l.file.string());
  c.play(*s, e.mistake);
  const gui::Verdict v = c.check(*s);
  for (const judge::Verdict& slo : v.judgement.slos) {
    if (slo.passed) continue;
    EXPECT_NE(e.mistake_why.find(as_written(slo)), std::string::npos)
        << "\"" << e.mistake_why << "\" should quote " << slo.name << ": " << as_written(slo) << " (" << slo.detail
        << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(GuiExercise, EveryLesson, testing::Range<std::size_t>(0, 9));

TEST(GuiExercise, TheVerdictNamesTheFailedPartWithItsNumbers) {
  const auto all = lessons();
  const gui::Lesson& l = lesson(all, "scenarios/throttling-pitfall.json");
  gui::Coach c(*l.exercise);
  auto s = c.open(l.file.string());
  c.apply(*s, "maximum_concurrency", 20);
  const gui::Verdict v = c.check(*s);
  ASSERT_FALSE(v.passed);
  const auto throttles =
      std::find_if(v.parts.begin(), v.parts.end(), [](const gui::GoalPart& p) { return p.type == "max_throttles"; });
  ASSERT_NE(throttles, v.parts.end());
  EXPECT_FALSE(throttles->passed);
  EXPECT_EQ(throttles->detail, "293 throttles (bound 0)");
  EXPECT_NE(v.explanation().find("Failed: no throttled batch — 293 throttles (bound 0)."), std::string::npos)
      << v.explanation();
  // The DLQ part held: only what failed is called a failure.
  EXPECT_EQ(v.explanation().find("Failed: no valid job"), std::string::npos);
}

TEST(GuiExercise, AControlTheExerciseDoesNotAllowIsRefusedAndJudgedIfMadeAnyway) {
  const auto all = lessons();
  const gui::Lesson& l = lesson(all, "scenarios/throttling-pitfall.json");
  gui::Coach c(*l.exercise);
  auto s = c.open(l.file.string());
  EXPECT_FALSE(c.allows("reserved_concurrency"));
  try {
    c.apply(*s, "reserved_concurrency", 100);
    FAIL() << "raising reserved concurrency is not part of this exercise";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("not reserved concurrency"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(s->changes().empty());
  // Made through the session directly (a script, the what-if panel): the goal may be met, the rule is not.
  gui::apply_control(*s, "reserved_concurrency", 100);
  const gui::Verdict v = c.check(*s);
  EXPECT_FALSE(v.passed);
  ASSERT_EQ(v.rule_breaks.size(), 1U);
  EXPECT_NE(v.rule_breaks[0].find("does not let you touch"), std::string::npos) << v.rule_breaks[0];
}

TEST(GuiExercise, ARequiredChangeMustBeMadeWithinItsBounds) {
  // A dashboard-only rule (`sqsim run` cannot see it; no reference lesson relies on one): an exercise may require a
  // change within bounds. Here, on the FIFO lesson, "VisibilityTimeout at most 20 s".
  const auto all = lessons();
  gui::Exercise e = *lesson(all, "scenarios/fifo-orders-redrive.json").exercise;
  e.require.push_back(gui::Requirement{"visibility_timeout", std::nullopt, 20.0});
  gui::Coach c(e);
  auto s = c.open(lesson(all, "scenarios/fifo-orders-redrive.json").file.string());
  const gui::Verdict none = c.check(*s);
  EXPECT_FALSE(none.passed);
  ASSERT_EQ(none.rule_breaks.size(), 1U);
  EXPECT_NE(none.rule_breaks[0].find("VisibilityTimeout at most 20: you did not change it"), std::string::npos)
      << none.rule_breaks[0];
  auto high = c.open(lesson(all, "scenarios/fifo-orders-redrive.json").file.string());
  c.apply(*high, "visibility_timeout", 30);
  const gui::Verdict v = c.check(*high);
  ASSERT_EQ(v.rule_breaks.size(), 1U);
  EXPECT_NE(v.rule_breaks[0].find("you left it at 30"), std::string::npos) << v.rule_breaks[0];
}

TEST(GuiExercise, HintsAreRevealedInTurnThenTheAnswer) {
  const auto all = lessons();
  gui::Coach c(*lesson(all, "scenarios/order-processor.json").exercise);
  EXPECT_EQ(c.hints_shown(), 0U);
  EXPECT_FALSE(c.answer_unlocked());
  const std::string* first = c.reveal_hint();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(*first, c.exercise().hints[0]);
  while (c.reveal_hint() != nullptr) {
  }
  EXPECT_EQ(c.hints_shown(), c.exercise().hints.size());
  EXPECT_TRUE(c.answer_unlocked());
}

TEST(GuiExercise, AttemptsAreExportedAndTheReplayJudgesTheSameGoalTheSameWay) {
  const auto all = lessons();
  const gui::Lesson& l = lesson(all, "scenarios/order-processor.json");
  gui::Coach c(*l.exercise);
  auto s = c.open(l.file.string());
  c.play(*s, l.exercise->mistake);
  const gui::Verdict first = c.check(*s);
  ASSERT_FALSE(first.passed);
  s->restart(s->seed());  // try again: same seed, changes forgotten, attempts kept
  c.play(*s, l.exercise->answer);
  const gui::Verdict second = c.check(*s);
  ASSERT_TRUE(second.passed) << second.explanation();
  ASSERT_EQ(s->attempts().size(), 2U);

  const auto dir = temp_dir("export");
  const auto file = s->export_to(dir);
  std::ifstream in(dir / "session-timeline.json");
  const nlohmann::json timeline = nlohmann::json::parse(in);
  const nlohmann::json& attempts = timeline.at("exercise").at("attempts");
  ASSERT_EQ(attempts.size(), 2U);
  EXPECT_FALSE(attempts[0]["passed"].get<bool>());
  EXPECT_EQ(attempts[0]["changes"][0]["change"], "maxReceiveCount 1 on order-processor-queue");
  EXPECT_TRUE(attempts[1]["passed"].get<bool>());
  EXPECT_EQ(attempts[1]["changes"][0]["change"], "VisibilityTimeout 30 s on order-processor-queue");
  EXPECT_EQ(timeline["exercise"]["goal"], l.exercise->goal);

  // `sqsim run session-scenario.json`: the goal is the scenario's "slos", judged to the same verdict and numbers.
  const auto loaded = scenarios::load_scenario_file(file.string());
  model::Simulation replay(loaded.spec, loaded.spec.seed);
  replay.run();
  const auto slos = reports::evaluate_slos(replay);
  ASSERT_EQ(slos.size(), second.parts.size());
  for (std::size_t i = 0; i < slos.size(); ++i) {
    EXPECT_EQ(slos[i].name, second.parts[i].name);
    EXPECT_EQ(slos[i].passed, second.parts[i].passed);
    EXPECT_EQ(slos[i].detail, second.parts[i].detail);
  }
  std::filesystem::remove_all(dir);
}

TEST(GuiExercise, ABadExerciseIsRefusedNamingItsPlaceInTheLessonsFile) {
  const auto dir = temp_dir("bad");
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& exercise) {
    std::ofstream(dir / "lessons.json") << R"({"lessons": [{"file": "scenarios/order-processor.json", "title": "t",
      "watch": "w", "exercise": )" << exercise
                                        << "}]}";
    return (dir / "lessons.json").string();
  };
  const std::string ok_rest =
      R"("controls": ["batch_size"], "hints": ["h"], "answer": [], "mistake": {"changes": [], "why": "w"}})";
  const auto message = [&](const std::string& exercise) {
    try {
      gui::load_lessons(write(exercise), kRoot);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  // A goal the scenario loader refuses, reported where it is written.
  EXPECT_NE(message(R"({"task": "x", "goal": [{"name": "n", "type": "max_throttles", "max": -1}], )" + ok_rest)
                .find("lessons.json: error: $.lessons[0].exercise.goal[0]"),
            std::string::npos)
      << message(R"({"task": "x", "goal": [{"name": "n", "type": "max_throttles", "max": -1}], )" + ok_rest);
  EXPECT_NE(message(R"({"task": "x", "goal": [{"name": "n", "type": "no_such_type"}], )" + ok_rest)
                .find("$.lessons[0].exercise.goal[0]"),
            std::string::npos);
  // An unknown control.
  EXPECT_NE(message(R"({"task": "x", "goal": [{"name": "n", "type": "no_message_lost"}], "controls": ["speed"],
                        "hints": ["h"], "answer": [], "mistake": {"changes": [], "why": "w"}})")
                .find("$.lessons[0].exercise.controls[0]: expected one of batch_size"),
            std::string::npos);
  // An answer that uses a control the exercise does not allow.
  EXPECT_NE(message(R"({"task": "x", "goal": [{"name": "n", "type": "no_message_lost"}], "controls": ["batch_size"],
                        "hints": ["h"], "answer": [{"at_s": 0, "do": "memory", "value": 512}],
                        "mistake": {"changes": [], "why": "w"}})")
                .find("$.lessons[0].exercise.answer[0].do: expected one of the exercise's controls"),
            std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(GuiControls, EveryControlHasItsGameDayActionAndAppliesThroughTheSession) {
  gui::Session s(kRoot + "/scenarios/order-processor.json");
  for (const gui::Control& c : gui::controls()) {
    EXPECT_EQ(gui::control_of_action(c.action_id), std::string(c.name));
    EXPECT_EQ(gui::find_control(c.name), &c);
  }
  gui::apply_control(s, "batch_size", 5);
  gui::apply_control(s, "visibility_timeout", 45);
  ASSERT_EQ(s.changes().size(), 2U);
  EXPECT_EQ(s.changes()[0].action["actionId"], "sim:set-batch-size");
  EXPECT_EQ(s.changes()[1].action["actionId"], "sim:set-visibility-timeout");
  EXPECT_THROW(gui::apply_control(s, "batch_size", 2.5), std::invalid_argument);
  EXPECT_THROW(gui::apply_control(s, "speed", 1), std::invalid_argument);
  EXPECT_EQ(gui::control_labels({"maximum_concurrency", "batch_size", "memory"}),
            "MaximumConcurrency, BatchSize and MemorySize");
}

TEST(GuiControls, AreTheActionTablesSettingsInItsOrderAndShowTheRunningValues) {
  // One home: the controls are the action table's Setting actions that carry a control, in the table's order.
  std::vector<std::string> from_table;
  for (const model::ActionDefinition& d : model::action_table()) {
    if (d.control.name.empty()) continue;
    EXPECT_EQ(d.behaviour.effect, model::ActionEffect::Setting) << d.id;
    from_table.emplace_back(d.control.name);
  }
  std::vector<std::string> names;
  for (const gui::Control& c : gui::controls()) names.push_back(c.name);
  EXPECT_EQ(names, from_table);
  EXPECT_EQ(names,
            (std::vector<std::string>{"batch_size", "batching_window", "maximum_concurrency", "reserved_concurrency",
                                      "memory", "visibility_timeout", "max_receive_count"}));
  // The values the dashboard shows come from the running components through the action table.
  gui::Session s(kRoot + "/scenarios/order-processor.json");
  const model::Simulation& sim = s.simulation();
  const auto& m = *sim.event_source_mappings().at(0);
  EXPECT_EQ(s.current(*gui::find_control("batch_size")), m.spec().batch_size);
  EXPECT_EQ(s.current(*gui::find_control("memory")), m.function().spec().memory_size_mb);
  EXPECT_EQ(s.current(*gui::find_control("visibility_timeout")), m.queue().spec().visibility_timeout.seconds());
  gui::apply_control(s, "memory", 512);
  s.run_to(s.now_s() + 1);
  EXPECT_EQ(s.current(*gui::find_control("memory")), 512.0);
  // A change is written as the scenario file's JSON would be: a count as an integer, its unit in the description.
  EXPECT_EQ(s.changes().back().action["parameters"]["value"].dump(), "512");
  EXPECT_EQ(s.changes().back().description, "MemorySize 512 MB on " + m.function().spec().name);
}

}  // namespace
