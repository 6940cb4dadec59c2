// Validation against real measurements: ../shared/data/traces/aws-lambda-2020/ are per-request logs of two ~28 h
// experiments on a 128 MB function whose idle environments lived about 10 minutes. Replaying the exact arrival times
// through a batch-1 pipeline with a 10-minute keep-alive must reproduce each trace's measured cold-start fraction
// within the binomial 95 % bounds of that measurement.
#include <gtest/gtest.h>

#include <boost/tokenizer.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "model/simulation.hpp"
#include "test_support.hpp"

namespace {

struct Trace {
  std::vector<double> start_s;  // client_start_time, epoch seconds
  std::vector<double> duration_ms;
  std::size_t cold = 0;
};

Trace read_trace(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  Trace t;
  std::string line;
  std::getline(in, line);  // header
  using Tokenizer = boost::tokenizer<boost::escaped_list_separator<char>>;
  std::vector<std::string> header(Tokenizer(line).begin(), Tokenizer(line).end());
  auto column = [&](const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    ADD_FAILURE() << "no column " << name;
    return std::size_t{0};
  };
  const std::size_t c_cold = column("is_cold"), c_start = column("client_start_time"), c_dur = column("aws_duration");
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> f(Tokenizer(line).begin(), Tokenizer(line).end());
    t.cold += f.at(c_cold) == "True";
    t.start_s.push_back(std::stod(f.at(c_start)));
    t.duration_ms.push_back(std::stod(f.at(c_dur)));
  }
  return t;
}

void check_trace(const std::string& file, std::size_t expected_rows, double readme_fraction) {
  const Trace t = read_trace(std::string(SQSIM_SHARED_DIR) + "/data/traces/aws-lambda-2020/" + file);
  ASSERT_EQ(t.start_s.size(), expected_rows);
  const double n = static_cast<double>(expected_rows);
  const double measured = static_cast<double>(t.cold) / n;
  EXPECT_NEAR(measured, readme_fraction, 0.001);  // the data README's figure

  auto s = testing_support::basic_pipeline("always-succeed", 5, sim::seconds(60), 0);
  s.producers[0].count.reset();
  s.producers[0].arrival.kind = model::ArrivalSpec::Kind::Trace;
  double first = t.start_s.front(), mean_ms = 0;
  for (std::size_t i = 0; i < t.start_s.size(); ++i) {
    s.producers[0].arrival.trace.push_back(sim::Time{std::llround((t.start_s[i] - first) * 1e6)});
    mean_ms += t.duration_ms[i] / n;
  }
  s.functions[0].memory_size_mb = 128;
  s.functions[0].duration.per_invocation_ms = sim::DistributionSpec::fixed(mean_ms);
  s.functions[0].keep_alive_s = sim::DistributionSpec::fixed(600);  // "about 10 minutes" (data README)
  s.event_source_mappings[0].batch_size = 1;
  s.duration = sim::hours(48);
  model::Simulation sim(s, 1);
  sim.run();
  const auto& c = sim.functions()[0]->counters();
  ASSERT_EQ(c.invocations, expected_rows);
  const double simulated = static_cast<double>(c.cold_starts) / n;
  const double bound = 1.96 * std::sqrt(measured * (1 - measured) / n);
  std::printf("%s: measured cold fraction %.3f, replayed %.3f, binomial 95%% bound +-%.3f\n", file.c_str(), measured,
              simulated, bound);
  EXPECT_NEAR(simulated, measured, bound);
}

TEST(Validation, AwsLambdaTrace0528ColdFraction) {
  check_trace("res-01-2020-05-28_01-57-40.csv", 186, 0.317);
}
TEST(Validation, AwsLambdaTrace0604ColdFraction) {
  check_trace("res-01-2020-06-04_23-02-14.csv", 246, 0.211);
}

}  // namespace
