#include "model/service_latency_defaults.hpp"

namespace model {

namespace {

// Send to handler start, measured with a Lambda producer and an SQS event source mapping (L. van Donkersgoed,
// "Serverless Messaging: Latency Compared", bitesizedserverless.com, eu-west-1, September 2022, 1,024 messages):
//   standard p10 13.7, p50 16.2, p90 33.8, p99 105 ms;  FIFO p10 21.9, p50 28.1, p90 61.2, p99 645 ms.
// A shifted lognormal through p10, p50 and p90: floor + LogNormal(median, sigma).
struct DeliveryFit {
  double floor_ms;
  double median_ms;
  double sigma;
};
constexpr DeliveryFit kStandard{13.3, 2.9, 1.52};
constexpr DeliveryFit kFifo{20.5, 7.6, 1.31};

// The floor is the round trips no delivery avoids: SendMessage and Invoke each take half of it (an assumption: the
// measurement does not split it). The variable part is the poller's: how soon a long poll returns a stored message.
// DeleteMessageBatch is not on the measured path; it is given one such round trip (an assumption, as for Send).
const DeliveryFit& fit(bool fifo) {
  return fifo ? kFifo : kStandard;
}

}  // namespace

SqsApiLatencySpec default_sqs_api_latency(bool fifo) {
  const DeliveryFit& f = fit(fifo);
  SqsApiLatencySpec s;
  s.send_message_ms = sim::DistributionSpec::fixed(f.floor_ms / 2);
  s.receive_message_ms = sim::DistributionSpec::lognormal(f.median_ms, f.sigma);
  s.delete_message_ms = sim::DistributionSpec::fixed(f.floor_ms / 2);
  return s;
}

sim::DistributionSpec default_invoke_overhead_ms(bool fifo) {
  return sim::DistributionSpec::fixed(fit(fifo).floor_ms / 2);
}

}  // namespace model
