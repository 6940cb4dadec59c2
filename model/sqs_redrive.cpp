#include "model/sqs_redrive.hpp"

#include "model/sqs_queue.hpp"

namespace model {

std::optional<RedrivenMessage> SqsRedrive::take_oldest(SqsQueue& q) {
  // AWS: a DLQ redrive moves messages oldest first.
  std::optional<std::uint32_t> best;
  if (q.spec_.fifo) {
    for (const SqsQueue::Group& g : q.groups_) {
      if (g.in_flight == 0 && !g.slots.empty() && q.slots_[g.slots.front()].state == MessageState::Visible) {
        const std::uint32_t s = g.slots.front();
        if (!best || q.slots_[s].sent_at < q.slots_[*best].sent_at ||
            (q.slots_[s].sent_at == q.slots_[*best].sent_at && q.slots_[s].id < q.slots_[*best].id))
          best = s;
      }
    }
  } else {
    while (!q.visible_order_.empty()) {
      const SqsQueue::VisibleEntry e = q.visible_order_.front();
      const Message& m = q.slots_[e.slot];
      if (!e.duplicate && m.state == MessageState::Visible && m.generation == e.generation) {
        best = e.slot;
        break;
      }
      q.visible_order_.pop_front();
    }
  }
  if (!best) return std::nullopt;
  Message& m = q.slots_[*best];
  for (QueueObserver* o : q.observers_) o->on_redriven_out(m);
  RedrivenMessage out{std::move(m.body), m.size_bytes, m.group_id, m.origin, m.sent_at};
  ++q.counters_.redriven_out;
  q.release(*best);
  return out;
}

bool SqsRedrive::accept(SqsQueue& q, std::uint64_t id, const RedrivenMessage& m, sim::Time delay) {
  if (m.size_bytes > q.spec_.maximum_message_size) {
    ++q.counters_.rejected_too_large;
    return false;
  }
  // AWS: redriven messages are new messages: new MessageId and enqueue time; the retention period restarts.
  ++q.counters_.moved_in;
  q.accept(id, q.engine_.now(), 0, m.body, m.size_bytes, q.spec_.fifo ? q.spec_.delay_seconds : delay,
           m.group_id.empty() && q.spec_.fifo ? "redriven" : m.group_id, UINT32_MAX);
  return true;
}

RedrivenMessage SqsRedrive::copy(const SqsQueue& q, ReceiptHandle r) {
  const Message& m = q.slots_[r.slot];
  return RedrivenMessage{m.body, m.size_bytes, m.group_id, m.origin, m.sent_at};
}

bool SqsRedrive::delete_after_redrive(SqsQueue& q, ReceiptHandle r) {
  ++q.counters_.delete_requests;
  ++q.counters_.billed_requests;
  if (!q.is_current(r)) return false;
  ++q.counters_.redriven_out;
  for (QueueObserver* o : q.observers_) o->on_redriven_out(q.slots_[r.slot]);
  q.release(r.slot);
  return true;
}

}  // namespace model
