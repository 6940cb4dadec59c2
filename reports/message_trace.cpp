#include "reports/message_trace.hpp"

#include <fmt/format.h>

#include "model/event_source_mapping.hpp"

namespace reports {

struct MessageTraceWriter::QueueTap final : model::QueueObserver {
  MessageTraceWriter* w;
  const model::SqsQueue* q;
  QueueTap(MessageTraceWriter* writer, const model::SqsQueue* queue) : w(writer), q(queue) {}
  void emit(const model::Message& m, const char* event, const char* detail = nullptr) {
    w->write(q->now(), q->name(), event, m.id, m.receive_count, detail);
  }
  void on_stored(const model::Message& m) override { emit(m, "stored"); }
  void on_send_refused(std::uint64_t id, const char* reason) override {
    w->write(q->now(), q->name(), "send_refused", id, 0, reason);
  }
  void on_received(const model::Message& m, bool duplicate) override {
    emit(m, "received", duplicate ? "duplicate delivery" : nullptr);
  }
  void on_visible_again(const model::Message& m) override { emit(m, "visible_again"); }
  void on_deleted(const model::Message& m) override { emit(m, "deleted"); }
  void on_filtered(const model::Message& m) override { emit(m, "filtered"); }
  void on_moved_to_dlq(const model::Message& m) override { emit(m, "moved_to_dlq"); }
  void on_redriven_out(const model::Message& m) override { emit(m, "redriven_out"); }
  void on_expired(const model::Message& m) override { emit(m, "expired"); }
  void on_purged(const model::Message& m) override { emit(m, "purged"); }
};

MessageTraceWriter::MessageTraceWriter(model::Simulation& sim, std::ostream& out, std::uint64_t max_bytes)
    : out_(out), max_bytes_(max_bytes) {
  for (const auto& q : sim.queues()) {
    taps_.push_back(std::make_unique<QueueTap>(this, q.get()));
    q->add_observer(taps_.back().get());
  }
}

MessageTraceWriter::~MessageTraceWriter() = default;

void MessageTraceWriter::write(sim::Time at, const std::string& queue, const char* event, std::uint64_t message_id,
                               std::uint32_t receive_count, const char* detail) {
  if (truncated_) return;
  // Names are the scenario's (letters, digits, - _ . only, as SQS allows), so they need no JSON escaping.
  std::string line =
      fmt::format(R"({{"t":{}.{:06},"queue":"{}","event":"{}","message_id":"{}","receive_count":{})", at.us / 1'000'000,
                  at.us % 1'000'000, queue, event, model::message_id_string(message_id), receive_count);
  if (detail) line += fmt::format(R"(,"detail":"{}")", detail);
  line += "}\n";
  if (bytes_ + line.size() > max_bytes_) {
    truncated_ = true;
    const std::string last = fmt::format(R"({{"t":{}.{:06},"event":"trace_truncated","bytes":{},"lines":{}}})"
                                         "\n",
                                         at.us / 1'000'000, at.us % 1'000'000, bytes_, lines_);
    out_ << last;
    return;
  }
  out_ << line;
  bytes_ += line.size();
  ++lines_;
}

}  // namespace reports
