#include "judge/verdict.hpp"

namespace judge {

const char* kind_name(Verdict::Kind k) {
  switch (k) {
    case Verdict::Kind::Slo:
      return "SLO";
    case Verdict::Kind::Expectation:
      return "expectation";
    case Verdict::Kind::Accounting:
      return "accounting";
    case Verdict::Kind::KeepsUp:
      return "keeps up";
  }
  return "";
}

}  // namespace judge
