// `sqsim compare` and `sqsim check`: what changed between two runs or configurations, and a regression gate for CI.
#pragma once

#include <cstdint>
#include <string>

namespace app {

struct CompareOptions {
  std::string a, b;                // run directories (with summary.json) or scenario files
  std::uint64_t replications = 0;  // for scenarios; 0: 5
  bool json = false;
};
int compare_command(const CompareOptions& o);

struct CheckOptions {
  std::string scenario;
  std::string baseline;
  std::string tolerances;
  bool write_baseline = false;
  std::uint64_t replications = 1;
  std::string junit;     // write JUnit XML here (one test case per SLO, expectation, accounting and tolerance)
  std::string markdown;  // write a Markdown summary here (a pull-request comment or a job summary)
};
int check_command(const CheckOptions& o);

}  // namespace app
