// Default SQS API latencies and the event source mapping's invoke overhead, from published measurements of SQS ->
// Lambda delivery (docs/model.md, "Service latencies", with the sources and the fit). The measured quantity is the
// time from a producer's SendMessage to the consumer's handler starting; it is split here into SendMessage,
// ReceiveMessage's return and Invoke so each part acts where it happens.
#pragma once

#include "model/spec.hpp"

namespace model {

SqsApiLatencySpec default_sqs_api_latency(bool fifo);
sim::DistributionSpec default_invoke_overhead_ms(bool fifo);

}  // namespace model
