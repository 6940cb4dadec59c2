// The one judgement of a run: its SLOs, its GameDay expectations, the message accounting, loss by reason and
// "keeps up". `sqsim run`, `check`, `sweep`, `compare`, report.html and the dashboard all read this; none judges on
// its own. A plain value: judge() is a pure function of the simulation's state.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "judge/keeps_up.hpp"
#include "judge/loss.hpp"
#include "judge/verdict.hpp"
#include "model/simulation.hpp"

namespace judge {

struct Judgement {
  Verdict accounting;  // the conservation identity (a failure is a simulator bug)
  KeepsUp keeps_up;    // shown by every command; a sweep never recommends a configuration that falls behind
  std::vector<Verdict> slos;
  std::vector<Verdict> expectations;
  Loss loss;

  // Accounting, SLOs and expectations all hold (what `run` and `check` gate on). Falling behind is flagged but does
  // not fail a run: a scenario may end on purpose in the middle of a backlog.
  [[nodiscard]] bool passed() const;
  // Every verdict, in display order: accounting, keeps up, SLOs, expectations.
  [[nodiscard]] std::vector<Verdict> all() const;
  // The verdicts that failed and gate (accounting, SLOs, expectations).
  [[nodiscard]] std::vector<Verdict> failures() const;
};

Judgement judge(const model::Simulation& sim);

// summary.json's "verdicts" section: {"passed", "keeps_up": {...}, "list": [{kind, name, type, passed, figure,
// measured, bound, unit, detail}]}.
nlohmann::json judgement_json(const Judgement& j);
nlohmann::json verdict_json(const Verdict& v);

}  // namespace judge
