// What a handler reads of an invocation (registered with it in handlers::HandlerRegistry), in a header of its own so
// the record builder (model/sqs_record.hpp) can name it without the registry's includes.
#pragma once

#include <cstdint>

namespace handlers {

// What a handler reads of an invocation; the model writes only that, and no result changes.
// - EventAndContext: everything (the default).
// - IdsAndBodies: each record's messageId, body and eventSourceARN (and awsRegion), and no request id from the context
//   (its other fields are written). The order processor reads no more; skipping its records' receipt handles and
//   attributes and its request id saves about a tenth of a message's cost.
// - Nothing: the synthetic handlers (always-succeed, always-fail); records and request id stay unwritten, which saves
//   about a fifth of a message's cost.
// A handler that reads more than it is registered for finds the fields left out empty; one registered as
// Reads::Nothing that names failed records to a mapping with ReportBatchItemFailures stops the run with
// std::logic_error (without ReportBatchItemFailures Lambda ignores the response, as it always does).
enum class Reads : std::uint8_t { EventAndContext, IdsAndBodies, Nothing };

}  // namespace handlers
