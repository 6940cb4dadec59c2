// bench/gui_view_model: the dashboard's per-frame work without graphics, at its load case (gui/stress-1000-
// environments.json at 120 s: 1,000 busy execution environments, ~147,000 queued messages): advancing the session
// one 60 fps frame in real time, then reading every view the dashboard draws (charts, environment grid, pollers,
// counters, event log). Reported as frames per second the view-model allows, against the 30 fps target, beside the
// bare engine's event rate measured in the same run. The rendered frame rate under Xvfb comes from
// `sqsim-gui --frames` (docs/gui.md).
// Usage: bench_gui_view_model [frames]   (default 600)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/engine_baseline.hpp"
#include "gui/session.hpp"

int main(int argc, char** argv) {
  const long frames = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 600;
  gui::Session s(std::string(SQSIM_SOURCE_DIR) + "/gui/stress-1000-environments.json");
  s.run_to(120);
  const auto e = s.environment_counts(0);
  std::printf("load: %u busy environments, %.0f visible messages, %zu samples\n", e.busy,
              static_cast<double>(s.samples().back().visible), s.samples().size());
  const double bare = bench::bare_engine_rate(5'000'000);
  s.set_speed(1);
  s.play();
  double advance_s = 0, views_s = 0, checksum = 0;
  for (long f = 0; f < frames; ++f) {
    auto t0 = std::chrono::steady_clock::now();
    s.advance(1.0 / 60, 0.010);
    advance_s += bench::seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    // What a frame reads: every sample of six charts, every environment and poller, the counters, the log.
    for (int chart = 0; chart < 6; ++chart)
      for (const gui::Sample& x : s.samples()) checksum += static_cast<double>(x.visible + x.p99_ms);
    for (const auto& env : s.simulation().functions()[0]->environments()) checksum += static_cast<double>(env.state);
    const auto& m = *s.simulation().event_source_mappings()[0];
    for (std::size_t i = 0; i < m.poller_count(); ++i) checksum += static_cast<double>(m.poller_batch_size(i));
    for (const gui::Counter& c : s.counters()) checksum += c.value;
    checksum += static_cast<double>(s.log().lines().size());
    views_s += bench::seconds_since(t0);
  }
  const double per_frame = (advance_s + views_s) / static_cast<double>(frames);
  std::printf("bare engine (baseline): %.2f M events/s\n", bare / 1e6);
  std::printf(
      "view-model per frame: %.3f ms (advance %.3f ms, views %.3f ms) -> %.0f frames/s possible; %.1f%% of the "
      "33.3 ms a 30 fps frame allows\n",
      per_frame * 1e3, advance_s / static_cast<double>(frames) * 1e3, views_s / static_cast<double>(frames) * 1e3,
      1.0 / per_frame, per_frame / (1.0 / 30) * 100);
  std::printf("simulated %.1f s in %ld frames (checksum %.0f)\n", s.now_s(), frames, checksum);
  return 0;
}
