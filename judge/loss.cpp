#include "judge/loss.hpp"

#include <fmt/format.h>

namespace judge {

Loss loss_of(const model::Simulation& sim) {
  const model::Accounting a = sim.accounting();
  Loss l;
  l.refused_access_denied = a.dropped_access_denied;
  l.refused_over_limits = a.dropped_too_large + a.dropped_send_refused;
  l.expired = a.expired;
  l.filtered = a.filtered;
  for (const auto& f : sim.functions()) l.deleted_unprocessed += f->counters().records_acknowledged_unprocessed;
  l.redrive_refused = a.dropped_redrive_failed;
  l.purged = a.purged;
  l.in_dlq = a.in_dlq;
  l.fifo_deduplicated = a.dropped_deduplicated;
  return l;
}

std::vector<LossLine> loss_reasons(const Loss& l) {
  return {
      {"refused_access_denied", "refused at SendMessage: access denied (queue policy)", l.refused_access_denied, true},
      {"refused_over_limits", "refused at SendMessage: over SQS limits (size, FIFO throughput or ids)",
       l.refused_over_limits, true},
      {"expired", "expired (retention period)", l.expired, true},
      {"deleted_unprocessed", "deleted unprocessed (acknowledged without the handler running)", l.deleted_unprocessed,
       true},
      {"redrive_refused", "refused by a redrive's destination", l.redrive_refused, true},
      {"filtered", "filtered: deleted unprocessed by the event filter (FilterCriteria matched nothing)", l.filtered,
       false},
      {"purged", "purged (PurgeQueue)", l.purged, false},
      {"in_dlq", "in a dead-letter queue (not lost: redrive them)", l.in_dlq, false},
      {"fifo_deduplicated", "FIFO deduplicated (not loss: the send succeeded)", l.fifo_deduplicated, false},
  };
}

std::vector<LossLine> loss_lines(const Loss& l) {
  std::vector<LossLine> out;
  for (const LossLine& x : loss_reasons(l))
    if (x.count > 0) out.push_back(x);
  return out;
}

std::vector<std::string> loss_text(const Loss& l) {
  std::vector<std::string> out;
  for (const LossLine& x : loss_lines(l))
    out.push_back(fmt::format("{}: {} {}", x.is_loss ? "LOSS" : "note", x.count, x.words));
  return out;
}

Loss loss_from_json(const nlohmann::json& j) {
  const auto at = [&](const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_number_unsigned() ? j[key].get<std::uint64_t>() : 0;
  };
  Loss l;
  l.refused_access_denied = at("refused_access_denied");
  l.refused_over_limits = at("refused_over_limits");
  l.expired = at("expired");
  l.deleted_unprocessed = at("deleted_unprocessed");
  l.redrive_refused = at("redrive_refused");
  l.filtered = at("filtered");
  l.purged = at("purged");
  l.in_dlq = at("in_dlq");
  l.fifo_deduplicated = at("fifo_deduplicated");
  return l;
}

nlohmann::json loss_json(const Loss& l) {
  return {{"lost", l.lost()},
          {"refused_at_send", l.refused_at_send()},
          {"refused_access_denied", l.refused_access_denied},
          {"refused_over_limits", l.refused_over_limits},
          {"expired", l.expired},
          {"deleted_unprocessed", l.deleted_unprocessed},
          {"redrive_refused", l.redrive_refused},
          {"filtered", l.filtered},
          {"purged", l.purged},
          {"in_dlq", l.in_dlq},
          {"fifo_deduplicated", l.fifo_deduplicated}};
}

}  // namespace judge
