// Numbers as fixed-point text, for the report's charts: byte for byte what std::to_chars(chars_format::fixed) writes.
#pragma once

#include <string>

namespace reports {

// Appends `v` with `decimals` digits after the point (none and no point for 0), the exact binary value rounded half to
// even, as std::to_chars(fixed) writes it; a value that is not finite is written as 0.
// Why not to_chars alone: a long run's report draws about 40,000 chart coordinates, and to_chars' exact algorithm was
// half of the report's instructions. Up to four decimals and 2^31 scaled, the value is scaled and rounded as an integer
// instead. That is exact unless the scaled value lies within its rounding error (under 2.4e-7) of a half, and
// there (and everywhere else) to_chars decides.
void append_fixed_decimal(std::string& out, double v, int decimals);

}  // namespace reports
