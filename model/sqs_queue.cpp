#include "model/sqs_queue.hpp"

#include <algorithm>
#include <functional>
#include <utility>

namespace model {

SqsQueue::SqsQueue(sim::Engine& engine, QueueSpec spec) : engine_(engine), self_(engine.add_sink(*this)), spec_(std::move(spec)) {}

bool SqsQueue::send_message(std::uint64_t id, std::string body, std::uint32_t size_bytes, sim::Time delay) {
  ++counters_.send_requests;
  // SQS: a message larger than MaximumMessageSize is refused at SendMessage (the sender sees the error).
  if (size_bytes > spec_.maximum_message_size) {
    ++counters_.rejected_too_large;
    return false;
  }
  ++counters_.sent;
  counters_.sent_bytes += size_bytes;
  accept(id, engine_.now(), 0, std::move(body), size_bytes, delay.us < 0 ? spec_.delay_seconds : delay);
  return true;
}

void SqsQueue::accept(std::uint64_t id, sim::Time sent_at, std::uint32_t receive_count, std::string body,
                      std::uint32_t size, sim::Time delay) {
  const std::uint32_t slot = allocate_slot();
  Message& m = slots_[slot];
  m.id = id;
  m.sent_at = sent_at;
  m.first_received_at = sim::Time{-1};
  m.receive_count = receive_count;
  m.size_bytes = size;
  m.body = std::move(body);
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
  expiry_heap_.push_back(ExpiryEntry{sent_at + spec_.message_retention_period, id, slot});
  std::push_heap(expiry_heap_.begin(), expiry_heap_.end(), std::greater<>{});
  schedule_expiry_timer();
}

std::uint32_t SqsQueue::allocate_slot() {
  if (!free_slots_.empty()) {
    const std::uint32_t s = free_slots_.back();
    free_slots_.pop_back();
    return s;
  }
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void SqsQueue::release(std::uint32_t slot) {
  Message& m = slots_[slot];
  switch (m.state) {
    case MessageState::Visible: --n_visible_; break;
    case MessageState::InFlight: --n_in_flight_; break;
    case MessageState::Delayed: --n_delayed_; break;
    case MessageState::Free: return;
  }
  m.state = MessageState::Free;
  ++m.generation;  // every outstanding receipt and timer for this slot is now stale
  m.body.clear();
  m.body.shrink_to_fit();
  free_slots_.push_back(slot);
}

void SqsQueue::make_visible(std::uint32_t slot) {
  Message& m = slots_[slot];
  if (m.state == MessageState::InFlight) --n_in_flight_;
  if (m.state == MessageState::Delayed) --n_delayed_;
  m.state = MessageState::Visible;
  ++m.generation;
  ++n_visible_;
  visible_order_.push_back(ReceiptHandle{slot, m.generation});
  wake_one_waiter();
}

void SqsQueue::wake_one_waiter() {
  if (waiters_.empty()) return;
  const QueueWaiter w = waiters_.front();
  waiters_.erase(waiters_.begin());
  engine_.schedule_in(sim::Time{0}, w.target, w.kind, w.arg);
}

void SqsQueue::remove_waiter(sim::TargetId target, std::uint64_t arg) {
  std::erase_if(waiters_, [&](const QueueWaiter& w) { return w.target == target && w.arg == arg; });
}

std::size_t SqsQueue::receive_message(std::size_t max, std::vector<ReceiptHandle>& out, bool continuing) {
  if (!continuing) ++counters_.receive_requests;
  max = std::min<std::size_t>(max, 10);  // SQS: ReceiveMessage returns at most 10 messages
  std::size_t n = 0;
  while (n < max && !visible_order_.empty()) {
    const ReceiptHandle h = visible_order_.front();
    visible_order_.pop_front();
    Message& m = slots_[h.slot];
    if (m.state != MessageState::Visible || m.generation != h.generation) continue;  // expired or purged since
    // SQS redrive: a message already received maxReceiveCount times moves to the DLQ on the next receive.
    if (spec_.redrive_policy && dlq_ != nullptr && m.receive_count >= spec_.redrive_policy->max_receive_count) {
      ++counters_.moved_to_dlq;
      ++receives_at_dlq_[m.receive_count];
      ++dlq_->counters_.moved_in;
      dlq_->accept(m.id, m.sent_at, m.receive_count, std::move(m.body), m.size_bytes, sim::Time{0});
      release(h.slot);
      continue;
    }
    --n_visible_;
    ++n_in_flight_;
    m.state = MessageState::InFlight;
    ++m.generation;
    ++m.receive_count;
    if (m.first_received_at.us < 0) m.first_received_at = engine_.now();
    ++counters_.received;
    engine_.schedule_in(spec_.visibility_timeout, self_, kVisibilityTimeout, sim::pack_slot(h.slot, m.generation));
    out.push_back(ReceiptHandle{h.slot, m.generation});
    ++n;
  }
  return n;
}

bool SqsQueue::is_current(ReceiptHandle r) const {
  return r.slot < slots_.size() && slots_[r.slot].state == MessageState::InFlight &&
         slots_[r.slot].generation == r.generation;
}

bool SqsQueue::delete_message(ReceiptHandle r, bool filtered) {
  ++counters_.delete_requests;
  if (!is_current(r)) return false;
  const Message& m = slots_[r.slot];
  ++counters_.deleted;
  if (filtered) {
    ++counters_.filtered;
  } else {
    latency_.add((engine_.now() - m.sent_at).us);
    ++receives_at_delete_[m.receive_count];
  }
  release(r.slot);
  return true;
}

bool SqsQueue::change_message_visibility(ReceiptHandle r, sim::Time timeout) {
  if (!is_current(r)) return false;
  Message& m = slots_[r.slot];
  // SQS: ChangeMessageVisibility restarts the clock from the call; timeout 0 makes the message visible at once.
  ++m.generation;
  if (timeout.us == 0) {
    make_visible(r.slot);
    return true;
  }
  engine_.schedule_in(timeout, self_, kVisibilityTimeout, sim::pack_slot(r.slot, m.generation));
  return true;
}

void SqsQueue::on_event(const sim::Event& e) {
  switch (e.kind) {
    case kVisibilityTimeout:
    case kDelayEnded: {
      const std::uint32_t slot = sim::slot_of(e.arg);
      const Message& m = slots_[slot];
      if (m.generation != sim::generation_of(e.arg)) return;  // deleted, changed or expired since
      // SQS: when the visibility timeout ends without a delete, the message is visible again for any consumer.
      make_visible(slot);
      return;
    }
    case kRetention:
      if (sim::generation_of(e.arg) != expiry_timer_generation_) return;
      expiry_timer_at_ = sim::Time::max();
      expire_due();
      schedule_expiry_timer();
      return;
    default: return;
  }
}

void SqsQueue::schedule_expiry_timer() {
  // Drop entries of messages that left the queue, so the heap's top is a live message.
  while (!expiry_heap_.empty()) {
    const ExpiryEntry& top = expiry_heap_.front();
    const Message& m = slots_[top.slot];
    if (m.state != MessageState::Free && m.id == top.id) break;
    std::pop_heap(expiry_heap_.begin(), expiry_heap_.end(), std::greater<>{});
    expiry_heap_.pop_back();
  }
  compact_expiry_heap();
  if (expiry_heap_.empty()) return;
  const sim::Time at = expiry_heap_.front().at;
  if (at >= expiry_timer_at_) return;  // the live timer fires early enough
  expiry_timer_at_ = at;
  ++expiry_timer_generation_;
  engine_.schedule_at(std::max(at, engine_.now()), self_, kRetention, sim::pack_slot(0, expiry_timer_generation_));
}

void SqsQueue::expire_due() {
  const sim::Time now = engine_.now();
  while (!expiry_heap_.empty() && expiry_heap_.front().at <= now) {
    const ExpiryEntry top = expiry_heap_.front();
    std::pop_heap(expiry_heap_.begin(), expiry_heap_.end(), std::greater<>{});
    expiry_heap_.pop_back();
    const Message& m = slots_[top.slot];
    if (m.state == MessageState::Free || m.id != top.id) continue;
    // SQS: at the end of the retention period a message is deleted, in flight or not: it is lost.
    ++counters_.expired;
    release(top.slot);
  }
}

void SqsQueue::compact_expiry_heap() {
  // Deleted messages leave stale heap entries; rebuild when they outnumber live ones so memory tracks what is stored.
  const std::size_t live = static_cast<std::size_t>(stored());
  if (expiry_heap_.size() <= 2 * live + 1024) return;
  std::erase_if(expiry_heap_, [&](const ExpiryEntry& x) {
    const Message& m = slots_[x.slot];
    return m.state == MessageState::Free || m.id != x.id;
  });
  std::make_heap(expiry_heap_.begin(), expiry_heap_.end(), std::greater<>{});
}

sim::Time SqsQueue::age_of_oldest_message() {
  schedule_expiry_timer();  // cleans stale entries off the top
  if (expiry_heap_.empty()) return sim::Time{0};
  return engine_.now() - (expiry_heap_.front().at - spec_.message_retention_period);
}

}  // namespace model
