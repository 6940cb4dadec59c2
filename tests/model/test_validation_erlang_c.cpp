// Validation against queueing theory: batch size 1, c fixed pollers, c provisioned environments (no cold starts),
// Poisson arrivals and exponential handler durations make the pipeline an M/M/c queue, so the mean time from
// SendMessage to DeleteMessage must match W = Wq + 1/mu with Wq from Erlang C. The tolerance is a 99.9 % confidence
// interval from batch means over the simulated run (responses are autocorrelated, so single-sample variance would
// understate it), not a tuned number.
#include <gtest/gtest.h>

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdio>
#include <vector>

#include "model/simulation.hpp"
#include "test_support.hpp"

namespace {

// Erlang C through the Erlang B recursion (stable for large c): P(wait) for offered load a = lambda/mu on c servers.
double erlang_c(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  const double rho = a / c;
  return b / (1.0 - rho + rho * b);
}

struct Latencies : model::QueueObserver {
  const model::Simulation* sim = nullptr;
  std::vector<double> seconds;  // per deleted message, in deletion order
  void on_received(const model::Message&, bool) override {}
  void on_deleted(const model::Message& m) override { seconds.push_back((sim->now() - m.sent_at).seconds()); }
};

void check_mmc(int c, double lambda, double mu, std::uint64_t n, std::uint64_t seed) {
  auto s = testing_support::basic_pipeline("always-succeed", 5, sim::hours(1), n);
  s.producers[0].arrival.kind = model::ArrivalSpec::Kind::Poisson;
  s.producers[0].arrival.rate_per_second = lambda;
  s.functions[0].duration.per_invocation_ms = sim::DistributionSpec::exponential(1000.0 / mu);
  s.functions[0].provisioned_concurrency = static_cast<std::uint32_t>(c);
  s.functions[0].timeout = sim::seconds(900);
  s.event_source_mappings[0].batch_size = 1;
  s.event_source_mappings[0].scaling.fixed = static_cast<std::uint32_t>(c);
  s.duration = sim::hours(24 * 365);
  model::Simulation sim(s, seed);
  Latencies obs;
  obs.sim = &sim;
  sim.find_queue("q")->add_observer(&obs);
  sim.run();
  ASSERT_EQ(obs.seconds.size(), n);
  ASSERT_EQ(sim.functions()[0]->counters().cold_starts, 0u);

  // Batch means: drop a 5 % warm-up, then 30 batches.
  const std::size_t warm = n / 20, batches = 30, per = (n - warm) / batches;
  std::vector<double> means;
  for (std::size_t b = 0; b < batches; ++b) {
    double sum = 0;
    for (std::size_t i = 0; i < per; ++i) sum += obs.seconds[warm + b * per + i];
    means.push_back(sum / static_cast<double>(per));
  }
  double mean = 0, var = 0;
  for (const double m : means) mean += m / batches;
  for (const double m : means) var += (m - mean) * (m - mean) / (batches - 1);
  const double t = boost::math::quantile(boost::math::complement(boost::math::students_t(batches - 1), 0.0005));
  const double half_width = t * std::sqrt(var / batches);
  const double a = lambda / mu;
  const double theory = erlang_c(c, a) / (c * mu - lambda) + 1.0 / mu;
  EXPECT_NEAR(mean, theory, half_width) << "M/M/" << c << " rho " << a / c << ": simulated " << mean << " s, Erlang C "
                                        << theory << " s, 99.9 % half-width " << half_width;
  EXPECT_LT(half_width, 0.05 * theory);  // the interval is narrow enough for the comparison to mean something
  std::printf("M/M/%d rho %.2f: simulated mean response %.4f s, Erlang C %.4f s, 99.9%% half-width %.4f s\n", c, a / c,
              mean, theory, half_width);
}

TEST(Validation, MatchesErlangCMeanResponse) {
  check_mmc(4, 3.2, 1.0, 200000, 3);   // rho 0.8
  check_mmc(10, 7.0, 1.0, 200000, 4);  // rho 0.7
  check_mmc(1, 0.5, 1.0, 200000, 5);   // M/M/1 rho 0.5: W = 2 s
}

TEST(Validation, ErlangCFormulaMatchesHandValues) {
  // Textbook values: M/M/1 P(wait) = rho; M/M/2 with a = 1.5: C = 0.642857...
  EXPECT_NEAR(erlang_c(1, 0.5), 0.5, 1e-12);
  EXPECT_NEAR(erlang_c(2, 1.5), 0.6428571428571429, 1e-12);
}

}  // namespace
