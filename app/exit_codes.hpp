// sqsim's exit codes, documented in --help and relied on by CI jobs: one home for every subcommand.
#pragma once

namespace app {

inline constexpr int kExitOk = 0;        // ran, and every check held
inline constexpr int kExitFailed = 1;    // ran, and failed its own checks (SLO, expectation, accounting, regression)
inline constexpr int kExitBadInput = 2;  // bad input or usage: nothing was run or written

}  // namespace app
