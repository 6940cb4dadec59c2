// The SQS queue's internal invariants, for tests: counts match message states; FIFO: arrival order kept within each
// group, and no message was ever delivered while an earlier one of its group was not in flight with it. A friend of
// SqsQueue, so the queue's public interface stays the SQS API.
#pragma once

#include <cstdint>
#include <string>

#include "model/sqs_queue.hpp"

namespace model {

class SqsQueueInvariants {
 public:
  static bool check(const SqsQueue& q, std::string* why) {
    auto fail = [&](const std::string& w) {
      if (why != nullptr) *why = q.spec_.name + ": " + w;
      return false;
    };
    std::uint64_t vis = 0, inf = 0, del = 0;
    for (const Message& m : q.slots_) {
      vis += m.state == MessageState::Visible;
      inf += m.state == MessageState::InFlight;
      del += m.state == MessageState::Delayed;
    }
    if (vis != q.n_visible_ || inf != q.n_in_flight_ || del != q.n_delayed_) return fail("state counts disagree");
    if (!q.spec_.fifo) return true;
    std::uint64_t groups_in_flight = 0, grouped = 0;
    for (const SqsQueue::Group& g : q.groups_) {
      grouped += g.slots.size();
      groups_in_flight += g.in_flight > 0;
      std::uint32_t actually_in_flight = 0;
      for (std::size_t i = 0; i < g.slots.size(); ++i) {
        const Message& m = q.slots_[g.slots[i]];
        actually_in_flight += m.state == MessageState::InFlight;
        if (m.state == MessageState::Free) return fail("group " + g.id + " holds a free slot");
        if (i > 0 && q.slots_[g.slots[i - 1]].enqueue_seq >= m.enqueue_seq)
          return fail("group " + g.id + " is out of arrival order");
      }
      if (actually_in_flight != g.in_flight) return fail("group " + g.id + ": in-flight count disagrees");
      if (!g.queued && q.group_ready(g)) return fail("group " + g.id + " is ready but not queued for receives");
    }
    if (q.fifo_order_violations_ != 0) return fail("a message was delivered before an earlier one of its group");
    if (grouped != q.stored()) return fail("messages outside any group");
    if (groups_in_flight != q.n_groups_in_flight_) return fail("groups-with-in-flight count disagrees");
    return true;
  }
};

}  // namespace model
