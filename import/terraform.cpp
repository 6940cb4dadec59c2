#include "import/terraform.hpp"

#include <cctype>
#include "import/arn.hpp"
#include "import/json_member.hpp"
#include "import/tf_plan.hpp"
#include "model/event_filter.hpp"

namespace scenarios::import {

namespace {

using nlohmann::json;

std::string join(const std::set<std::string>& items) {
  std::string s;
  for (const std::string& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

// The first object of a nested block, which Terraform writes as an array: "scaling_config": [{...}].
const json* block(const TfInstance& inst, const char* attr) {
  const json* v = TfPlan::value(inst, attr);
  return v != nullptr && v->is_array() && !v->empty() && (*v)[0].is_object() ? &(*v)[0] : nullptr;
}

class Reader {
 public:
  Reader(const TfPlan& plan, ImportModel& model) : plan_(plan), m_(model) {}

  void queue(const TfInstance& inst);
  void function(const TfInstance& inst);
  void mapping(const TfInstance& inst);
  void redrive(const std::string& queue_id, const TfInstance& inst);
  void provisioned(const TfInstance& inst);
  std::optional<std::string> queue_ref(const TfInstance& inst, const char* attr, std::string& not_sqs);

 private:
  std::string at(const TfInstance& inst, const std::string& attr) const { return inst.path + ".values." + attr; }
  void field(const TfInstance& inst, Fields& f, const char* key, const char* attr);
  std::string queue_by_literal(const std::string& s, const std::string& path);
  std::optional<std::string> function_ref(const TfInstance& inst, const char* attr, int depth);

  const TfPlan& plan_;
  ImportModel& m_;
};

void Reader::field(const TfInstance& inst, Fields& f, const char* key, const char* attr) {
  if (const json* v = TfPlan::value(inst, attr)) {
    f[key] = Sourced{*v, at(inst, attr)};
  } else if (TfPlan::unknown(inst, attr)) {
    m_.warn(at(inst, attr), inst.address + ": known only after apply; the scenario uses the AWS default");
  }
}

// A stand-in name for a resource whose name AWS picks at apply: its Terraform address, with the characters AWS names
// do not allow ('.', '[', '"'...) as '_' (aws_sqs_queue.orders -> aws_sqs_queue_orders).
std::string address_as_name(const std::string& address) {
  std::string n = address;
  for (char& c : n)
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '_') c = '_';
  return n;
}

void Reader::queue(const TfInstance& inst) {
  ImportedQueue& q = m_.queues[inst.address];
  q.id = inst.address;
  q.origin = inst.address;
  const json* name = TfPlan::value(inst, "name");
  q.name = name != nullptr && name->is_string() ? name->get<std::string>() : address_as_name(inst.address);
  if (name == nullptr) {
    m_.warn(at(inst, "name"),
            inst.address + ": the queue name is only known after apply; the scenario names it \"" + q.name + "\"");
    const json* prefix = TfPlan::value(inst, "name_prefix");
    q.notes.push_back(prefix != nullptr && prefix->is_string()
                          ? "Named by AWS from name_prefix " + prefix->get<std::string>() +
                                "; the scenario uses the resource address."
                          : "The queue name is chosen at apply; the scenario uses the resource address.");
  }
  const json* fifo = TfPlan::value(inst, "fifo_queue");
  if (fifo != nullptr && *fifo == true) {
    q.fields["queue.type"] = Sourced{"fifo", at(inst, "fifo_queue")};
    field(inst, q.fields, "queue.content_based_deduplication", "content_based_deduplication");
    // SQS: a FIFO queue's name ends in ".fifo" (the provider adds it to generated names).
    if (!q.name.ends_with(".fifo")) {
      if (name != nullptr)
        m_.warn(at(inst, "name"),
                inst.address + ": a FIFO queue name must end in \".fifo\" (SQS rejects it otherwise); imported as \"" +
                    q.name + ".fifo\"");
      q.name += ".fifo";
    }
  }
  field(inst, q.fields, "queue.visibility_timeout_s", "visibility_timeout_seconds");
  field(inst, q.fields, "queue.message_retention_period_s", "message_retention_seconds");
  field(inst, q.fields, "queue.delay_seconds", "delay_seconds");
  field(inst, q.fields, "queue.receive_message_wait_time_s", "receive_wait_time_seconds");
  field(inst, q.fields, "queue.maximum_message_size", "max_message_size");
}

void Reader::function(const TfInstance& inst) {
  ImportedFunction& f = m_.functions[inst.address];
  f.id = inst.address;
  f.origin = inst.address;
  const json* name = TfPlan::value(inst, "function_name");
  f.name = name != nullptr && name->is_string() ? name->get<std::string>() : address_as_name(inst.address);
  field(inst, f.fields, "function.runtime", "runtime");
  field(inst, f.fields, "function.memory_size_mb", "memory_size");
  field(inst, f.fields, "function.timeout_s", "timeout");
  // aws_lambda_function: reserved_concurrent_executions = -1 (the provider's default) removes the limit: unreserved.
  if (const json* rc = TfPlan::value(inst, "reserved_concurrent_executions"); rc != nullptr && *rc != -1)
    f.fields["function.reserved_concurrency"] = Sourced{*rc, at(inst, "reserved_concurrent_executions")};
  if (const json* a = TfPlan::value(inst, "architectures"); a != nullptr && a->is_array() && !a->empty()) {
    if (a->size() == 1 && ((*a)[0] == "x86_64" || (*a)[0] == "arm64")) {
      f.fields["function.architecture"] = Sourced{(*a)[0], at(inst, "architectures[0]")};
    } else {
      m_.warn(at(inst, "architectures"),
              inst.address + ": got " + a->dump() + R"(, expected ["x86_64"] or ["arm64"]; left out)");
    }
  }
  if (const json* p = TfPlan::value(inst, "package_type"); p != nullptr && (*p == "Zip" || *p == "Image"))
    f.fields["function.package_type"] = Sourced{*p, at(inst, "package_type")};
  if (const json* vc = block(inst, "vpc_config")) {
    // Lambda attaches the function to a VPC when vpc_config has subnets (possibly known only after apply).
    const json* subnets = member(*vc, "subnet_ids");
    const bool attached = subnets != nullptr && subnets->is_array() && !subnets->empty();
    // after_unknown mirrors the block: {"vpc_config": [{"subnet_ids": true}]} when the subnets come from resources.
    const json* au = inst.after_unknown != nullptr ? member(*inst.after_unknown, "vpc_config") : nullptr;
    const bool pending = au != nullptr && au->is_array() && !au->empty() && member((*au)[0], "subnet_ids") != nullptr &&
                         *member((*au)[0], "subnet_ids") == true;
    f.fields["function.vpc"] = Sourced{attached || pending, at(inst, "vpc_config[0].subnet_ids")};
  }
  if (const json* h = TfPlan::value(inst, "handler"); h != nullptr && h->is_string())
    f.notes.push_back("Code handler in the config: " + h->get<std::string>() + ".");
}

std::string Reader::queue_by_literal(const std::string& s, const std::string& path) {
  for (const TfInstance& i : plan_.instances()) {
    if (i.type != "aws_sqs_queue" || i.mode != "managed") continue;
    for (const char* attr : {"arn", "url", "id"}) {
      const json* v = TfPlan::value(i, attr);
      if (v != nullptr && *v == s) return i.address;
    }
  }
  std::string name;
  if (const auto arn = parse_arn(s); arn && arn->service == "sqs") name = arn->resource;
  if (s.starts_with("https://")) name = s.substr(s.rfind('/') + 1);  // a queue URL
  if (name.empty()) return "";
  for (const auto& [id, q] : m_.queues)
    if (q.name == name) return id;
  m_.warn(path, "queue " + name + " is not in the plan; imported as a stand-in queue with AWS defaults");
  return m_.stand_in_queue(s, name, "referenced as " + s + " at " + path);
}

std::optional<std::string> Reader::queue_ref(const TfInstance& inst, const char* attr, std::string& not_sqs) {
  const std::string path = at(inst, attr);
  const TfReferences refs = plan_.references(inst, attr);
  std::set<std::string> queues;
  for (const std::string& a : refs.addresses) {
    const TfInstance* target = plan_.find(a);
    if (target == nullptr || target->address == inst.address) continue;
    if (target->type == "aws_sqs_queue") {
      queues.insert(a);
    } else if (not_sqs.empty()) {
      not_sqs = target->type;
    }
  }
  if (!queues.empty()) {
    if (queues.size() > 1)
      m_.warn(path, inst.address + ": refers to several queues (" + join(queues) + "); used " + *queues.begin());
    not_sqs.clear();
    return *queues.begin();
  }
  if (!not_sqs.empty()) return std::nullopt;
  std::set<std::string> literals = refs.literals;
  if (const json* v = TfPlan::value(inst, attr); v != nullptr && v->is_string()) literals.insert(v->get<std::string>());
  for (const std::string& s : literals) {
    if (const auto arn = parse_arn(s); arn && arn->service != "sqs") {
      not_sqs = "an ARN of service " + arn->service;
      return std::nullopt;
    }
    if (std::string id = queue_by_literal(s, path); !id.empty()) return id;
  }
  if (!refs.unresolved.empty())
    m_.warn(path, inst.address + ": refers to " + join(refs.unresolved) +
                      ", which the plan does not resolve (locals and iteration values are not in plan JSON)");
  return std::nullopt;
}

std::optional<std::string> Reader::function_ref(const TfInstance& inst, const char* attr, int depth) {
  const std::string path = at(inst, attr);
  const TfReferences refs = plan_.references(inst, attr);
  for (const std::string& a : refs.addresses) {
    const TfInstance* target = plan_.find(a);
    if (target == nullptr) continue;
    if (target->type == "aws_lambda_function") return a;
    // An alias names its function in its own function_name.
    if (target->type == "aws_lambda_alias" && depth < 3)
      if (auto f = function_ref(*target, "function_name", depth + 1)) return f;
  }
  std::set<std::string> literals = refs.literals;
  if (const json* v = TfPlan::value(inst, attr); v != nullptr && v->is_string()) literals.insert(v->get<std::string>());
  for (const std::string& s : literals) {
    const std::string name = lambda_function_name(s);
    for (const auto& [id, f] : m_.functions)
      if (f.name == name) return id;
    m_.warn(path, inst.address + ": function " + name +
                      " is not in the plan; imported as a stand-in function with AWS defaults");
    return m_.stand_in_function("external function " + name, name, "named " + s + " at " + path);
  }
  if (!refs.unresolved.empty())
    m_.warn(path, inst.address + ": refers to " + join(refs.unresolved) + ", which the plan does not resolve");
  return std::nullopt;
}

void Reader::mapping(const TfInstance& inst) {
  std::string not_sqs;
  std::optional<std::string> qid = queue_ref(inst, "event_source_arn", not_sqs);
  // Stream and broker sources carry attributes an SQS mapping cannot have.
  const json* start = TfPlan::value(inst, "starting_position");
  const json* topics = TfPlan::value(inst, "topics");
  const bool stream = start != nullptr || (topics != nullptr && topics->is_array() && !topics->empty()) ||
                      block(inst, "self_managed_event_source") != nullptr;
  if (!qid && (!not_sqs.empty() || stream)) {
    m_.warn(inst.path, "skipped " + inst.address + ": the event source is " +
                           (not_sqs.empty() ? std::string("a stream or broker") : not_sqs) +
                           "; sqsim models SQS event sources only");
    return;
  }
  if (!qid) {
    m_.warn(at(inst, "event_source_arn"),
            inst.address + ": the event source is not known; imported with a stand-in queue");
    qid = m_.stand_in_queue("unresolved queue of " + inst.address, inst.address + "-queue",
                            "the event_source_arn of " + inst.address + " could not be resolved");
  }
  std::optional<std::string> fid = function_ref(inst, "function_name", 0);
  if (!fid) {
    m_.warn(at(inst, "function_name"), inst.address + ": the function is not known; imported with a stand-in function");
    fid = m_.stand_in_function("unresolved function of " + inst.address, inst.address + "-function",
                               "the function_name of " + inst.address + " could not be resolved");
  }
  ImportedMapping& e = m_.mappings[inst.address];
  e.id = inst.address;
  e.origin = inst.address;
  e.queue_id = *qid;
  e.function_id = *fid;
  field(inst, e.fields, "esm.batch_size", "batch_size");
  field(inst, e.fields, "esm.maximum_batching_window_s", "maximum_batching_window_in_seconds");
  field(inst, e.fields, "esm.function_response_types", "function_response_types");
  field(inst, e.fields, "esm.enabled", "enabled");
  if (const json* sc = block(inst, "scaling_config")) {
    if (const json* mc = member(*sc, "maximum_concurrency"); mc != nullptr && !mc->is_null())
      e.fields["esm.maximum_concurrency"] = Sourced{*mc, at(inst, "scaling_config[0].maximum_concurrency")};
  }
  if (const json* fc = block(inst, "filter_criteria")) {
    // filter_criteria { filter { pattern = jsonencode(...) } }: each pattern a JSON string matched on the body.
    json patterns = json::array();
    const json* filters = member(*fc, "filter");
    if (filters != nullptr && filters->is_array()) {
      for (std::size_t i = 0; i < filters->size(); ++i) {
        const json* p = member((*filters)[i], "pattern");
        if (p == nullptr || !p->is_string()) continue;
        // Lambda rejects a pattern that is not valid EventBridge syntax when the mapping is created.
        try {
          (void)model::EventFilter::parse(p->get<std::string>(), i);
          patterns.push_back(*p);
        } catch (const model::FilterPatternError& err) {
          m_.warn(at(inst, "filter_criteria[0].filter[" + std::to_string(i) + "].pattern"),
                  inst.address + ": Lambda would reject this filter pattern (" + err.what() + "); left out");
        }
      }
    }
    e.fields["esm.filter_criteria"] = Sourced{patterns, at(inst, "filter_criteria[0].filter")};
  }
  if (const json* pp = block(inst, "provisioned_poller_config")) {
    const json* lo = member(*pp, "minimum_pollers");
    const json* hi = member(*pp, "maximum_pollers");
    e.fields["esm.scaling.minimum_pollers"] = Sourced{lo != nullptr && !lo->is_null() ? *lo : json(2),
                                                      at(inst, "provisioned_poller_config[0].minimum_pollers")};
    if (hi != nullptr && !hi->is_null())
      e.fields["esm.scaling.maximum_pollers"] = Sourced{*hi, at(inst, "provisioned_poller_config[0].maximum_pollers")};
  }
}

// redrive_policy is a JSON string {"deadLetterTargetArn": ..., "maxReceiveCount": ...}; when the DLQ is created in
// the same plan its ARN, and so the whole string, is unknown until apply, and only the configuration's references
// name the DLQ.
void Reader::redrive(const std::string& queue_id, const TfInstance& inst) {
  const std::string path = at(inst, "redrive_policy");
  ImportedRedrive r;
  r.path = path;
  if (const json* v = TfPlan::value(inst, "redrive_policy");
      v != nullptr && v->is_string() && !v->get<std::string>().empty()) {
    json pol;
    try {
      pol = json::parse(v->get<std::string>());
    } catch (const json::parse_error&) {
      m_.warn(path, inst.address + ": got " + v->dump() + ", expected a JSON object; left out");
      return;
    }
    const json* target = member(pol, "deadLetterTargetArn");
    if (target == nullptr || !target->is_string()) {
      m_.warn(path, inst.address + ": has no deadLetterTargetArn; left out");
      return;
    }
    r.dead_letter_queue_id = queue_by_literal(target->get<std::string>(), path + ".deadLetterTargetArn");
    if (r.dead_letter_queue_id.empty()) {
      m_.warn(path, inst.address + ": deadLetterTargetArn " + target->dump() + " is not an SQS queue ARN; left out");
      return;
    }
    if (const json* n = member(pol, "maxReceiveCount")) r.max_receive_count = Sourced{*n, path + ".maxReceiveCount"};
  } else if (TfPlan::unknown(inst, "redrive_policy")) {
    std::string not_sqs;
    const auto dlq = queue_ref(inst, "redrive_policy", not_sqs);
    if (!dlq) {
      m_.warn(path,
              inst.address + ": known only after apply and its configuration names no dead-letter queue; left out");
      return;
    }
    r.dead_letter_queue_id = *dlq;
    m_.warn(path, inst.address + ": known only after apply; dead-letter queue " + *dlq +
                      " taken from the configuration's references, maxReceiveCount is not in the plan");
  } else {
    return;
  }
  ImportedQueue& q = m_.queues[queue_id];
  if (q.redrive) m_.warn(path, inst.address + ": replaces the redrive policy read at " + q.redrive->path);
  q.redrive = r;
}

void Reader::provisioned(const TfInstance& inst) {
  const json* n = TfPlan::value(inst, "provisioned_concurrent_executions");
  const auto fid = function_ref(inst, "function_name", 0);
  if (n == nullptr || !fid) {
    m_.warn(inst.path, "skipped " + inst.address + ": its function or provisioned_concurrent_executions is not known");
    return;
  }
  // Lambda: provisioned concurrency is set per alias or version; the function's total is their sum.
  Fields& fields = m_.functions[*fid].fields;
  const std::string path = at(inst, "provisioned_concurrent_executions");
  const auto prev = fields.find("function.provisioned_concurrency");
  if (prev != fields.end() && prev->second.value.is_number_integer() && n->is_number_integer()) {
    m_.warn(path, inst.address + ": adds to the provisioned concurrency configured at " + prev->second.path);
    prev->second.value = prev->second.value.get<std::int64_t>() + n->get<std::int64_t>();
  } else {
    fields["function.provisioned_concurrency"] = Sourced{*n, path};
  }
}

}  // namespace

bool is_terraform_plan(const json& root) {
  if (const json* pv = member(root, "planned_values"); pv != nullptr && pv->is_object()) return true;
  return member(root, "format_version") != nullptr &&
         (member(root, "resource_changes") != nullptr || member(root, "configuration") != nullptr);
}

void read_terraform_plan(const json& root, ImportModel& model) {
  const TfPlan plan(root, model);
  Reader reader(plan, model);
  // Pass 1: queues and functions, so the pass after can match ARNs and names against them.
  for (const TfInstance& inst : plan.instances()) {
    if (inst.mode != "managed") continue;  // data sources are read, not deployed
    if (inst.type == "aws_sqs_queue") {
      reader.queue(inst);
    } else if (inst.type == "aws_lambda_function") {
      reader.function(inst);
    } else if (inst.type == "aws_lambda_alias") {
      model.warn(inst.path, "skipped " + inst.address +
                                ": sqsim does not model aliases (mappings through it are wired to its function)");
    } else if (inst.type != "aws_lambda_event_source_mapping" && inst.type != "aws_sqs_queue_redrive_policy" &&
               inst.type != "aws_lambda_provisioned_concurrency_config") {
      model.warn(inst.path, "skipped " + inst.address + ": sqsim does not model " + inst.type + " resources");
    }
  }
  // Pass 2: what refers to queues and functions.
  for (const TfInstance& inst : plan.instances()) {
    if (inst.mode != "managed") continue;
    if (inst.type == "aws_sqs_queue") reader.redrive(inst.address, inst);
    if (inst.type == "aws_lambda_event_source_mapping") reader.mapping(inst);
    if (inst.type == "aws_lambda_provisioned_concurrency_config") reader.provisioned(inst);
    if (inst.type == "aws_sqs_queue_redrive_policy") {
      std::string not_sqs;
      if (const auto q = reader.queue_ref(inst, "queue_url", not_sqs)) {
        reader.redrive(*q, inst);
      } else {
        model.warn(inst.path, "skipped " + inst.address + ": its queue_url names no queue of the plan");
      }
    }
  }
}

}  // namespace scenarios::import
