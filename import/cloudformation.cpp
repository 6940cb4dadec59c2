#include "import/cloudformation.hpp"

#include <map>

#include "import/cfn_resources.hpp"
#include "import/cfn_template.hpp"
#include "import/json_member.hpp"
#include "import/sam.hpp"

namespace scenarios::import {

namespace {

using nlohmann::json;

constexpr const char* kSamTransform = "AWS::Serverless-2016-10-31";

void read_queue(CfnTemplate& t, const std::string& id) {
  const json& props = t.properties(id);
  const std::string base = "Resources." + id + ".Properties";
  ImportedQueue& q = t.model.queues[id];
  q.id = id;
  q.origin = "Resources." + id;
  q.name = id;  // CloudFormation generates a name from the stack and logical id when QueueName is absent
  bool named = false;
  if (const json* v = member(props, "QueueName")) {
    if (const auto name = t.known(*v, base + ".QueueName"); name && name->is_string()) {
      q.name = name->get<std::string>();
      named = true;
    }
  }
  bool fifo = false;
  if (const json* v = member(props, "FifoQueue")) {
    const auto f = t.known(*v, base + ".FifoQueue");
    fifo = f && (*f == true || *f == "true");
  }
  if (fifo) {
    q.fields["queue.type"] = Sourced{"fifo", base + ".FifoQueue"};
    // SQS: a FIFO queue's name ends in ".fifo"; CloudFormation adds the suffix to the names it generates.
    if (!q.name.ends_with(".fifo")) {
      if (named)
        t.model.warn(
            base + ".QueueName",
            "a FIFO queue name must end in \".fifo\" (SQS rejects it otherwise); imported as \"" + q.name + ".fifo\"");
      q.name += ".fifo";
    }
    if (const json* v = member(props, "ContentBasedDeduplication"))
      if (auto k = t.known(*v, base + ".ContentBasedDeduplication"))
        q.fields["queue.content_based_deduplication"] = Sourced{*k, base + ".ContentBasedDeduplication"};
  }
  static const std::map<std::string, std::string> kAttributes{
      {"VisibilityTimeout", "queue.visibility_timeout_s"},
      {"MessageRetentionPeriod", "queue.message_retention_period_s"},
      {"DelaySeconds", "queue.delay_seconds"},
      {"ReceiveMessageWaitTimeSeconds", "queue.receive_message_wait_time_s"},
      {"MaximumMessageSize", "queue.maximum_message_size"},
  };
  for (const auto& [prop, field] : kAttributes) {
    if (const json* v = member(props, prop.c_str()))
      if (auto k = t.known(*v, base + "." + prop)) q.fields[field] = Sourced{*k, base + "." + prop};
  }
  for (const char* prop : {"FifoThroughputLimit", "DeduplicationScope"}) {
    if (member(props, prop) != nullptr)
      t.model.warn(
          base + "." + prop,
          "not imported: sqsim does not model high-throughput FIFO yet (set the queue's fifo_send_limit_per_s)");
  }
}

// RedrivePolicy: an object or a JSON string (often built with Fn::Sub / Fn::Join around Fn::GetAtt DLQ.Arn).
void read_redrive(CfnTemplate& t, const std::string& id) {
  const std::string path = "Resources." + id + ".Properties.RedrivePolicy";
  const json* raw = member(t.properties(id), "RedrivePolicy");
  if (raw == nullptr) return;
  std::optional<json> pol = t.value(*raw, path);
  if (!pol) return;
  if (pol->is_string()) {
    try {
      pol = CfnTemplate::parse_json_text(pol->get<std::string>());
    } catch (const json::parse_error&) {
      t.model.warn(path,
                   "got " + pol->dump() +
                       ", expected a JSON object {\"deadLetterTargetArn\": ..., \"maxReceiveCount\": ...}; left out");
      return;
    }
  }
  const json* target = member(*pol, "deadLetterTargetArn");
  if (target == nullptr) {
    t.model.warn(path, "has no deadLetterTargetArn; left out");
    return;
  }
  std::string not_sqs;
  const auto dlq = queue_of(t, *target, path + ".deadLetterTargetArn", not_sqs);
  if (!dlq) {
    if (!not_sqs.empty())
      t.model.warn(path + ".deadLetterTargetArn", "names " + not_sqs + ", expected an SQS queue; left out");
    return;
  }
  ImportedRedrive r;
  r.dead_letter_queue_id = *dlq;
  r.path = path;
  if (const json* n = member(*pol, "maxReceiveCount")) r.max_receive_count = Sourced{*n, path + ".maxReceiveCount"};
  t.model.queues[id].redrive = r;
}

void read_mapping(CfnTemplate& t, const std::string& id) {
  const json& props = t.properties(id);
  const std::string base = "Resources." + id + ".Properties";
  const json* source = member(props, "EventSourceArn");
  if (source == nullptr) {
    t.model.warn("Resources." + id,
                 "skipped: no EventSourceArn (a self-managed Kafka source); sqsim models SQS event sources only");
    return;
  }
  std::string not_sqs;
  std::optional<std::string> qid = queue_of(t, *source, base + ".EventSourceArn", not_sqs);
  // Stream and broker sources carry properties an SQS mapping cannot have.
  const bool stream = member(props, "StartingPosition") != nullptr || member(props, "Topics") != nullptr ||
                      member(props, "Queues") != nullptr;
  if (!qid && (!not_sqs.empty() || stream)) {
    t.model.warn("Resources." + id, "skipped: the event source is " +
                                        (not_sqs.empty() ? std::string("a stream") : not_sqs) +
                                        "; sqsim models SQS event sources only");
    return;
  }
  if (!qid) {
    t.model.warn(base + ".EventSourceArn",
                 "the event source is not known; imported with a stand-in queue " + id + "-queue");
    qid = t.model.stand_in_queue("unresolved queue of " + id, id + "-queue",
                                 "the EventSourceArn of " + id + " could not be resolved");
  }
  std::optional<std::string> fid;
  if (const json* fn = member(props, "FunctionName"))
    fid = function_of(t, *fn, base + ".FunctionName");
  else
    t.model.warn(base + ".FunctionName", "missing (Lambda requires it)");
  if (!fid) {
    t.model.warn(base + ".FunctionName",
                 "the function is not known; imported with a stand-in function " + id + "-function");
    fid = t.model.stand_in_function("unresolved function of " + id, id + "-function",
                                    "the FunctionName of " + id + " could not be resolved");
  }
  ImportedMapping& e = t.model.mappings[id];
  e.id = id;
  e.origin = "Resources." + id;
  e.queue_id = *qid;
  e.function_id = *fid;
  read_mapping_fields(t, props, base, e);
}

// Lambda: provisioned concurrency is configured on an alias or version; the function's total is their sum.
void read_provisioned(CfnTemplate& t, const std::string& id) {
  const json& props = t.properties(id);
  const std::string base = "Resources." + id + ".Properties";
  const json* pc = member(props, "ProvisionedConcurrencyConfig");
  if (pc == nullptr) {
    t.model.warn("Resources." + id, "skipped: sqsim does not model " + t.type_of(id) + " resources");
    return;
  }
  const std::string path = base + ".ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions";
  const json* n = member(*pc, "ProvisionedConcurrentExecutions");
  const auto count = n != nullptr ? t.known(*n, path) : std::nullopt;
  const json* fn = member(props, "FunctionName");
  const auto fid = fn != nullptr ? function_of(t, *fn, base + ".FunctionName") : std::nullopt;
  if (!count || !fid) return;
  Fields& fields = t.model.functions[*fid].fields;
  const auto prev = fields.find("function.provisioned_concurrency");
  if (prev != fields.end() && prev->second.value.is_number_integer() && count->is_number_integer()) {
    t.model.warn(path, "adds to the provisioned concurrency configured at " + prev->second.path);
    prev->second.value = prev->second.value.get<std::int64_t>() + count->get<std::int64_t>();
  } else {
    fields["function.provisioned_concurrency"] = Sourced{*count, path};
  }
}

}  // namespace

bool is_sam_template(const json& root) {
  if (const json* tr = member(root, "Transform")) {
    if (*tr == kSamTransform) return true;
    if (tr->is_array())
      for (const json& x : *tr)
        if (x == kSamTransform) return true;
  }
  if (const json* res = member(root, "Resources"); res != nullptr && res->is_object()) {
    for (const auto& [id, r] : res->items()) {
      const json* type = member(r, "Type");
      if (type != nullptr && type->is_string() && type->get<std::string>().starts_with("AWS::Serverless::"))
        return true;
    }
  }
  return false;
}

void read_cloudformation(const json& root, ImportModel& model) {
  CfnTemplate t(root, model);
  // Pass 1: queues and functions, so the passes after can match ARNs and names against them.
  for (const auto& [id, r] : t.resources()) {
    const std::string type = t.type_of(id);
    if (const json* cond = member(*r, "Condition"); cond != nullptr && cond->is_string())
      model.warn("Resources." + id + ".Condition",
                 "created only when condition " + cond->get<std::string>() + " holds; imported as if it does");
    if (type == "AWS::SQS::Queue") {
      read_queue(t, id);
    } else if (type == "AWS::Lambda::Function") {
      read_function(t, id, {{&t.properties(id), "Resources." + id + ".Properties"}});
    } else if (type == "AWS::Serverless::Function") {
      read_sam_function(t, id);
    } else if (type != "AWS::Lambda::EventSourceMapping" && type != "AWS::Lambda::Alias" &&
               type != "AWS::Lambda::Version") {
      model.warn("Resources." + id, "skipped: sqsim does not model " + type + " resources");
    }
  }
  // Pass 2: what refers to queues and functions.
  for (const auto& [id, r] : t.resources()) {
    const std::string type = t.type_of(id);
    if (type == "AWS::Lambda::EventSourceMapping") read_mapping(t, id);
    if (type == "AWS::Serverless::Function") read_sam_events(t, id);
    if (type == "AWS::Lambda::Alias" || type == "AWS::Lambda::Version") read_provisioned(t, id);
    if (type == "AWS::SQS::Queue") read_redrive(t, id);
  }
}

}  // namespace scenarios::import
