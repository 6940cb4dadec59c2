#include "model/event_source_mapping.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "sim/resize_reusing.hpp"
#include "sim/rng.hpp"

namespace model {

namespace {
// Lambda's SQS pollers always long-poll with the maximum wait SQS allows.
constexpr sim::Time kLongPollWait = SqsQueue::kMaxWaitTime;
}  // namespace

EventSourceMapping::EventSourceMapping(sim::Engine& engine, EventSourceMappingSpec spec, SqsQueue& queue,
                                       LambdaFunction& function, sim::RngEngine latency)
    : engine_(engine),
      self_(engine.add_sink(*this)),
      spec_(std::move(spec)),
      queue_(queue),
      function_(function),
      arn_(queue_arn(queue.name())),
      latency_(std::move(latency)) {
  // Throws FilterPatternError (a std::invalid_argument) for a bad pattern; the scenario loader reports those first.
  filters_ = FilterCriteria::parse(spec_.filter_patterns);
  const EsmScalingSpec& s = spec_.scaling;
  switch (s.mode) {
    case EsmScalingSpec::Mode::Auto:
    case EsmScalingSpec::Mode::Legacy:
      // Lambda: 5 concurrent batches at first, up to the ceiling (1,250) or MaximumConcurrency.
      cap_ = s.maximum_concurrency ? std::min(s.ceiling, *s.maximum_concurrency) : s.ceiling;
      rate_per_minute_ = s.mode == EsmScalingSpec::Mode::Legacy ? 60 : s.scale_up_per_minute;
      target_ = std::min(s.initial, cap_);
      break;
    case EsmScalingSpec::Mode::Fixed:
      cap_ = target_ = s.fixed;
      break;
    case EsmScalingSpec::Mode::Provisioned:
      // Lambda provisioned mode: each poller runs up to 10 concurrent invokes; scaling up to 1,000 per minute.
      cap_ = std::min<std::uint32_t>(s.maximum_pollers * 10, 20000);
      rate_per_minute_ = 1000;
      target_ = s.minimum_pollers * 10;
      break;
  }
}

void EventSourceMapping::start() {
  activate_up_to_target();
  if (spec_.scaling.mode != EsmScalingSpec::Mode::Fixed) engine_.schedule_in(sim::seconds(1), self_, kScale);
}

void EventSourceMapping::set_maximum_concurrency(std::optional<std::uint32_t> m) {
  spec_.scaling.maximum_concurrency = m;
  if (spec_.scaling.mode == EsmScalingSpec::Mode::Auto || spec_.scaling.mode == EsmScalingSpec::Mode::Legacy) {
    cap_ = m ? std::min(spec_.scaling.ceiling, *m) : spec_.scaling.ceiling;
    target_ = std::min(target_, cap_);
  }
}

std::uint32_t EventSourceMapping::low_water() const {
  if (spec_.scaling.mode == EsmScalingSpec::Mode::Provisioned) return spec_.scaling.minimum_pollers * 10;
  return std::min(spec_.scaling.initial, cap_);
}

void EventSourceMapping::activate_up_to_target() {
  // Start (or restart retired) pollers until target_ are active. Surplus pollers retire themselves when idle.
  for (std::uint32_t p = 0; p < pollers_.size() && active_ < target_; ++p) {
    if (poller(p).state != PollerState::Retired) continue;
    poller(p).state = PollerState::Polling;
    ++active_;
    ++poller(p).generation;
    engine_.schedule_in(sim::Time{0}, self_, kWake, sim::pack_slot(p, poller(p).generation));
  }
  while (active_ < target_) {
    pollers_.push_back(std::make_unique<Poller>());
    const auto p = static_cast<std::uint32_t>(pollers_.size() - 1);
    ++active_;
    engine_.schedule_in(sim::Time{0}, self_, kWake, sim::pack_slot(p, poller(p).generation));
  }
  peak_ = std::max(peak_, active_);
}

bool EventSourceMapping::retire_if_surplus(std::uint32_t p) {
  Poller& pl = poller(p);
  if (active_ <= target_ || !pl.batch.empty() || !pl.carry.empty()) return false;
  pl.state = PollerState::Retired;
  pl.poll_timer.cancel();
  ++pl.generation;
  queue_.remove_waiter(self_, sim::pack_slot(p, pl.generation - 1));
  --active_;
  return true;
}

void EventSourceMapping::back_off(sim::Time freeze) {
  // Lambda reduces the concurrency it gives an ESM whose function errors (rate undocumented: one batch per failed
  // batch, and no scale-up for a minute; docs/model.md).
  frozen_until_ = engine_.now() + freeze;
}

void EventSourceMapping::scale() {
  ++ticks_;
  if (spec_.scaling.mode == EsmScalingSpec::Mode::Provisioned) counters_.poller_seconds += (active_ + 9) / 10;
  // Lambda: while messages remain in the queue, add up to rate_per_minute batches per minute, up to the cap.
  if (queue_.visible() > 0 && engine_.now() >= frozen_until_ && target_ < cap_) {
    scale_accumulator_ += rate_per_minute_;
    const std::uint32_t add = scale_accumulator_ / 60;
    scale_accumulator_ %= 60;
    target_ = std::min(cap_, target_ + add);
    activate_up_to_target();
  }
  if (ticks_ % 60 == 0) {
    // Lambda: when traffic is low it scales back to 5, and may drop to 2 (the pace is not documented: we halve toward
    // 5 after each idle minute and drop to the floor after 10 idle minutes).
    if (polled_this_minute_ == 0) {
      ++idle_minutes_;
      const std::uint32_t low = low_water();
      if (target_ > low) target_ = std::max(low, target_ / 2);
      if (idle_minutes_ >= 10 && spec_.scaling.mode != EsmScalingSpec::Mode::Provisioned)
        target_ = std::min(target_, std::max<std::uint32_t>(spec_.scaling.idle_floor, 1));
    } else {
      idle_minutes_ = 0;
    }
    polled_this_minute_ = 0;
    // Wake waiting surplus pollers so they retire now rather than at the end of their long poll.
    for (std::uint32_t p = 0; p < pollers_.size() && active_ > target_; ++p) {
      if (poller(p).state == PollerState::Waiting) retire_if_surplus(p);
    }
  }
  engine_.schedule_in(sim::seconds(1), self_, kScale);
}

std::uint64_t EventSourceMapping::records_held() const {
  std::uint64_t n = 0;
  for (const auto& p : pollers_) n += p->batch.size() + p->carry.size();
  return n;
}

void EventSourceMapping::poll(std::uint32_t p, bool continuing) {
  Poller& pl = poller(p);
  pl.poll_timer.cancel();  // any long poll this poller had open has ended
  if (pl.batch.empty() && pl.carry.empty() && retire_if_surplus(p)) return;
  pl.state = PollerState::Polling;
  if (pl.batch.empty() && !pl.carry.empty()) {
    pl.batch.swap(pl.carry);
    pl.batch_bytes = 0;
    for (const ReceiptHandle h : pl.batch) pl.batch_bytes += queue_.message(h).size_bytes;
  }
  bool first_call = true;
  const std::size_t held_before = pl.batch.size();
  while (pl.batch.size() < spec_.batch_size && pl.batch_bytes < spec_.max_payload_bytes) {
    scratch_.clear();
    filtered_.clear();
    const std::size_t want = std::min<std::size_t>(SqsQueue::kMaxNumberOfMessages, spec_.batch_size - pl.batch.size());
    const std::size_t got = queue_.receive_message(want, scratch_, continuing && first_call);
    if (pl.batch.empty() && queue_.access_denied()) {
      // SQS answered AccessDenied (a deny-all queue policy): the poller tries again later. Lambda does not document
      // its pace for permission errors; 10 s here (docs/model.md).
      pl.state = PollerState::BackingOff;
      ++pl.generation;
      engine_.schedule_in(sim::seconds(10), self_, kRetryPoll, sim::pack_slot(p, pl.generation));
      return;
    }
    first_call = false;
    for (const ReceiptHandle h : scratch_) {
      if (!filters_.empty() && !passes_filters(h)) {
        filtered_.push_back(h);
        continue;
      }
      // Lambda: a batch never exceeds the 6 MB invocation payload; what does not fit opens the next batch.
      const std::uint32_t size = queue_.message(h).size_bytes;
      if (!pl.batch.empty() && pl.batch_bytes + size > spec_.max_payload_bytes) {
        pl.carry.push_back(h);
        continue;
      }
      pl.batch.push_back(h);
      pl.batch_bytes += size;
    }
    // Lambda: a message that matches no filter is deleted from the queue, not retried (a data-loss risk). Deleted
    // before the next receive, so a FIFO group it held is available to it.
    counters_.filtered_out += queue_.delete_message_batch(filtered_, SqsQueue::DeleteCause::FilteredOut);
    counters_.polled += got;
    polled_this_minute_ += got;
    if (got < want || !pl.carry.empty()) break;  // the queue has no more visible messages now, or the batch is full
  }
  if (pl.batch.empty()) {
    wait_for_messages(p);
    return;
  }
  // SQS: what a receive returned reaches the poller after ReceiveMessage's latency (paid once per batch, at dispatch).
  if (pl.batch.size() > held_before) pl.fresh = true;
  // Lambda: the batch goes when it is full, when its payload reaches 6 MB, or when the batching window ends.
  // The window opens when the first record joins the batch (see docs/model.md for this reading of the AWS page).
  if (pl.window_ends == sim::Time::max()) pl.window_ends = engine_.now() + spec_.maximum_batching_window;
  if (pl.batch.size() >= spec_.batch_size || pl.batch_bytes >= spec_.max_payload_bytes || !pl.carry.empty() ||
      engine_.now() >= pl.window_ends) {
    invoke(p);
    return;
  }
  wait_for_messages(p);
}

void EventSourceMapping::wait_for_messages(std::uint32_t p) {
  Poller& pl = poller(p);
  pl.state = PollerState::Waiting;
  ++pl.generation;
  const std::uint64_t arg = sim::pack_slot(p, pl.generation);
  queue_.add_waiter(QueueWaiter{self_, kWake, arg});
  // SQS: a long poll returns empty after its wait time (20 s, the most SQS allows, as Lambda's pollers use).
  pl.poll_timer.arm(engine_, engine_.now() + kLongPollWait, self_, kPollTimeout, p);
  if (!pl.batch.empty()) pl.window_timer.arm(engine_, pl.window_ends, self_, kWindowEnd, p);
}

void EventSourceMapping::on_event(const sim::Event& e) {
  if (e.kind == kScale) {
    scale();
    return;
  }
  const std::uint32_t p = sim::slot_of(e.arg);
  Poller& pl = poller(p);
  if (e.kind == kPollTimeout) {
    if (!pl.poll_timer.fire(engine_, e)) return;
    // SQS: a long poll that ends with nothing is an empty receive (billed).
    queue_.remove_waiter(self_, sim::pack_slot(p, pl.generation));
    ++pl.generation;
    queue_.end_long_poll_empty();
    poll(p);
    return;
  }
  if (e.kind == kWindowEnd) {
    if (!pl.window_timer.fire(engine_, e)) return;
    // Lambda: the batching window ended; the batch goes with what it holds.
    queue_.remove_waiter(self_, sim::pack_slot(p, pl.generation));
    ++pl.generation;
    invoke(p);
    return;
  }
  if (pl.generation != sim::generation_of(e.arg)) return;  // this wait already ended another way
  switch (e.kind) {
    case kWake:
      // A message became visible while this poller's long poll was open: the same request returns it. The queue
      // took this poller off its waiter list when it scheduled the wake.
      ++pl.generation;
      poll(p, pl.state == PollerState::Waiting);
      return;
    case kRetryInvoke:
      ++pl.generation;
      invoke(p);
      return;
    case kRetryPoll:
      ++pl.generation;
      poll(p);
      return;
    case kDispatch:
      ++pl.generation;
      dispatch(p);
      return;
    case kDeleted:
      ++pl.generation;
      delete_succeeded(p);
      return;
    default:
      return;
  }
}

void EventSourceMapping::build_event(Poller& pl) const {
  // Built into the previous invocation's records: their strings and attribute-map nodes are reused.
  BatchBuffers& b = *pl.buffers;
  sim::resize_reusing(b.event.records, pl.batch.size(), b.spare_records);
  // A handler that reads nothing of its event (handlers::Reads) gets the right number of records, unwritten.
  const handlers::Reads reads = function_.handler_reads();
  if (reads == handlers::Reads::Nothing) return;
  if (b.record_caches.size() < pl.batch.size()) b.record_caches.resize(pl.batch.size());
  for (std::size_t i = 0; i < pl.batch.size(); ++i)
    build_sqs_record(queue_.message(pl.batch[i]), pl.batch[i], arn_, b.event.records[i], b.record_caches[i], reads);
}

bool EventSourceMapping::passes_filters(ReceiptHandle h) {
  // Lambda matches filter patterns against the record the function would receive.
  const Message& m = queue_.message(h);
  build_sqs_record(m, h, arn_, filter_record_, filter_record_cache_);
  return filters_.matches(filter_record_);
}

void EventSourceMapping::invoke(std::uint32_t p) {
  Poller& pl = poller(p);
  pl.poll_timer.cancel();    // the wait, if any, is over
  pl.window_timer.cancel();  // the batch goes now
  sim::Time delay = sim::sample_millis(spec_.invoke_overhead_ms, latency_);
  if (pl.fresh) delay += sim::sample_millis(queue_.spec().api_latency.receive_message_ms, latency_);
  pl.fresh = false;
  if (delay.us <= 0) {
    dispatch(p);
    return;
  }
  // The receive's return and the Invoke request take time; the records stay in flight, their visibility clock running.
  pl.state = PollerState::Invoking;
  ++pl.generation;
  engine_.schedule_in(delay, self_, kDispatch, sim::pack_slot(p, pl.generation));
}

void EventSourceMapping::dispatch(std::uint32_t p) {
  Poller& pl = poller(p);
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
  if (!pl.buffers) {
    if (free_buffers_.empty()) {
      pl.buffers = std::make_unique<BatchBuffers>();
    } else {
      pl.buffers = std::move(free_buffers_.back());
      free_buffers_.pop_back();
    }
  }
  for (const ReceiptHandle h : pl.batch) pl.batch_bytes += queue_.message(h).size_bytes;
  pl.state = PollerState::Invoking;
  build_event(pl);
  if (function_.invoke(pl.buffers->event, *this, p, this) == InvokeStatus::Throttled) {
    // Lambda: on 429 the event source mapping backs off and retries (the backoff curve is not documented).
    // Lambda: a throttled batch is retried with back-off until the messages' visibility timeout passes. The ESM's
    // own concurrency does not shrink: it ignores the function's reserved concurrency (the throttling pitfall).
    ++counters_.throttled_invokes;
    ++counters_.throttle_backoffs;
    for (MappingObserver* o : observers_) o->on_throttled(*this, pl.batch);
    pl.state = PollerState::BackingOff;
    pl.backoff =
        pl.backoff.us == 0 ? spec_.throttle_backoff_initial : std::min(pl.backoff * 2, spec_.throttle_backoff_max);
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
  Poller& pl = poller(p);
  // Lambda: a function error or timeout fails the whole batch; its messages return after the visibility timeout.
  std::vector<bool>& failed = pl.failed;
  failed.assign(pl.batch.size(), result.function_error);
  // Lambda backs off on function errors, but not when the function reports batch item failures.
  if (result.function_error && !spec_.report_batch_item_failures && spec_.scaling.mode != EsmScalingSpec::Mode::Fixed) {
    ++counters_.error_backoffs;
    target_ = std::max<std::uint32_t>(std::min(spec_.scaling.idle_floor, target_), target_ > 1 ? target_ - 1 : 1);
    back_off(sim::seconds(60));
  }
  // AWS: an empty batchItemFailures list is a complete success, so the batch's ids are read only when it names some.
  if (!result.function_error && spec_.report_batch_item_failures && !result.response.batch_item_failures.empty()) {
    if (function_.handler_reads() == handlers::Reads::Nothing)
      throw std::logic_error("handler '" + function_.spec().handler +
                             "' is registered as reading nothing of its event but reported batch item failures");
    // The response names records by the MessageIds the function saw in its event.
    const lambda::BatchOutcomeKind kind = lambda::settle_batch(result.response, pl.buffers->event.records, failed);
    if (kind == lambda::BatchOutcomeKind::AllFailed) {
      std::fill(failed.begin(), failed.end(), true);
    } else if (kind == lambda::BatchOutcomeKind::SomeFailed) {
      counters_.partial_failures += static_cast<std::uint64_t>(std::count(failed.begin(), failed.end(), true));
    }
  }
  for (MappingObserver* o : observers_) o->on_batch_done(*this, pl.batch, failed, result.function_error);
  // The handler's downstream sends happen as part of its successful processing, before Lambda deletes the records.
  pl.deleting.clear();
  for (std::size_t i = 0; i < pl.batch.size(); ++i) {
    if (failed[i]) {
      ++counters_.failed_invoke;
      continue;
    }
    pl.deleting.push_back(pl.batch[i]);
    if (publisher_ != nullptr && queue_.is_current(pl.batch[i])) {
      const Message& m = queue_.message(pl.batch[i]);
      publisher_->publish(m.body, m.size_bytes);
    }
  }
  // SQS: DeleteMessageBatch takes effect when the request reaches the queue; until then the records stay in flight.
  const sim::Time delay =
      pl.deleting.empty() ? sim::Time{0} : sim::sample_millis(queue_.spec().api_latency.delete_message_ms, latency_);
  if (delay.us > 0) {
    ++pl.generation;
    engine_.schedule_in(delay, self_, kDeleted, sim::pack_slot(p, pl.generation));
    return;
  }
  delete_succeeded(p);
}

void EventSourceMapping::delete_succeeded(std::uint32_t p) {
  Poller& pl = poller(p);
  // Lambda deletes what succeeded with DeleteMessageBatch, 10 entries a call.
  for (std::size_t i = 0; i < pl.deleting.size(); i += SqsQueue::kMaxDeleteBatchEntries) {
    const std::span<const ReceiptHandle> entries(
        pl.deleting.data() + i, std::min<std::size_t>(SqsQueue::kMaxDeleteBatchEntries, pl.deleting.size() - i));
    counters_.deleted += queue_.delete_message_batch(entries);
  }
  pl.deleting.clear();
  finish_batch(p);
}

bool EventSourceMapping::change_message_visibility(const std::string& receipt_handle, std::int32_t timeout_s) {
  ReceiptHandle h;
  if (timeout_s < 0 || timeout_s > 43200) return false;        // SQS: 0 s to 12 h
  if (!parse_receipt_handle(receipt_handle, h)) return false;  // not a receipt handle this mapping issued
  return queue_.change_message_visibility(h, sim::seconds(timeout_s));
}

void EventSourceMapping::finish_batch(std::uint32_t p) {
  Poller& pl = poller(p);
  pl.batch.clear();
  if (pl.buffers) free_buffers_.push_back(std::move(pl.buffers));  // the function is done with the event
  pl.batch_bytes = 0;
  pl.window_ends = sim::Time::max();
  poll(p);
}

}  // namespace model
