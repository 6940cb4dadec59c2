#include "model/sqs_queue.hpp"

#include "model/pricing.hpp"

#include <algorithm>
#include <boost/random/bernoulli_distribution.hpp>
#include <functional>
#include <stdexcept>
#include <utility>

#include "sim/slot_pool.hpp"

namespace model {

SqsQueue::SqsQueue(sim::Engine& engine, QueueSpec spec, sim::RngEngine duplicates_stream)
    : engine_(engine),
      self_(engine.add_sink(*this)),
      spec_(std::move(spec)),
      duplicates_rng_(std::move(duplicates_stream)) {}

bool SqsQueue::send_message(std::uint64_t id, std::string body, std::uint32_t size_bytes, sim::Time delay) {
  SendRequest r;
  r.id = id;
  r.body = std::move(body);
  r.size_bytes = size_bytes;
  r.delay = delay;
  if (spec_.fifo) {
    r.group_id = "default";
    r.deduplication_id = std::to_string(id);
  }
  return send_message(r) == SendResult::Stored;
}

SendResult SqsQueue::send_message(const SendRequest& r) {
  sim::Time delay = r.delay.us < 0 ? spec_.delay_seconds : r.delay;
  ++counters_.send_requests;
  if (access_denied_) {
    ++counters_.denied_sends;
    refused(r.id, "access_denied");
    return SendResult::AccessDenied;
  }
  counters_.billed_requests += sqs_request_units(r.size_bytes, kBillingChunkBytes);
  // SQS: a message larger than MaximumMessageSize is refused at SendMessage (the sender sees the error).
  if (r.size_bytes > spec_.maximum_message_size) {
    ++counters_.rejected_too_large;
    refused(r.id, "message_too_large");
    return SendResult::RejectedTooLarge;
  }
  if (spec_.fifo) {
    // SQS FIFO: MessageGroupId is required, and a deduplication id unless content-based deduplication is on.
    if (r.group_id.empty() || (r.deduplication_id.empty() && !spec_.content_based_deduplication)) {
      ++counters_.throttled_sends;  // counted with refused sends; the sender sees MissingParameter
      refused(r.id, "fifo_missing_ids");
      return SendResult::RejectedMissingFifoIds;
    }
    const std::int64_t second = engine_.now().us / 1'000'000;
    if (second != throughput_second_) {
      throughput_second_ = second;
      sends_this_second_ = 0;
    }
    // SQS FIFO: without high-throughput mode, 300 SendMessage calls per second; over it, ThrottlingException.
    if (static_cast<double>(sends_this_second_) >= spec_.fifo_send_limit_per_second) {
      ++counters_.throttled_sends;
      refused(r.id, "fifo_throttled");
      return SendResult::Throttled;
    }
    ++sends_this_second_;
    if (!fifo_admit(r)) {
      ++counters_.deduplicated;
      refused(r.id, "fifo_deduplicated");
      return SendResult::Deduplicated;
    }
    delay = spec_.delay_seconds;  // FIFO queues support only the queue's delay, not per-message delays
  }
  ++counters_.sent;
  counters_.sent_bytes += r.size_bytes;
  accept(r.id, engine_.now(), 0, r.body, r.size_bytes, delay, r.group_id, UINT32_MAX);
  return SendResult::Stored;
}

bool SqsQueue::fifo_admit(const SendRequest& r) {
  // SQS FIFO: a message with a deduplication id seen in the last 5 minutes is accepted but not delivered.
  // Content-based deduplication keys on the body (AWS hashes it with SHA-256; equal bodies give equal keys).
  const sim::Time now = engine_.now();
  while (!dedup_order_.empty() && dedup_order_.front().first + spec_.deduplication_interval <= now) {
    const auto it = dedup_seen_.find(dedup_order_.front().second);
    if (it != dedup_seen_.end() && it->second == dedup_order_.front().first) dedup_seen_.erase(it);
    dedup_order_.pop_front();
  }
  const std::string key = r.deduplication_id.empty() ? "body:" + r.body : "id:" + r.deduplication_id;
  if (dedup_seen_.contains(key)) return false;
  dedup_seen_.emplace(key, now);
  dedup_order_.emplace_back(now, key);
  return true;
}

std::uint32_t SqsQueue::group_index(const std::string& id) {
  const auto it = group_by_id_.find(id);
  if (it != group_by_id_.end()) return it->second;
  groups_.push_back(Group{id, {}, 0, false});
  const auto g = static_cast<std::uint32_t>(groups_.size() - 1);
  group_by_id_.emplace(id, g);
  return g;
}

void SqsQueue::accept(std::uint64_t id, sim::Time sent_at, std::uint32_t receive_count, const std::string& body,
                      std::uint32_t size, sim::Time delay, const std::string& group_id, std::uint32_t origin) {
  const std::uint32_t slot = allocate_slot();
  Message& m = slots_[slot];
  m.id = id;
  m.enqueue_seq = ++enqueue_counter_;
  m.sent_at = sent_at;
  m.first_received_at = sim::Time{-1};
  m.receive_count = receive_count;
  m.size_bytes = size;
  m.body = body;  // copied into the slot's storage, kept from its previous message: no allocation once warmed up
  m.origin = origin;
  m.group_id.clear();
  if (spec_.fifo) {
    m.group_id = group_id;
    m.group = group_index(group_id);
    groups_[m.group].slots.push_back(slot);
  }
  if (delay.us > 0) {
    m.state = MessageState::Delayed;
    ++m.generation;
    ++n_delayed_;
    engine_.schedule_in(delay, self_, kDelayEnded, sim::pack_slot(slot, m.generation));
  } else {
    make_visible(slot);
  }
  // SQS: retention counts from the original enqueue time, also after a move to a DLQ.
  // (Pushed once the slot is live: the timer's clean-up drops entries of free slots.)
  const ExpiryEntry expiry{sent_at + spec_.message_retention_period, id, slot};
  expiry_heap_.push(expiry);
  // The retention timer is pending no later than the oldest entry (release() keeps a live entry on top), so it moves
  // only when this message expires before the pending timer event: the first one stored in an empty queue that has no
  // timer pending, or one a DLQ takes with its original send time.
  if (retention_timer_.pending_at() > expiry.at) {
    schedule_expiry_timer();
  } else {
    compact_expiry_heap();
  }
  for (QueueObserver* o : observers_) o->on_stored(m);
}

void SqsQueue::seed_backlog_message(std::uint64_t id, sim::Time age, std::uint32_t receive_count, std::string body,
                                    std::uint32_t size, const std::string& group_id) {
  ++counters_.initial_backlog;
  // SQS: retention and ApproximateReceiveCount carry over: the message keeps its SentTimestamp and its receives.
  accept(id, engine_.now() - age, receive_count, body, size, sim::Time{0}, group_id, UINT32_MAX);
}

void SqsQueue::refused(std::uint64_t id, const char* reason) {
  for (QueueObserver* o : observers_) o->on_send_refused(id, reason);
}

std::uint32_t SqsQueue::allocate_slot() {
  return sim::take_slot(free_slots_, slots_);
}

void SqsQueue::release(std::uint32_t slot) {
  Message& m = slots_[slot];
  bool was_in_flight = false;
  switch (m.state) {
    case MessageState::Visible:
      --n_visible_;
      break;
    case MessageState::InFlight:
      --n_in_flight_;
      was_in_flight = true;
      break;
    case MessageState::Delayed:
      --n_delayed_;
      break;
    case MessageState::Free:
      return;
  }
  m.state = MessageState::Free;
  ++m.generation;  // every outstanding receipt and timer for this slot is now stale
  m.body.clear();  // keeps its storage for the slot's next message
  if (spec_.fifo) {
    Group& g = groups_[m.group];
    const auto it = std::find(g.slots.begin(), g.slots.end(), slot);
    if (it != g.slots.end()) g.slots.erase(it);
    if (was_in_flight && --g.in_flight == 0) --n_groups_in_flight_;
    group_became_ready_maybe(m.group);
  }
  sim::release_slot(free_slots_, slot);
  drop_dead_expiry_entries();  // keeps age_of_oldest_message() a plain read
}

bool SqsQueue::group_ready(const Group& g) const {
  return g.in_flight == 0 && !g.slots.empty() && slots_[g.slots.front()].state == MessageState::Visible;
}

void SqsQueue::group_became_ready_maybe(std::uint32_t gi) {
  Group& g = groups_[gi];
  if (g.queued || !group_ready(g)) return;
  g.queued = true;
  available_groups_.push_back(gi);
  wake_one_waiter();
}

void SqsQueue::make_visible(std::uint32_t slot) {
  Message& m = slots_[slot];
  if (m.state == MessageState::InFlight) {
    --n_in_flight_;
    if (spec_.fifo && --groups_[m.group].in_flight == 0) --n_groups_in_flight_;
  }
  if (m.state == MessageState::Delayed) --n_delayed_;
  m.state = MessageState::Visible;
  ++m.generation;
  ++n_visible_;
  if (spec_.fifo) {
    group_became_ready_maybe(m.group);
  } else {
    visible_order_.push_back(VisibleEntry{slot, m.generation, false});
    wake_one_waiter();
  }
}

void SqsQueue::wake_one_waiter() {
  if (waiters_.empty()) return;
  const QueueWaiter w = waiters_.front();
  waiters_.pop_front();
  engine_.schedule_in(sim::Time{0}, w.target, w.kind, w.arg);
}

void SqsQueue::remove_waiter(sim::TargetId target, std::uint64_t arg) {
  waiters_.erase_if([&](const QueueWaiter& w) { return w.target == target && w.arg == arg; });
}

void SqsQueue::move_to_dlq(std::uint32_t slot) {
  Message& m = slots_[slot];
  ++counters_.moved_to_dlq;
  ++receives_at_dlq_[m.receive_count];
  for (QueueObserver* o : observers_) o->on_moved_to_dlq(m);
  ++dlq_->counters_.moved_in;
  // SQS: a FIFO DLQ replaces the deduplication id by the message id, so no deduplication happens on the way in.
  dlq_->accept(m.id, m.sent_at, m.receive_count, m.body, m.size_bytes, sim::Time{0}, m.group_id, index_);
  release(slot);
}

void SqsQueue::deliver(std::uint32_t slot, std::vector<ReceiptHandle>& out, bool duplicate) {
  Message& m = slots_[slot];
  if (!duplicate) {
    --n_visible_;
    ++n_in_flight_;
    m.state = MessageState::InFlight;
    ++m.generation;
    if (spec_.fifo && groups_[m.group].in_flight++ == 0) ++n_groups_in_flight_;
    const sim::Time ends = engine_.now() + spec_.visibility_timeout;
    if (visibility_fifo_.empty() || visibility_fifo_.back().at <= ends) {
      visibility_fifo_.push_back(VisibilityEntry{ends, slot, ++m.visibility_epoch});
      arm_visibility_timer();
    } else {
      // The VisibilityTimeout was shortened (a GameDay or GUI change): this one ends before timeouts already
      // running, so it cannot join the receive-ordered FIFO; it gets its own timer, like ChangeMessageVisibility.
      engine_.schedule_at(ends, self_, kVisibilityTimeout, sim::pack_slot(slot, ++m.visibility_epoch));
    }
  } else {
    ++counters_.duplicates_delivered;
  }
  ++m.receive_count;
  if (m.first_received_at.us < 0) m.first_received_at = engine_.now();
  ++counters_.received;
  out.push_back(ReceiptHandle{slot, m.generation});
  for (QueueObserver* o : observers_) o->on_received(m, duplicate);
  // SQS standard queues deliver at least once: occasionally a copy stays available while the first is in flight.
  if (!spec_.fifo && !duplicate && spec_.duplicate_delivery_probability > 0.0 &&
      boost::random::bernoulli_distribution<double>(spec_.duplicate_delivery_probability)(duplicates_rng_)) {
    visible_order_.push_back(VisibleEntry{slot, m.generation, true});
    wake_one_waiter();
  }
}

std::size_t SqsQueue::receive_message(std::size_t max, std::vector<ReceiptHandle>& out, bool continuing) {
  if (access_denied_) {
    ++counters_.denied_requests;
    return 0;
  }
  if (!continuing) ++counters_.receive_requests;
  const std::size_t first = out.size();
  const std::size_t got = receive_message_impl(max, out);
  // SQS billing: a ReceiveMessage call is one request per 64 KB of the payload it returns (at least one). A long
  // poll woken by a message continues the call already counted; it adds only the payload's extra chunks.
  std::uint64_t bytes = 0;
  for (std::size_t i = first; i < out.size(); ++i) bytes += slots_[out[i].slot].size_bytes;
  const std::uint64_t units = sqs_request_units(bytes, kBillingChunkBytes);
  counters_.billed_requests += continuing ? units - 1 : units;
  return got;
}

std::size_t SqsQueue::receive_message_impl(std::size_t max, std::vector<ReceiptHandle>& out) {
  // SQS: with ~120,000 messages in flight, ReceiveMessage returns OverLimit.
  if (over_in_flight_limit()) {
    ++counters_.over_limit_receives;
    return 0;
  }
  max = std::min<std::size_t>(max, kMaxNumberOfMessages);  // SQS: ReceiveMessage returns at most 10 messages
  if (spec_.fifo) {
    const std::size_t got = receive_fifo(max, out);
    // SQS: every open long poll returns once messages are available; a group-ready event woke only one waiter, so
    // pass what this receive left on to the next.
    if (!available_groups_.empty()) wake_one_waiter();
    return got;
  }
  std::size_t n = 0;
  while (n < max && !visible_order_.empty() && !over_in_flight_limit()) {
    const VisibleEntry e = visible_order_.front();
    visible_order_.pop_front();
    const Message& m = slots_[e.slot];
    if (m.generation != e.generation) continue;  // received, expired or purged since
    if (e.duplicate) {
      if (m.state != MessageState::InFlight) continue;
      deliver(e.slot, out, true);
      ++n;
      continue;
    }
    if (m.state != MessageState::Visible) continue;
    if (move_to_dlq_if_exhausted(e.slot)) continue;
    deliver(e.slot, out, false);
    ++n;
  }
  if (!visible_order_.empty()) wake_one_waiter();  // the same reason as for FIFO above
  return n;
}

std::size_t SqsQueue::receive_fifo(std::size_t max, std::vector<ReceiptHandle>& out) {
  // SQS FIFO: messages come from groups with nothing in flight, in order within a group; AWS returns as many
  // messages of one group as it can before moving to the next.
  std::size_t n = 0;
  while (n < max && !available_groups_.empty()) {
    const std::uint32_t gi = available_groups_.front();
    available_groups_.pop_front();
    Group& g = groups_[gi];
    g.queued = false;
    if (!group_ready(g)) continue;
    std::size_t i = 0;
    while (n < max && i < g.slots.size()) {
      const std::uint32_t slot = g.slots[i];
      if (slots_[slot].state != MessageState::Visible) break;  // order: never skip past a delayed message
      if (move_to_dlq_if_exhausted(slot)) continue;            // released: the group's deque shrank at i
      // FIFO order: every earlier message of the group must be in flight from this same receive.
      if (g.in_flight != i) ++fifo_order_violations_;
      deliver(slot, out, false);
      ++n;
      ++i;
    }
  }
  return n;
}

bool SqsQueue::is_current(ReceiptHandle r) const {
  return r.slot < slots_.size() && slots_[r.slot].state == MessageState::InFlight &&
         slots_[r.slot].generation == r.generation;
}

bool SqsQueue::delete_message(ReceiptHandle r) {
  ++counters_.billed_requests;
  return delete_entry(r, DeleteCause::Processed);
}

std::size_t SqsQueue::delete_message_batch(std::span<const ReceiptHandle> entries, DeleteCause cause) {
  // SQS: a DeleteMessageBatch call takes at most 10 entries (more is TooManyEntriesInBatchRequest).
  if (entries.size() > kMaxDeleteBatchEntries)
    throw std::logic_error("SqsQueue::delete_message_batch: more than 10 entries");
  if (entries.empty()) return 0;
  if (cause == DeleteCause::Processed) ++counters_.billed_requests;
  std::size_t n = 0;
  for (const ReceiptHandle r : entries) n += delete_entry(r, cause) ? 1 : 0;
  return n;
}

bool SqsQueue::delete_entry(ReceiptHandle r, DeleteCause cause) {
  const bool filtered = cause == DeleteCause::FilteredOut;
  ++counters_.delete_requests;  // DeleteMessage calls and DeleteMessageBatch entries
  if (access_denied_) {
    // The message stays in flight and comes back after its visibility timeout: processed again, counted again.
    ++counters_.denied_requests;
    return false;
  }
  if (!is_current(r)) return false;
  const Message& m = slots_[r.slot];
  ++counters_.deleted;
  if (filtered) {
    ++counters_.filtered;
  } else {
    latency_.add((engine_.now() - m.sent_at).us);
    ++receives_at_delete_[m.receive_count];
  }
  for (QueueObserver* o : observers_) filtered ? o->on_filtered(m) : o->on_deleted(m);
  release(r.slot);
  return true;
}

bool SqsQueue::change_message_visibility(ReceiptHandle r, sim::Time timeout) {
  if (access_denied_) {
    ++counters_.denied_requests;
    return false;
  }
  ++counters_.billed_requests;
  if (!is_current(r)) return false;
  Message& m = slots_[r.slot];
  // SQS: ChangeMessageVisibility restarts the clock from the call; timeout 0 makes the message visible at once.
  if (timeout.us == 0) {
    make_visible(r.slot);
    return true;
  }
  // The receipt handle stays valid; only the pending timeout is superseded.
  engine_.schedule_in(timeout, self_, kVisibilityTimeout, sim::pack_slot(r.slot, ++m.visibility_epoch));
  return true;
}

std::uint64_t SqsQueue::purge() {
  // SQS PurgeQueue: every message goes, in flight or not.
  std::uint64_t n = 0;
  for (std::uint32_t s = 0; s < slots_.size(); ++s) {
    if (slots_[s].state == MessageState::Free) continue;
    for (QueueObserver* o : observers_) o->on_purged(slots_[s]);
    release(s);
    ++n;
  }
  counters_.purged += n;
  visible_order_.clear();
  available_groups_.clear();
  for (Group& g : groups_) g.queued = false;
  return n;
}

void SqsQueue::arm_visibility_timer() {
  // Entries of messages deleted (or re-timed) since they were received are dead: skip them, so the timer waits for a
  // message that can still time out. Most messages are deleted well within the timeout, and a timer per receive would
  // be a dead event per message.
  while (!visibility_fifo_.empty()) {
    const VisibilityEntry& v = visibility_fifo_.front();
    const Message& m = slots_[v.slot];
    if (m.state == MessageState::InFlight && m.visibility_epoch == v.epoch) break;
    visibility_fifo_.pop_front();
  }
  if (visibility_fifo_.empty()) return;
  // A pending timer fires no later than the head's deadline: it re-reads the head when it fires, as the head may have
  // been deleted by then (re-arming it for the head seen now could wake for a message already gone).
  const sim::Time at = visibility_fifo_.front().at;
  if (visibility_timer_.pending_at() <= at) return;
  visibility_timer_.arm(engine_, at, self_, kVisibilityFifo);
}

void SqsQueue::on_event(const sim::Event& e) {
  switch (e.kind) {
    case kVisibilityFifo: {
      if (!visibility_timer_.fire(engine_, e)) return;
      while (!visibility_fifo_.empty() && visibility_fifo_.front().at <= engine_.now()) {
        const VisibilityEntry v = visibility_fifo_.front();
        visibility_fifo_.pop_front();
        const Message& m = slots_[v.slot];
        // SQS: when the visibility timeout ends without a delete, the message is visible again for any consumer.
        if (m.state == MessageState::InFlight && m.visibility_epoch == v.epoch) {
          make_visible(v.slot);
          for (QueueObserver* o : observers_) o->on_visible_again(m);
        }
      }
      arm_visibility_timer();
      return;
    }
    case kVisibilityTimeout: {
      const std::uint32_t slot = sim::slot_of(e.arg);
      const Message& m = slots_[slot];
      if (m.state != MessageState::InFlight || m.visibility_epoch != sim::generation_of(e.arg)) return;  // superseded
      // SQS: when the visibility timeout ends without a delete, the message is visible again for any consumer.
      make_visible(slot);
      for (QueueObserver* o : observers_) o->on_visible_again(m);
      return;
    }
    case kDelayEnded: {
      const std::uint32_t slot = sim::slot_of(e.arg);
      if (slots_[slot].generation != sim::generation_of(e.arg)) return;  // purged or expired since
      make_visible(slot);
      return;
    }
    case kRetention:
      if (!retention_timer_.fire(engine_, e)) return;
      expire_due();
      schedule_expiry_timer();
      return;
    default:
      return;
  }
}

void SqsQueue::schedule_expiry_timer() {
  drop_dead_expiry_entries();
  compact_expiry_heap();
  if (expiry_heap_.empty()) return;
  // As for the visibility timer: a pending timer that fires no later re-reads the oldest message when it fires.
  const sim::Time at = expiry_heap_.top().at;
  if (retention_timer_.pending_at() <= at) return;
  retention_timer_.arm(engine_, at, self_, kRetention);
}

void SqsQueue::expire_due() {
  const sim::Time now = engine_.now();
  while (!expiry_heap_.empty() && expiry_heap_.top().at <= now) {
    const ExpiryEntry top = expiry_heap_.top();
    expiry_heap_.pop();
    const Message& m = slots_[top.slot];
    if (m.state == MessageState::Free || m.id != top.id) continue;
    // SQS: at the end of the retention period a message is deleted, in flight or not: it is lost.
    ++counters_.expired;
    for (QueueObserver* o : observers_) o->on_expired(m);
    release(top.slot);
  }
}

void SqsQueue::compact_expiry_heap() {
  // Deleted messages leave stale heap entries; rebuild when they outnumber live ones so memory tracks what is stored.
  const std::size_t live = static_cast<std::size_t>(stored());
  if (expiry_heap_.size() <= 2 * live + 1024) return;
  expiry_heap_.erase_if([&](const ExpiryEntry& x) {
    const Message& m = slots_[x.slot];
    return m.state == MessageState::Free || m.id != x.id;
  });
}

sim::Time SqsQueue::age_of_oldest_message() const {
  // The retention heap's top is the oldest stored message: release() drops the entries of messages that left.
  if (expiry_heap_.empty()) return sim::Time{0};
  return engine_.now() - (expiry_heap_.top().at - spec_.message_retention_period);
}

}  // namespace model
