#include "judge/judgement.hpp"

#include <fmt/format.h>
#include <cmath>

#include "judge/expectations.hpp"

namespace judge {

bool Judgement::passed() const {
  return failures().empty();
}

std::vector<Verdict> Judgement::all() const {
  std::vector<Verdict> out{accounting, keeps_up_verdict(keeps_up)};
  out.insert(out.end(), slos.begin(), slos.end());
  out.insert(out.end(), expectations.begin(), expectations.end());
  return out;
}

std::vector<Verdict> Judgement::failures() const {
  std::vector<Verdict> out;
  if (!accounting.passed) out.push_back(accounting);
  for (const auto& v : slos)
    if (!v.passed) out.push_back(v);
  for (const auto& v : expectations)
    if (!v.passed) out.push_back(v);
  return out;
}

Judgement judge(const model::Simulation& sim) {
  Judgement j;
  const model::Accounting a = sim.accounting();
  j.accounting.kind = Verdict::Kind::Accounting;
  j.accounting.name = "message accounting";
  j.accounting.type = "accounting";
  j.accounting.passed = a.balanced();
  j.accounting.figure = "messages accounted for";
  j.accounting.measured = static_cast<double>(a.accounted());
  j.accounting.bound = static_cast<double>(a.produced);
  j.accounting.unit = "messages";
  j.accounting.detail = a.balanced()
                            ? fmt::format("every one of the {} messages produced is accounted for", a.produced)
                            : fmt::format("{} produced but {} accounted for (a simulator bug; please report it)",
                                          a.produced, a.accounted());
  j.keeps_up = keeps_up(sim);
  j.slos = evaluate_slos(sim);
  j.expectations = evaluate_expectations(sim);
  j.loss = loss_of(sim);
  return j;
}

nlohmann::json verdict_json(const Verdict& v) {
  return {{"kind", kind_name(v.kind)},
          {"name", v.name},
          {"type", v.type},
          {"passed", v.passed},
          {"figure", v.figure},
          {"measured", std::isfinite(v.measured) ? nlohmann::json(v.measured) : nlohmann::json(nullptr)},
          {"bound", v.bound},
          {"unit", v.unit},
          {"detail", v.detail}};
}

nlohmann::json judgement_json(const Judgement& j) {
  nlohmann::json list = nlohmann::json::array();
  for (const Verdict& v : j.all()) list.push_back(verdict_json(v));
  const KeepsUp& k = j.keeps_up;
  return {{"passed", j.passed()},
          {"keeps_up",
           {{"judged", k.judged},
            {"keeps_up", k.keeps_up},
            {"backlog_per_min", k.backlog_per_min},
            {"age_growth_s_per_min", k.age_growth_per_min},
            {"backlog_at_end", k.backlog_at_end},
            {"window_s", k.window_s},
            {"detail", k.detail}}},
          {"list", list}};
}

}  // namespace judge
