// What `sqsim check` decides, as the CI systems show it: JUnit XML (GitHub Actions, GitLab and Jenkins list one test
// case per check) and Markdown (a pull-request comment or a job summary). Pure functions of the results.
#pragma once

#include <string>
#include <vector>

namespace app {

struct CheckLine {
  std::string group;  // "accounting", "SLO", "expectation", "keeps up", "tolerance"
  std::string name;
  bool passed = true;
  bool gates = true;  // false: shown, never fails the check (keeps up; metrics not checked)
  std::string detail;
};

// <testsuites> with one <testsuite name="sqsim check: SCENARIO"> and a <testcase> per line (a failing gate has a
// <failure>; a line that does not gate and fails is a <skipped message=...> so it shows without failing the job).
// `loss`: the loss-by-reason lines (judge::loss_text), carried in the accounting case's <system-out>.
std::string check_junit_xml(const std::string& scenario, const std::vector<CheckLine>& lines,
                            const std::vector<std::string>& loss = {});
// "### sqsim check: PASS|FAIL", the loss by reason when there is any, and a table of the lines, failures first.
std::string check_markdown(const std::string& scenario, const std::vector<CheckLine>& lines,
                           const std::vector<std::string>& loss = {});

}  // namespace app
