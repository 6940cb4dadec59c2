#include "loader/resource_estimate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "sim/draw_ahead.hpp"

namespace scenarios {

namespace {

// A producer's or invoker's traffic: its mean rate while active and its total.
struct Flow {
  double rate = 0;   // per second
  double total = 0;  // messages
  double held = 0;   // arrival times held for the whole run (a trace; counts are drawn one at a time)
};

Flow flow_of(const model::ArrivalSpec& a, sim::Time start, std::optional<std::uint64_t> count,
             std::optional<sim::Time> stop, sim::Time duration) {
  Flow f;
  const double end_s = std::min(stop.value_or(duration), duration).seconds();
  const double active_s = std::max(0.0, end_s - start.seconds());
  switch (a.kind) {
    case model::ArrivalSpec::Kind::Constant:
    case model::ArrivalSpec::Kind::Poisson:
      f.rate = a.rate_per_second;
      f.total = a.rate_per_second * active_s;
      break;
    case model::ArrivalSpec::Kind::Trace: {
      f.total = static_cast<double>(a.trace.size()) * a.rate_multiplier;
      const double span = a.trace.empty() ? 0.0 : a.trace.back().seconds() * a.time_scale;
      f.rate = span > 0 ? f.total / span : f.total;
      f.held = static_cast<double>(a.trace.size());
      break;
    }
    case model::ArrivalSpec::Kind::Counts: {
      double sum = 0, peak = 0;
      for (const std::uint64_t c : a.counts) {
        sum += static_cast<double>(c);
        peak = std::max(peak, static_cast<double>(c));
      }
      const double period_s = std::max(1e-6, a.count_period.seconds() * a.time_scale);
      f.total = sum * a.rate_multiplier;
      f.rate = peak * a.rate_multiplier / period_s;  // the busiest period's rate
      break;
    }
  }
  if (count) f.total = std::min(f.total, static_cast<double>(*count));
  return f;
}

std::string count_text(double v) {
  if (v >= 1e15) return fmt::format("{:.3g}", v);
  std::string digits = fmt::format("{:.0f}", v);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

}  // namespace

std::string byte_size_text(double bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
  int u = 0;
  while (bytes >= 1024 && u < 6) {
    bytes /= 1024;
    ++u;
  }
  return u == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.1f} {}", bytes, units[u]);
}

std::string ResourceEstimate::explain() const {
  std::string s = byte_size_text(bytes);
  std::string list;
  for (const Part& p : parts) {
    if (p.bytes < bytes / 100 && !list.empty()) continue;  // the parts that matter
    list += (list.empty() ? "" : "; ") + p.what + " = " + byte_size_text(p.bytes);
  }
  return s + (list.empty() ? "" : " (" + list + ")");
}

ResourceEstimate estimate_peak_memory(const model::ScenarioSpec& spec) {
  ResourceEstimate e;
  // Each queue: inflow from its producers (and topics, ignored: they copy what a function processed), drain by its
  // enabled event source mappings at concurrency x batch / mean duration.
  std::map<std::string, Flow> in;
  for (const auto& p : spec.producers) {
    const Flow f = flow_of(p.arrival, p.start, p.count, p.stop, spec.duration);
    Flow& q = in[p.queue];
    q.rate += f.rate;
    q.total += f.total;
    if (f.held > 0)
      e.parts.push_back(
          {"producer " + p.name + ": " + count_text(f.held) + " arrival times held at once × 8 B", f.held * 8});
  }
  for (const auto& v : spec.invokers) {
    const Flow f = flow_of(v.arrival, v.start, v.count, v.stop, spec.duration);
    if (f.held > 0)
      e.parts.push_back(
          {"invoker " + v.name + ": " + count_text(f.held) + " arrival times held at once × 8 B", f.held * 8});
  }
  for (const auto& q : spec.queues) {
    const auto it = in.find(q.name);
    if (it == in.end() || it->second.total <= 0) continue;
    double drain = 0;  // messages per second
    for (const auto& m : spec.event_source_mappings) {
      if (m.queue != q.name || !m.enabled) continue;
      const auto fn = std::find_if(spec.functions.begin(), spec.functions.end(),
                                   [&](const model::FunctionSpec& f) { return f.name == m.function; });
      if (fn == spec.functions.end()) continue;
      double concurrency = fn->reserved_concurrency.value_or(spec.account.concurrency_limit);
      if (m.scaling.maximum_concurrency) concurrency = std::min<double>(concurrency, *m.scaling.maximum_concurrency);
      concurrency = std::min(concurrency, 1250.0);  // Lambda: at most 1,250 concurrent batches per SQS mapping
      const double batch = m.batch_size;
      const double seconds =
          std::max(1e-3, (fn->duration.per_invocation_ms.mean() + batch * fn->duration.per_record_ms.mean()) / 1000.0);
      drain += concurrency * batch / seconds;
    }
    const Flow& f = it->second;
    const double growth = std::max(0.0, f.rate - drain);
    const double filling_s = f.rate > 0 ? f.total / f.rate : 0.0;
    // SQS: a message older than the retention period is deleted, so a backlog holds at most that long's worth.
    const double held = std::min({f.total, growth * filling_s, growth * q.message_retention_period.seconds()});
    if (held >= 1)
      e.parts.push_back({"queue " + q.name + ": up to " + count_text(held) + " messages held at once × " +
                             std::to_string(kBytesPerQueuedMessage) + " B",
                         held * static_cast<double>(kBytesPerQueuedMessage)});
  }
  // Time series: one value per metrics period per column (a column per queue, function and mapping metric).
  const double periods = std::ceil(spec.duration.seconds() / std::max(1e-6, spec.metrics_period.seconds()));
  const double columns = 12.0 * static_cast<double>(spec.queues.size() + spec.functions.size() +
                                                    spec.event_source_mappings.size() + spec.alarms.size()) +
                         4;
  e.parts.push_back({"metrics: " + count_text(periods) + " periods × " + count_text(columns) + " columns × 8 B",
                     periods * columns * 8});
  // Streams that draw ahead (sim::DrawAhead): Poisson arrivals and per-invocation durations, two blocks each.
  double ahead = 0;
  for (const auto& p : spec.producers) ahead += p.arrival.gaps_drawn_ahead() ? 1 : 0;
  for (const auto& v : spec.invokers) ahead += v.arrival.gaps_drawn_ahead() ? 1 : 0;
  for (const auto& f : spec.functions) ahead += f.duration.drawn_ahead() ? 1 : 0;
  constexpr auto kAheadBytes = static_cast<double>(sim::kDrawAheadMostBytes);
  if (ahead > 0)
    e.parts.push_back({"random draws made ahead: " + count_text(ahead) + " streams × " +
                           fmt::format("{:.0f} KiB", kAheadBytes / 1024),
                       ahead * kAheadBytes});
  // Execution environments at their ceiling, each with its handler object.
  double environments = 0;
  for (const auto& f : spec.functions) environments += f.reserved_concurrency.value_or(spec.account.concurrency_limit);
  e.parts.push_back({"execution environments: up to " + count_text(environments) + " × 4 KB", environments * 4096});
  e.parts.push_back({"the program itself", 64.0 * 1024 * 1024});
  std::sort(e.parts.begin(), e.parts.end(), [](const auto& a, const auto& b) { return a.bytes > b.bytes; });
  for (const auto& p : e.parts) e.bytes += p.bytes;
  return e;
}

std::optional<std::uint64_t> available_memory_bytes() {
  std::optional<std::uint64_t> out;
  std::ifstream meminfo("/proc/meminfo");
  for (std::string key; meminfo >> key;) {
    std::uint64_t kb = 0;
    meminfo >> kb;
    if (key == "MemAvailable:") {
      out = kb * 1024;
      break;
    }
    meminfo.ignore(1 << 10, '\n');
  }
  // A container's limit (cgroup v2) can be lower than what the machine has free.
  std::ifstream max("/sys/fs/cgroup/memory.max"), current("/sys/fs/cgroup/memory.current");
  std::string limit_text;
  std::uint64_t used = 0;
  if (max >> limit_text && limit_text != "max" && current >> used) {
    const std::uint64_t limit = std::stoull(limit_text);
    const std::uint64_t room = limit > used ? limit - used : 0;
    if (!out || room < *out) out = room;
  }
  return out;
}

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
  std::string t(text);
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(t, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::string unit = t.substr(used);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (unit.ends_with("IB"))
    unit = unit.substr(0, unit.size() - 2);
  else if (unit.size() > 1 && unit.ends_with("B"))
    unit = unit.substr(0, unit.size() - 1);
  double scale = 1;
  if (unit.empty() || unit == "B")
    scale = 1;
  else if (unit == "K")
    scale = 1024.0;
  else if (unit == "M")
    scale = 1024.0 * 1024;
  else if (unit == "G")
    scale = 1024.0 * 1024 * 1024;
  else if (unit == "T")
    scale = 1024.0 * 1024 * 1024 * 1024;
  else
    return std::nullopt;
  const double bytes = v * scale;
  if (!std::isfinite(bytes) || bytes < 1 || bytes > 1.8e19) return std::nullopt;
  return static_cast<std::uint64_t>(bytes);
}

}  // namespace scenarios
