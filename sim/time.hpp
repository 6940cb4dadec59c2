// Virtual time: an integer count of microseconds in a strong type. Doubles appear only when converting for reports.
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>

namespace sim {

// A point in virtual time, or a span of it, in whole microseconds since the start of the run.
// One type serves both: the engine only ever adds spans to points, and keeping one type keeps the model code plain.
struct Time {
  std::int64_t us = 0;

  constexpr auto operator<=>(const Time&) const = default;
  constexpr Time& operator+=(Time o) {
    us += o.us;
    return *this;
  }
  constexpr Time& operator-=(Time o) {
    us -= o.us;
    return *this;
  }
  friend constexpr Time operator+(Time a, Time b) { return Time{a.us + b.us}; }
  friend constexpr Time operator-(Time a, Time b) { return Time{a.us - b.us}; }
  friend constexpr Time operator*(Time a, std::int64_t k) { return Time{a.us * k}; }
  friend constexpr Time operator*(std::int64_t k, Time a) { return Time{a.us * k}; }

  [[nodiscard]] constexpr double seconds() const { return static_cast<double>(us) / 1e6; }
  [[nodiscard]] constexpr double millis() const { return static_cast<double>(us) / 1e3; }

  static constexpr Time max() { return Time{std::numeric_limits<std::int64_t>::max()}; }
  static constexpr Time zero() { return Time{0}; }
};

constexpr Time micros(std::int64_t v) {
  return Time{v};
}
constexpr Time millis(std::int64_t v) {
  return Time{v * 1'000};
}
constexpr Time seconds(std::int64_t v) {
  return Time{v * 1'000'000};
}
constexpr Time minutes(std::int64_t v) {
  return Time{v * 60'000'000};
}
constexpr Time hours(std::int64_t v) {
  return Time{v * 3'600'000'000};
}

// Rounds to the nearest integer, halves away from zero: exactly std::llround's result, without its libm call (drawn
// delays become whole microseconds once or more per message). x - trunc(x) is exact in double arithmetic, so the
// comparison with one half decides as llround does.
inline std::int64_t round_to_int64(double x) {
  if (!(x > -0x1p62 && x < 0x1p62)) return std::llround(x);  // huge or NaN: llround's own (unspecified) answer
  const auto whole = static_cast<std::int64_t>(x);           // toward zero
  const double fraction = x - static_cast<double>(whole);
  if (fraction >= 0.5) return whole + 1;
  if (fraction <= -0.5) return whole - 1;
  return whole;
}

}  // namespace sim
