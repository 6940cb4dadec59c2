// The live run's judgement for the dashboard's Verdict panel: judge::judge (the one judgement `sqsim run`, check,
// sweep, compare and report.html show) turned into lines to draw — each SLO/expectation PASS/FAIL with its figure and
// bound, the accounting, loss by reason, keeps up / falls behind. Judging reads the whole run's metrics, so it is
// redone when the run has moved on by a chart sample (or ended, or restarted), not every frame.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gui/session.hpp"
#include "judge/judgement.hpp"

namespace gui {

struct VerdictLine {
  enum class State { Pass, Fail, Loss, Info };  // Loss: a loss-by-reason count (drawn red); Info: shown, not judged
  State state = State::Info;
  std::string text;
};

// "PASS SLO no throttled batch: 0 throttles (bound 0)", "FAIL ...", "lost: 12 expired ...", "50 in a dead-letter queue
// (not lost: ...)", "falls behind: ...": the judgement in display order (the overall line first).
std::vector<VerdictLine> verdict_lines(const judge::Judgement& j);

class LiveVerdict {
 public:
  // The judgement of `s` as it stands, recomputed only when the session took a new sample, finished or restarted.
  const judge::Judgement& of(const Session& s);
  // How many times it judged (tests: not every frame).
  [[nodiscard]] std::uint64_t judged() const { return judged_; }

 private:
  std::optional<judge::Judgement> judgement_;
  const Session* session_ = nullptr;
  double sampled_s_ = -1;
  double now_s_ = -1;
  bool finished_ = false;
  std::uint64_t judged_ = 0;
};

}  // namespace gui
