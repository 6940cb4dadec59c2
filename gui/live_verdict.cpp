#include "gui/live_verdict.hpp"

#include <fmt/format.h>

#include "judge/loss.hpp"

namespace gui {

std::vector<VerdictLine> verdict_lines(const judge::Judgement& j) {
  using State = VerdictLine::State;
  std::vector<VerdictLine> out;
  const std::size_t failed = j.failures().size();
  out.push_back({failed == 0 ? State::Pass : State::Fail,
                 failed == 0
                     ? std::string("passed so far: accounting, SLOs and expectations hold")
                     : fmt::format("failing: {} verdict{} (sqsim run would exit 1)", failed, failed == 1 ? "" : "s")});
  for (const judge::Verdict& v : j.all()) {
    if (v.kind == judge::Verdict::Kind::KeepsUp) {
      // Shown, never gated (as in `sqsim run`): a run may end in the middle of a backlog on purpose.
      out.push_back(
          {!j.keeps_up.judged ? State::Info : (j.keeps_up.keeps_up ? State::Pass : State::Fail), j.keeps_up.detail});
      continue;
    }
    out.push_back({v.passed ? State::Pass : State::Fail, fmt::format("{} {} {}: {}", v.passed ? "PASS" : "FAIL",
                                                                     judge::kind_name(v.kind), v.name, v.detail)});
  }
  for (const judge::LossLine& l : judge::loss_lines(j.loss))
    out.push_back({l.is_loss ? State::Loss : State::Info,
                   l.is_loss ? fmt::format("lost: {} {}", l.count, l.words) : fmt::format("{} {}", l.count, l.words)});
  return out;
}

const judge::Judgement& LiveVerdict::of(const Session& s) {
  // The last sample's time, not the count: the session keeps a bounded window of samples.
  const double sampled = s.samples().empty() ? -1.0 : s.samples().back().t;
  const bool stale = !judgement_ || session_ != &s || sampled != sampled_s_ || s.finished() != finished_ ||
                     s.now_s() < now_s_;  // restarted
  if (stale) {
    judgement_ = judge::judge(s.simulation());
    session_ = &s;
    sampled_s_ = sampled;
    finished_ = s.finished();
    now_s_ = s.now_s();
    ++judged_;
  }
  return *judgement_;
}

}  // namespace gui
