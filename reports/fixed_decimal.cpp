#include "reports/fixed_decimal.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <system_error>

namespace reports {

void append_fixed_decimal(std::string& out, double v, int decimals) {
  if (!std::isfinite(v)) v = 0;
  static constexpr std::uint64_t kUnit[] = {1, 10, 100, 1000, 10000};  // 10^decimals
  if (decimals >= 0 && decimals <= 4) {
    // |v| * 10^d below 2^31: the product's rounding error is under 2^31 * 2^-53 < 2.4e-7, and floor and the
    // subtraction are exact, so a fraction further than 1e-6 from a half rounds the same way as the exact value's.
    const std::uint64_t unit = kUnit[decimals];
    const double scaled = std::fabs(v) * static_cast<double>(unit);
    if (scaled < 2147483648.0) {
      const double whole = std::floor(scaled);
      const double frac = scaled - whole;
      if (std::fabs(frac - 0.5) > 1e-6) {
        const auto n = static_cast<std::uint64_t>(whole) + (frac > 0.5 ? 1 : 0);
        char buf[32];
        char* p = buf;
        if (std::signbit(v)) *p++ = '-';  // as to_chars: "-0.0" for a negative value that rounds to zero
        p = std::to_chars(p, buf + sizeof buf, n / unit).ptr;
        if (decimals > 0) {
          *p++ = '.';
          std::uint64_t rest = n % unit;
          for (int i = decimals - 1; i >= 0; --i) {
            p[i] = static_cast<char>('0' + rest % 10);
            rest /= 10;
          }
          p += decimals;
        }
        out.append(buf, p);
        return;
      }
    }
  }
  char buf[400];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  if (r.ec != std::errc{}) {
    fmt::format_to(std::back_inserter(out), "{:.{}f}", v, decimals);
    return;
  }
  out.append(buf, r.ptr);
}

}  // namespace reports
