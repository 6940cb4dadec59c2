#include "model/event_source_mapping.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "sim/rng.hpp"

namespace model {

namespace {
// Lambda's SQS pollers always long-poll with the maximum wait.
constexpr sim::Time kLongPollWait = sim::seconds(20);
}  // namespace

std::string message_id_string(std::uint64_t id) {
  const std::uint64_t h = sim::splitmix64(id);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-8%03x-%012llx", static_cast<unsigned>(h >> 32),
                static_cast<unsigned>((h >> 16) & 0xffffu), static_cast<unsigned>(h & 0xfffu),
                static_cast<unsigned>((h >> 52) & 0xfffu), static_cast<unsigned long long>(id & 0xffffffffffffULL));
  return buf;
}

EventSourceMapping::EventSourceMapping(sim::Engine& engine, EventSourceMappingSpec spec, SqsQueue& queue,
                                       LambdaFunction& function)
    : engine_(engine), self_(engine.add_sink(*this)), spec_(std::move(spec)), queue_(queue), function_(function) {
  pollers_.resize(spec_.pollers);
}

void EventSourceMapping::start() {
  for (std::uint32_t p = 0; p < pollers_.size(); ++p) {
    engine_.schedule_in(sim::Time{0}, self_, kWake, sim::pack_slot(p, pollers_[p].generation));
  }
}

std::uint64_t EventSourceMapping::records_held() const {
  std::uint64_t n = 0;
  for (const Poller& p : pollers_) n += p.batch.size();
  return n;
}

void EventSourceMapping::poll(std::uint32_t p, bool continuing) {
  Poller& pl = pollers_[p];
  pl.state = PollerState::Polling;
  bool first_call = true;
  while (pl.batch.size() < spec_.batch_size && pl.batch_bytes < spec_.max_payload_bytes) {
    scratch_.clear();
    const std::size_t want = std::min<std::size_t>(10, spec_.batch_size - pl.batch.size());
    const std::size_t got = queue_.receive_message(want, scratch_, continuing && first_call);
    first_call = false;
    for (const ReceiptHandle h : scratch_) {
      pl.batch.push_back(h);
      pl.batch_bytes += queue_.message(h).size_bytes;
    }
    counters_.polled += got;
    if (got < want) break;  // the queue has no more visible messages now
  }
  if (pl.batch.empty()) {
    wait_for_messages(p);
    return;
  }
  // Lambda: the batch goes when it is full, when its payload reaches 6 MB, or when the batching window ends.
  // The window opens when the first record joins the batch (see docs/model.md for this reading of the AWS page).
  if (pl.window_ends == sim::Time::max()) pl.window_ends = engine_.now() + spec_.maximum_batching_window;
  if (pl.batch.size() >= spec_.batch_size || pl.batch_bytes >= spec_.max_payload_bytes ||
      engine_.now() >= pl.window_ends) {
    invoke(p);
    return;
  }
  wait_for_messages(p);
}

void EventSourceMapping::wait_for_messages(std::uint32_t p) {
  Poller& pl = pollers_[p];
  pl.state = PollerState::Waiting;
  ++pl.generation;
  const std::uint64_t arg = sim::pack_slot(p, pl.generation);
  queue_.add_waiter(QueueWaiter{self_, kWake, arg});
  engine_.schedule_in(kLongPollWait, self_, kPollTimeout, arg);
  if (!pl.batch.empty()) engine_.schedule_at(pl.window_ends, self_, kWindowEnd, arg);
}

void EventSourceMapping::on_event(const sim::Event& e) {
  const std::uint32_t p = sim::slot_of(e.arg);
  Poller& pl = pollers_[p];
  if (pl.generation != sim::generation_of(e.arg)) return;  // this wait already ended another way
  switch (e.kind) {
    case kWake:
      // A message became visible while this poller's long poll was open: the same request returns it.
      ++pl.generation;
      queue_.remove_waiter(self_, e.arg);
      poll(p, pl.state == PollerState::Waiting);
      return;
    case kPollTimeout:
      // SQS: a long poll that ends with nothing is an empty receive (billed).
      ++pl.generation;
      queue_.remove_waiter(self_, e.arg);
      queue_.count_empty_receive();
      poll(p);
      return;
    case kWindowEnd:
      ++pl.generation;
      queue_.remove_waiter(self_, e.arg);
      invoke(p);
      return;
    case kRetryInvoke:
      ++pl.generation;
      invoke(p);
      return;
    default: return;
  }
}

lambda::SqsEvent EventSourceMapping::build_event(const Poller& pl) const {
  lambda::SqsEvent event;
  event.records.reserve(pl.batch.size());
  const std::string arn = "arn:aws:sqs:us-east-1:123456789012:" + queue_.name();
  for (std::size_t i = 0; i < pl.batch.size(); ++i) {
    const ReceiptHandle h = pl.batch[i];
    const Message& m = queue_.message(h);
    lambda::SqsMessage rec;
    rec.message_id = pl.message_ids[i];
    rec.receipt_handle = std::to_string(h.slot) + ":" + std::to_string(h.generation);
    rec.body = m.body;
    rec.event_source_arn = arn;
    rec.aws_region = "us-east-1";
    rec.attributes["ApproximateReceiveCount"] = std::to_string(m.receive_count);
    rec.attributes["SentTimestamp"] = std::to_string(m.sent_at.us / 1000);
    rec.attributes["ApproximateFirstReceiveTimestamp"] = std::to_string(m.first_received_at.us / 1000);
    rec.attributes["SenderId"] = "AIDASQSIMPRODUCER";
    event.records.push_back(std::move(rec));
  }
  return event;
}

void EventSourceMapping::invoke(std::uint32_t p) {
  Poller& pl = pollers_[p];
  // Lambda retries a throttled batch until the messages' visibility timeout passes, then lets them go: those whose
  // receipt is no longer current are back in the queue (their receive already counted) and leave the batch.
  const std::size_t before = pl.batch.size();
  std::erase_if(pl.batch, [&](ReceiptHandle h) { return !queue_.is_current(h); });
  counters_.released += before - pl.batch.size();
  if (pl.batch.empty()) {
    finish_batch(p);
    return;
  }
  pl.batch_bytes = 0;
  pl.message_ids.clear();
  for (const ReceiptHandle h : pl.batch) {
    const Message& m = queue_.message(h);
    pl.batch_bytes += m.size_bytes;
    pl.message_ids.push_back(message_id_string(m.id));
  }
  pl.state = PollerState::Invoking;
  if (function_.invoke(build_event(pl), *this, p, this) == InvokeStatus::Throttled) {
    // Lambda: on 429 the event source mapping backs off and retries (the backoff curve is not documented).
    ++counters_.throttled_invokes;
    pl.state = PollerState::BackingOff;
    pl.backoff = pl.backoff.us == 0 ? spec_.throttle_backoff_initial : std::min(pl.backoff * 2, spec_.throttle_backoff_max);
    ++pl.generation;
    engine_.schedule_in(pl.backoff, self_, kRetryInvoke, sim::pack_slot(p, pl.generation));
    return;
  }
  pl.backoff = sim::Time{0};
  ++counters_.invocations;
  counters_.invoked += pl.batch.size();
}

void EventSourceMapping::on_invocation_complete(std::uint64_t token, const InvocationResult& result) {
  const auto p = static_cast<std::uint32_t>(token);
  Poller& pl = pollers_[p];
  // Lambda: a function error or timeout fails the whole batch; its messages return after the visibility timeout.
  std::vector<bool> failed(pl.batch.size(), result.function_error);
  if (!result.function_error && spec_.report_batch_item_failures) {
    const lambda::BatchOutcome outcome = lambda::interpret_batch_response(result.response, pl.message_ids);
    if (outcome.kind == lambda::BatchOutcomeKind::AllFailed) {
      std::fill(failed.begin(), failed.end(), true);
    } else if (outcome.kind == lambda::BatchOutcomeKind::SomeFailed) {
      for (const std::string& id : outcome.failed_ids) {
        const auto it = std::find(pl.message_ids.begin(), pl.message_ids.end(), id);
        if (it != pl.message_ids.end()) failed[static_cast<std::size_t>(it - pl.message_ids.begin())] = true;
      }
      counters_.partial_failures += outcome.failed_ids.size();
    }
  }
  for (std::size_t i = 0; i < pl.batch.size(); ++i) {
    if (failed[i]) {
      ++counters_.failed_invoke;
    } else if (queue_.delete_message(pl.batch[i])) {
      ++counters_.deleted;
    }
  }
  finish_batch(p);
}

bool EventSourceMapping::change_message_visibility(const std::string& receipt_handle, std::int32_t timeout_s) {
  const auto colon = receipt_handle.find(':');
  if (colon == std::string::npos || timeout_s < 0 || timeout_s > 43200) return false;  // SQS: 0 s to 12 h
  try {
    const ReceiptHandle h{static_cast<std::uint32_t>(std::stoul(receipt_handle.substr(0, colon))),
                          static_cast<std::uint32_t>(std::stoul(receipt_handle.substr(colon + 1)))};
    return queue_.change_message_visibility(h, sim::seconds(timeout_s));
  } catch (const std::exception&) {
    return false;  // not a receipt handle this mapping issued
  }
}

void EventSourceMapping::finish_batch(std::uint32_t p) {
  Poller& pl = pollers_[p];
  pl.batch.clear();
  pl.message_ids.clear();
  pl.batch_bytes = 0;
  pl.window_ends = sim::Time::max();
  poll(p);
}

}  // namespace model
