#include "gui/message_story.hpp"

#include <fmt/format.h>
#include <map>
#include <memory>

#include "loader/scenario_loader.hpp"
#include "model/event_source_mapping.hpp"
#include "model/simulation.hpp"

namespace gui {

const char* story_kind_name(StoryKind k) {
  switch (k) {
    case StoryKind::Sent:
      return "sent";
    case StoryKind::Received:
      return "received";
    case StoryKind::Throttled:
      return "throttled";
    case StoryKind::Processed:
      return "processed";
    case StoryKind::Failed:
      return "failed";
    case StoryKind::VisibleAgain:
      return "visible again";
    case StoryKind::Deleted:
      return "deleted";
    case StoryKind::Filtered:
      return "filtered out";
    case StoryKind::MovedToDlq:
      return "moved to the DLQ";
    case StoryKind::Expired:
      return "expired";
    case StoryKind::Redriven:
      return "redriven out";
    case StoryKind::Purged:
      return "purged";
    case StoryKind::Refused:
      return "refused at send";
  }
  return "";
}

bool story_kind_ends(StoryKind k) {
  switch (k) {
    case StoryKind::Deleted:
    case StoryKind::Filtered:
    case StoryKind::MovedToDlq:
    case StoryKind::Expired:
    case StoryKind::Redriven:
    case StoryKind::Purged:
    case StoryKind::Refused:
      return true;
    default:
      return false;
  }
}

namespace {

// Follows one message through a replay: the queues' per-message events, and the batches and invocations it was in.
class Recorder final : public model::MappingObserver, public model::FunctionObserver {
 public:
  Recorder(model::Simulation& sim, std::uint64_t id) : sim_(sim), id_(id) {
    for (const auto& q : sim.queues()) {
      taps_.push_back(std::make_unique<Tap>(*this, *q));
      q->add_observer(taps_.back().get());
    }
    for (const auto& m : sim.event_source_mappings()) m->add_observer(this);
    for (const auto& f : sim.functions()) f->add_observer(this);
  }
  std::vector<StoryEvent> events;

  void on_throttled(const model::EventSourceMapping& m, const std::vector<model::ReceiptHandle>& batch) override {
    if (!holds(m, batch)) return;
    add(StoryKind::Throttled, m.queue(), current_receive_count_,
        fmt::format("{} throttled its batch of {} (429): the batch never reached the function; the mapping backs off "
                    "and retries until the visibility timeout ends",
                    m.spec().function, batch.size()));
  }

  void on_batch_done(const model::EventSourceMapping& m, const std::vector<model::ReceiptHandle>& batch,
                     const std::vector<bool>& failed, bool function_error) override {
    std::size_t i = 0;
    while (i < batch.size() && m.queue().message(batch[i]).id != id_) ++i;
    if (i == batch.size()) return;
    // The function reported this invocation's end just before the mapping hears of it (same instant).
    std::string how = fmt::format("a batch of {}", batch.size());
    const auto inv = last_invocation_.find(m.spec().function);
    if (inv != last_invocation_.end() && inv->second.at == sim_.now()) {
      const model::InvocationResult& r = inv->second.result;
      how = fmt::format(
          "invocation {} with a batch of {}, {:.0f} ms{}", inv->second.request_id.substr(0, 8), batch.size(),
          r.duration.seconds() * 1000,
          r.cold_start ? fmt::format(" after a cold start (Init Duration {:.0f} ms)", r.init_duration.seconds() * 1000)
                       : "");
    }
    const std::uint32_t n = m.queue().message(batch[i]).receive_count;
    if (!failed[i])
      add(StoryKind::Processed, m.queue(), n,
          fmt::format("{} handled it in {}: the mapping deletes it", m.spec().function, how));
    else if (function_error)
      add(StoryKind::Failed, m.queue(), n,
          fmt::format("{} failed ({}): the whole batch returns after its visibility timeout", m.spec().function, how));
    else
      add(StoryKind::Failed, m.queue(), n,
          fmt::format("{} reported it in batchItemFailures ({}): it returns after its visibility timeout",
                      m.spec().function, how));
  }

  void on_invocation_end(const std::string& function, const std::string& request_id, std::uint32_t, std::uint32_t,
                         const model::InvocationResult& result) override {
    last_invocation_[function] = Invocation{sim_.now(), request_id, result};
  }

 private:
  struct Invocation {
    sim::Time at;
    std::string request_id;
    model::InvocationResult result;
  };
  struct Tap final : model::QueueObserver {
    Recorder& r;
    const model::SqsQueue& q;
    Tap(Recorder& recorder, const model::SqsQueue& queue) : r(recorder), q(queue) {}
    void on_stored(const model::Message& m) override {
      if (m.id != r.id_) return;
      // Arriving in the DLQ is the other half of the move the source queue reported.
      if (!r.events.empty() && r.events.back().kind == StoryKind::MovedToDlq) return;
      r.add(StoryKind::Sent, q, m.receive_count, fmt::format("sent to {} ({} bytes)", q.name(), m.size_bytes));
    }
    void on_send_refused(std::uint64_t id, const char* reason) override {
      if (id == r.id_) r.add(StoryKind::Refused, q, 0, fmt::format("SendMessage to {} refused: {}", q.name(), reason));
    }
    void on_received(const model::Message& m, bool duplicate) override {
      if (m.id != r.id_) return;
      r.current_receive_count_ = m.receive_count;
      r.add(StoryKind::Received, q, m.receive_count,
            fmt::format("received from {} (receive {}{}): invisible for the {:.0f} s visibility timeout", q.name(),
                        m.receive_count, duplicate ? ", a duplicate delivery" : "",
                        q.spec().visibility_timeout.seconds()));
    }
    void on_visible_again(const model::Message& m) override {
      if (m.id != r.id_) return;
      std::string next;
      if (q.spec().redrive_policy) {
        const std::uint32_t max = q.spec().redrive_policy->max_receive_count;
        next = m.receive_count >= max ? fmt::format(" — receive count {} of {}: the next receive moves it to the DLQ",
                                                    m.receive_count, max)
                                      : fmt::format("; receive count {} of {}", m.receive_count, max);
      }
      r.add(StoryKind::VisibleAgain, q, m.receive_count,
            fmt::format("visibility timeout expired without a delete: visible again in {}{}", q.name(), next));
    }
    void on_deleted(const model::Message& m) override {
      if (m.id != r.id_) return;
      r.add(StoryKind::Deleted, q, m.receive_count,
            fmt::format("deleted from {}, {:.3f} s after it was sent", q.name(), (q.now() - m.sent_at).seconds()));
    }
    void on_filtered(const model::Message& m) override {
      if (m.id != r.id_) return;
      r.add(StoryKind::Filtered, q, m.receive_count,
            fmt::format("deleted by the event source mapping's filter: it matched no pattern, so no handler saw it"));
    }
    void on_moved_to_dlq(const model::Message& m) override {
      if (m.id != r.id_) return;
      r.add(StoryKind::MovedToDlq, q, m.receive_count,
            fmt::format("moved from {} to its DLQ: received {} times, maxReceiveCount {}", q.name(), m.receive_count,
                        q.spec().redrive_policy ? q.spec().redrive_policy->max_receive_count : 0));
    }
    void on_redriven_out(const model::Message& m) override {
      if (m.id == r.id_)
        r.add(StoryKind::Redriven, q, m.receive_count,
              "redriven out of " + q.name() + " (a message move task): its copy is a new message");
    }
    void on_expired(const model::Message& m) override {
      if (m.id != r.id_) return;
      r.add(StoryKind::Expired, q, m.receive_count,
            fmt::format("expired in {}: MessageRetentionPeriod ended after {} receives", q.name(), m.receive_count));
    }
    void on_purged(const model::Message& m) override {
      if (m.id == r.id_) r.add(StoryKind::Purged, q, m.receive_count, "purged from " + q.name());
    }
  };

  bool holds(const model::EventSourceMapping& m, const std::vector<model::ReceiptHandle>& batch) const {
    for (const auto& h : batch)
      if (m.queue().message(h).id == id_) return true;
    return false;
  }
  void add(StoryKind k, const model::SqsQueue& q, std::uint32_t receive_count, std::string text) {
    events.push_back(StoryEvent{sim_.now().seconds(), k, q.name(), receive_count, std::move(text)});
  }

  model::Simulation& sim_;
  std::uint64_t id_;
  std::uint32_t current_receive_count_ = 0;
  std::vector<std::unique_ptr<Tap>> taps_;
  std::map<std::string, Invocation> last_invocation_;
};

std::string outcome(const std::vector<StoryEvent>& events, bool finished) {
  if (events.empty()) return "no such message (yet)";
  const StoryEvent& last = events.back();
  const double age = last.t - events.front().t;
  const std::string so_far = finished ? "at the end of the run" : "so far";
  switch (last.kind) {
    case StoryKind::Deleted:
      return fmt::format("deleted after {} receive{}, {:.3f} s after it was sent", last.receive_count,
                         last.receive_count == 1 ? "" : "s", age);
    case StoryKind::Filtered:
      return "deleted by the filter without processing";
    case StoryKind::MovedToDlq:
      return fmt::format("in the DLQ, {:.0f} s after it was sent", age);
    case StoryKind::Expired:
      return "expired: lost";
    case StoryKind::Redriven:
      // SQS: a redriven message is stored as a new message with a new MessageId; this id's story ends here.
      return fmt::format("redriven out of {} {:.0f} s after it was sent: it goes on as a new message (new MessageId)",
                         last.queue, age);
    case StoryKind::Purged:
      return "purged from " + last.queue;
    case StoryKind::Refused:
      return "refused at SendMessage: never stored (lost unless the producer resends it)";
    case StoryKind::Sent:
    case StoryKind::VisibleAgain:
      return "visible in " + last.queue + ", waiting for a receive (" + so_far + ")";
    default:
      return fmt::format("in flight (receive {}) {}", last.receive_count, so_far);
  }
}

}  // namespace

MessageStory tell_story(const Session& s, std::uint64_t message_id) {
  // The exported scenario replays to the session's numbers (tests/gui checks every counter), so its trace is the
  // session's trace.
  const auto loaded = scenarios::load_scenario_text(s.exported_scenario().dump(), s.scenario_file());
  model::Simulation replay(loaded.spec, loaded.spec.seed, 0);
  Recorder recorder(replay, message_id);
  replay.run();
  MessageStory story;
  story.message_id = message_id;
  story.events = std::move(recorder.events);
  story.outcome = outcome(story.events, s.finished());
  return story;
}

}  // namespace gui
