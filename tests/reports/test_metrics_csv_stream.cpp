// metrics.csv written while the run goes on (reports::MetricsCsvStream) is byte for byte the file written after it.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/metrics_csv.hpp"
#include "reports/metrics_csv_stream.hpp"

namespace {

std::string stream_scenario(const std::string& name) {
  return std::string(SQSIM_SOURCE_DIR) + "/scenarios/" + name;
}

struct StreamedCsv {
  std::string text;
  std::size_t batches = 0;
};

StreamedCsv run_streamed(const std::string& file, std::size_t batch_rows) {
  const auto loaded = scenarios::load_scenario_file(file);
  model::Simulation sim(loaded.spec, loaded.spec.seed);
  reports::MetricsCsvStream stream(sim.metrics(), batch_rows);
  sim.on_metrics_period([&stream] { stream.poll(); });
  sim.run();
  stream.finish();
  const std::size_t batches = stream.batches();
  return {stream.take_text(), batches};
}

std::string csv_after_run(const std::string& file) {
  const auto loaded = scenarios::load_scenario_file(file);
  model::Simulation sim(loaded.spec, loaded.spec.seed);
  sim.run();
  std::ostringstream csv;
  reports::write_metrics_csv(sim, csv);
  return csv.str();
}

// Batches of one row (a thread per row, most rows handed over while earlier ones are still being formatted), of a
// few rows, and larger than the run (everything formatted after it): the same bytes each time.
TEST(MetricsCsvStream, WritesTheBytesOfTheFileWrittenAfterTheRun) {
  for (const char* name : {"order-processor.json", "order-processor-gameday.json", "azure-counts-replay.json",
                           "throttling-pitfall.json"}) {
    SCOPED_TRACE(name);
    const std::string expected = csv_after_run(stream_scenario(name));
    ASSERT_GT(expected.size(), 100u);
    for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{100000}}) {
      SCOPED_TRACE(batch);
      const StreamedCsv s = run_streamed(stream_scenario(name), batch);
      EXPECT_EQ(s.text, expected);
      if (batch == 1) {
        EXPECT_GT(s.batches, 1u);  // it streamed: rows went out before the run ended
      }
    }
  }
}

// A stream destroyed before its text is taken (a run that failed) waits for its batches instead of leaving a thread
// writing into freed memory; the sanitizer build checks it.
TEST(MetricsCsvStream, DestroyedMidwayWaitsForItsBatches) {
  const auto loaded = scenarios::load_scenario_file(stream_scenario("order-processor.json"));
  model::Simulation sim(loaded.spec, loaded.spec.seed);
  {
    reports::MetricsCsvStream stream(sim.metrics(), 1);
    sim.on_metrics_period([&stream] { stream.poll(); });
    sim.run_until(sim::seconds(1800));
    EXPECT_GT(stream.batches(), 0u);
  }
  SUCCEED();
}

}  // namespace
