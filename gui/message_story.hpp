// A message's story: its whole life so far — sent, received, gathered into batches, invocations (cold starts,
// throttles, failures, batchItemFailures), visibility expiries, the move to the DLQ, the delete — in words and as
// points on a time line. Told from the per-message trace of a replay of the session (the exported scenario, which
// replays to the same numbers), so the live session keeps no per-message history.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gui/session.hpp"

namespace gui {

enum class StoryKind : std::uint8_t {
  Sent,          // stored in a queue by SendMessage (or moved/redriven in)
  Received,      // ReceiveMessage by the event source mapping's poller: invisible for the visibility timeout
  Throttled,     // its batch was refused by Lambda (429): never reached the function
  Processed,     // its batch's invocation ended and the handler succeeded on it
  Failed,        // its batch's invocation failed, or the handler reported it in batchItemFailures
  VisibleAgain,  // the visibility timeout ended without a delete
  Deleted,
  Filtered,    // deleted by the mapping's filter criteria without reaching the handler
  MovedToDlq,  // moved to the dead-letter queue at maxReceiveCount
  Expired,     // MessageRetentionPeriod ended
  Redriven,    // moved out of a DLQ by a message move task (SQS: the copy is a new message, with a new MessageId)
  Purged,      // PurgeQueue
  Refused,     // SendMessage refused (access denied, over SQS limits)
};
// Where the message's life in this trace ends (it leaves the queue, or never entered it); the story's time line draws
// these as squares, the steps before them as circles.
bool story_kind_ends(StoryKind k);
const char* story_kind_name(StoryKind k);

struct StoryEvent {
  double t = 0;  // simulated seconds
  StoryKind kind = StoryKind::Sent;
  std::string queue;
  std::uint32_t receive_count = 0;
  std::string text;  // in words
};

struct MessageStory {
  std::uint64_t message_id = 0;
  std::vector<StoryEvent> events;  // in time order
  std::string outcome;             // where it stands: "deleted 1.3 s after it was sent", "in the DLQ"...
  bool found() const { return !events.empty(); }
};

// Replays the session up to its current time and tells message `id`'s story (no events: no such message yet).
MessageStory tell_story(const Session& s, std::uint64_t message_id);

}  // namespace gui
