#include "model/message_move_task.hpp"

#include <cmath>
#include <utility>

#include "model/sqs_redrive.hpp"

namespace model {

MessageMoveTask::MessageMoveTask(sim::Engine& engine, RedriveSpec spec, SqsQueue& source, SqsQueue* destination,
                                 MessageIdSource& ids, std::function<SqsQueue*(std::uint32_t)> queue_at)
    : engine_(engine),
      self_(engine.add_sink(*this)),
      spec_(std::move(spec)),
      source_(source),
      destination_(destination),
      ids_(ids),
      queue_at_(std::move(queue_at)) {}

void MessageMoveTask::start() {
  engine_.schedule_at(spec_.start, self_, 0);
}

void MessageMoveTask::on_event(const sim::Event&) {
  if (!started_) {
    started_ = true;
    to_move_ = source_.stored();  // the messages the DLQ holds when the task starts
  }
  const sim::Time gap{sim::round_to_int64(1e6 / spec_.max_messages_per_second)};
  if (counters_.moved + counters_.failed >= to_move_) {
    counters_.finished = true;
    return;
  }
  auto m = SqsRedrive::take_oldest(source_);
  if (!m) {
    // Messages still in flight in the DLQ (someone is reading it): try again once they could be visible.
    if (source_.stored() == 0) {
      counters_.finished = true;
      return;
    }
    engine_.schedule_in(sim::seconds(1), self_, 0);
    return;
  }
  SqsQueue* dest = destination_ != nullptr ? destination_ : queue_at_(m->origin);
  if (dest != nullptr && SqsRedrive::accept(*dest, ids_.next(), *m, sim::Time{0})) {
    ++counters_.moved;
  } else {
    ++counters_.failed;
  }
  engine_.schedule_in(gap, self_, 0);
}

}  // namespace model
