#include "model/sqs_record.hpp"

#include <array>
#include <charconv>
#include <cstring>

#include "sim/rng.hpp"

namespace model {

namespace {

// SenderId: the principal that sent the message (one simulated producer identity).
constexpr std::string_view kSenderId = "AIDASQSIMPRODUCER";

// Writes `n` characters into `out`'s own buffer: a record's strings keep their length from message to message (ids,
// timestamps, handles of the same width), so the resize is usually a no-op and nothing goes through
// std::string::assign's general replace path, which was a tenth of the model's instructions per message.
template <class Write>
void overwrite(std::string& out, std::size_t n, Write write) {
  if (out.size() != n) out.resize(n);
  write(out.data());
}

void assign_chars(std::string& out, const char* from, const char* to) {
  const auto n = static_cast<std::size_t>(to - from);
  overwrite(out, n, [&](char* into) { std::memcpy(into, from, n); });
}

// eventSourceARN and awsRegion, unless this record already holds them for this ARN.
void write_source(const std::string& arn, lambda::SqsMessage& rec, SqsRecordCache& cache) {
  if (cache.arn == &arn) return;
  rec.event_source_arn = arn;
  rec.aws_region = kRegion;
  cache.arn = &arn;
}

void assign_decimal(std::string& out, std::int64_t v) {
  char buf[24];
  assign_chars(out, buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

}  // namespace

std::string queue_arn(const std::string& queue_name) {
  std::string arn = "arn:aws:sqs:";
  arn.append(kRegion).append(":").append(kAccountId).append(":").append(queue_name);
  return arn;
}

void format_receipt_handle(ReceiptHandle h, std::string& out) {
  char buf[24];
  char* const end = std::to_chars(buf, buf + 11, h.slot).ptr;
  *end = ':';
  assign_chars(out, buf, std::to_chars(end + 1, buf + sizeof buf, h.generation).ptr);
}

bool parse_receipt_handle(std::string_view text, ReceiptHandle& out) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  ReceiptHandle h;
  const char* const end = text.data() + text.size();
  const auto a = std::from_chars(text.data(), text.data() + colon, h.slot);
  if (a.ec != std::errc{} || a.ptr != text.data() + colon || colon == 0) return false;
  const auto b = std::from_chars(text.data() + colon + 1, end, h.generation);
  if (b.ec != std::errc{} || b.ptr != end || colon + 1 == text.size()) return false;
  out = h;
  return true;
}

void format_message_id(std::uint64_t id, std::string& out) {
  // A UUID-shaped MessageId, as SQS issues: 8-4-4-4-12 hex digits, version 4 and variant 8 nibbles.
  // Written straight into the string, two hex digits per step from a table of the 256 byte values (snprintf was a
  // tenth of the whole model's time per message).
  static constexpr char kHex[] = "0123456789abcdef";
  static constexpr std::array<char, 512> kHexPairs = [] {
    std::array<char, 512> t{};
    for (std::size_t i = 0; i < 256; ++i) {
      t[2 * i] = kHex[i >> 4];
      t[2 * i + 1] = kHex[i & 0xfu];
    }
    return t;
  }();
  const std::uint64_t h = sim::splitmix64(id);
  overwrite(out, 36, [&](char* buf) {
    const auto put = [buf](std::size_t at, std::uint64_t v, std::size_t digits) {
      if (digits % 2 == 1) {
        buf[at + --digits] = kHex[v & 0xfu];
        v >>= 4;
      }
      for (; digits > 0; v >>= 8) {
        digits -= 2;
        std::memcpy(buf + at + digits, &kHexPairs[2 * (v & 0xffu)], 2);
      }
    };
    put(0, h >> 32, 8);
    buf[8] = '-';
    put(9, (h >> 16) & 0xffffu, 4);
    buf[13] = '-';
    buf[14] = '4';
    put(15, h & 0xfffu, 3);
    buf[18] = '-';
    buf[19] = '8';
    put(20, (h >> 52) & 0xfffu, 3);
    buf[23] = '-';
    put(24, id & 0xffffffffffffULL, 12);
  });
}

std::string message_id_string(std::uint64_t id) {
  std::string s;
  format_message_id(id, s);
  return s;
}

void build_sqs_record(const Message& m, ReceiptHandle h, const std::string& arn, lambda::SqsMessage& rec) {
  SqsRecordCache cache;
  build_sqs_record(m, h, arn, rec, cache);
}

void build_sqs_record(const Message& m, ReceiptHandle h, const std::string& arn, lambda::SqsMessage& rec,
                      SqsRecordCache& cache, handlers::Reads reads) {
  format_message_id(m.id, rec.message_id);
  rec.body = m.body;
  if (reads == handlers::Reads::IdsAndBodies) {
    write_source(arn, rec, cache);
    return;
  }
  format_receipt_handle(h, rec.receipt_handle);
  // Lambda's SQS record attributes, timestamps in epoch milliseconds. The map keeps its nodes between messages: the
  // cache points at their values, and only the values are rewritten.
  auto& a = rec.attributes;
  const bool fifo = !m.group_id.empty();
  const bool cached = cache.first_received != nullptr && a.size() == (fifo ? 5u : 4u) &&
                      &a.begin()->second == cache.first_received && (cache.group_id != nullptr) == fifo;
  if (!cached) {
    if (a.size() != (fifo ? 5u : 4u)) {
      a.clear();
      for (const char* key :
           {"ApproximateFirstReceiveTimestamp", "ApproximateReceiveCount", "SenderId", "SentTimestamp"})
        a.emplace(key, std::string());
      if (fifo) a.emplace("MessageGroupId", std::string());  // SQS FIFO: the record names its message group
    }
    // std::map: keys in sorted order, ApproximateFirstReceiveTimestamp < ApproximateReceiveCount < [MessageGroupId] <
    // SenderId < SentTimestamp.
    auto it = a.begin();
    cache.first_received = &(it++)->second;
    cache.receive_count = &(it++)->second;
    cache.group_id = fifo ? &(it++)->second : nullptr;
    (it++)->second = kSenderId;
    cache.sent = &it->second;
    cache.arn = nullptr;
  }
  write_source(arn, rec, cache);
  assign_decimal(*cache.first_received, m.first_received_at.us / 1000);
  assign_decimal(*cache.receive_count, m.receive_count);
  if (fifo) *cache.group_id = m.group_id;
  assign_decimal(*cache.sent, m.sent_at.us / 1000);
}

}  // namespace model
