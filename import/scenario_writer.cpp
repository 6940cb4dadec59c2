#include "import/scenario_writer.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <set>

#include "import/scenario_keys.hpp"
#include "loader/json_reader.hpp"

namespace scenarios::import {

namespace {

using nlohmann::json;

// CloudFormation accepts numbers and booleans written as strings ("30", "true"); Terraform plans hold numbers.
std::optional<json> as_kind(const json& v, ValueKind kind) {
  switch (kind) {
    case ValueKind::Integer: {
      if (v.is_number_integer()) return v;
      if (v.is_number_float() && std::isfinite(v.get<double>()) && std::floor(v.get<double>()) == v.get<double>() &&
          std::fabs(v.get<double>()) < 9e15)
        return json(static_cast<std::int64_t>(v.get<double>()));
      if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (s.empty() || s.size() > 15) return std::nullopt;
        std::size_t i = (s[0] == '-') ? 1 : 0;
        if (i == s.size()) return std::nullopt;
        for (std::size_t k = i; k < s.size(); ++k)
          if (s[k] < '0' || s[k] > '9') return std::nullopt;
        return json(std::stoll(s));
      }
      return std::nullopt;
    }
    case ValueKind::Number:
      if (v.is_number()) return v;
      return as_kind(v, ValueKind::Integer);
    case ValueKind::Bool:
      if (v.is_boolean()) return v;
      if (v == "true" || v == "True") return json(true);
      if (v == "false" || v == "False") return json(false);
      return std::nullopt;
    case ValueKind::String:
      if (v.is_string()) return v;
      return std::nullopt;
    case ValueKind::StringList:
      if (!v.is_array()) return std::nullopt;
      for (const json& e : v)
        if (!e.is_string()) return std::nullopt;
      return v;
  }
  return std::nullopt;
}

std::string kind_text(ValueKind k) {
  switch (k) {
    case ValueKind::Integer:
      return "an integer";
    case ValueKind::Number:
      return "a number";
    case ValueKind::Bool:
      return "true or false";
    case ValueKind::String:
      return "a string";
    case ValueKind::StringList:
      return "a list of strings";
  }
  return "a value";
}

std::string range_text(double lo, double hi) {
  auto num = [](double x) { return std::to_string(static_cast<std::int64_t>(x)); };
  return num(lo) + " to " + num(hi);
}

std::string fallback_text(const ScenarioKey& k) {
  return k.default_json.empty() ? "so the scenario leaves it unset"
                                : "so the scenario uses the AWS default " + std::string(k.default_json);
}

// The value to write for one field, or nullopt (with a warning) when it has the wrong type or is outside AWS's range.
std::optional<json> checked(const ScenarioKey& k, const Sourced& s, ImportModel& m) {
  std::optional<json> v = as_kind(s.value, k.kind);
  if (!v) {
    m.warn(s.path, "got " + s.value.dump() + ", expected " + kind_text(k.kind) + " for " + std::string(k.aws_name) +
                       "; left out, " + fallback_text(k));
    return std::nullopt;
  }
  if (k.kind == ValueKind::StringList && k.hi > 0 && static_cast<double>(v->size()) > k.hi) {
    m.warn(s.path, "got " + std::to_string(v->size()) + " items, expected at most " +
                       std::to_string(static_cast<int>(k.hi)) + " (" + std::string(k.rule) +
                       "; AWS rejects more); left out, " + fallback_text(k));
    return std::nullopt;
  }
  if (k.kind == ValueKind::Integer || k.kind == ValueKind::Number) {
    const double x = v->get<double>();
    if (x < k.lo || x > k.hi) {
      m.warn(s.path, "got " + v->dump() + ", expected " + range_text(k.lo, k.hi) + " (" + std::string(k.rule) +
                         "; AWS rejects this value); left out, " + fallback_text(k));
      return std::nullopt;
    }
  }
  return v;
}

// Writes every table key of `object` ("queue", "function", "esm") that the fields hold, or its AWS default.
void write_fields(json& out, const std::string& object, const Fields& fields, ImportModel& m) {
  for (const ScenarioKey& k : scenario_keys()) {
    const std::string_view pk = k.path_key;
    if (!pk.starts_with(object + ".") || pk.substr(object.size() + 1).find('.') != std::string_view::npos) continue;
    const auto it = fields.find(std::string(pk));
    std::optional<json> v;
    if (it != fields.end()) v = checked(k, it->second, m);
    if (!v) {
      if (!k.default_json.empty()) out[emitted_key(k)] = json::parse(k.default_json);
      continue;
    }
    out[emitted_key(k)] = *v;
    if (!k.supported && (k.neutral_json.empty() || json::parse(k.neutral_json) != *v))
      m.warn(it->second.path, "imported as a comment: sqsim does not model " + std::string(k.aws_name) + " yet");
  }
}

std::string joined(const std::vector<std::string>& notes) {
  std::string s;
  for (const std::string& n : notes) s += (s.empty() ? "" : " ") + n;
  return s;
}

bool is_fifo(const ImportedQueue& q) {
  const auto it = q.fields.find("queue.type");
  return it != q.fields.end() && it->second.value == "fifo";
}

// Scenario names must follow AWS's naming rules and be unique (the loader checks both). A name that breaks the rule
// (AWS would refuse to deploy it) is made valid with a warning; two resources can only share a name when one of them
// would fail to deploy, so the later one is named by its id.
template <class Map>
void unique_names(Map& items, ImportModel& m, const std::string& what, NameKind kind) {
  std::set<std::string> seen;
  for (auto& [id, item] : items) {
    if (item.name.empty()) item.name = id;
    const std::string where = item.origin.empty() ? id : item.origin;
    const std::string safe = valid_name(item.name, kind);
    if (safe != item.name) {
      m.warn(where, "the " + what + " name \"" + item.name + "\" breaks the rule for " + name_rule(kind) +
                        "; named \"" + safe + "\" in the scenario");
      item.name = safe;
    }
    if (!seen.insert(item.name).second) {
      std::string other = valid_name(id, kind);
      for (int k = 2; seen.contains(other); ++k) other = valid_name(id + "-" + std::to_string(k), kind);
      m.warn(where, "a second " + what + " named \"" + item.name +
                        "\" (AWS names are unique per account and region); named \"" + other + "\" in the scenario");
      item.name = other;
      seen.insert(other);
    }
  }
}

json write_redrive(const ImportedQueue& q, ImportModel& m) {
  const ImportedRedrive& r = *q.redrive;
  const ScenarioKey* mrc = find_scenario_key("queue.redrive_policy.max_receive_count");
  const auto target = m.queues.find(r.dead_letter_queue_id);
  json pol = json::object();
  pol["dead_letter_target"] = target != m.queues.end() ? target->second.name : r.dead_letter_queue_id;
  std::optional<json> count;
  if (r.max_receive_count) count = checked(*mrc, *r.max_receive_count, m);
  std::string problem;
  if (target == m.queues.end()) {
    problem = "its dead-letter queue is not in the scenario";
  } else if (target->first == q.id) {
    problem = "the queue is its own dead-letter queue (SQS rejects this)";
  } else if (is_fifo(target->second) != is_fifo(q)) {
    problem = "the dead-letter queue must be of the same type (FIFO or standard) as its source (SQS rule)";
  } else if (!count) {
    problem = r.max_receive_count ? "its maxReceiveCount is not usable"
                                  : "its maxReceiveCount is only known at apply time; set max_receive_count";
  }
  if (count) pol[emitted_key(*mrc)] = *count;
  if (!problem.empty()) {
    m.warn(r.path, "redrive policy imported as a comment (\"_redrive_policy\"): " + problem);
    return json{{"_redrive_policy", pol}};
  }
  return json{{"redrive_policy", pol}};
}

json write_queue(const ImportedQueue& q, ImportModel& m) {
  json o = json::object();
  o["name"] = q.name;
  if (!q.origin.empty()) o["_source"] = q.origin;
  if (!q.notes.empty()) o["_comment"] = joined(q.notes);
  Fields fields = q.fields;
  const auto cbd = fields.find("queue.content_based_deduplication");
  if (cbd != fields.end() && !is_fifo(q)) {
    // SQS: ContentBasedDeduplication applies to FIFO queues only; false on a standard queue is what Terraform writes.
    if (cbd->second.value == true)
      m.warn(cbd->second.path,
             "content-based deduplication on a standard queue (SQS accepts it only for FIFO queues); left out");
    fields.erase(cbd);
  }
  write_fields(o, "queue", fields, m);
  if (q.redrive) o.update(write_redrive(q, m));
  return o;
}

json write_function(const ImportedFunction& f, ImportModel& m) {
  json o = json::object();
  o["name"] = f.name;
  if (!f.origin.empty()) o["_source"] = f.origin;
  o["handler"] = "always-succeed";
  o["_comment"] =
      joined(f.notes) + (f.notes.empty() ? "" : " ") +
      "The function's code is not simulated: \"handler\": \"always-succeed\" is a placeholder. Pick a "
      "built-in handler (order-processor, always-succeed, always-fail) and set duration (and cold_start, "
      "if the runtime's default does not fit) to match the real code (docs/scenario-format.md, functions[]).";
  Fields fields = f.fields;
  const auto pc = fields.find("function.provisioned_concurrency");
  const auto rc = fields.find("function.reserved_concurrency");
  if (pc != fields.end() && rc != fields.end()) {
    const auto p = as_kind(pc->second.value, ValueKind::Integer);
    const auto r = as_kind(rc->second.value, ValueKind::Integer);
    // Lambda: provisioned concurrency cannot exceed the function's reserved concurrency.
    if (p && r && p->get<std::int64_t>() > r->get<std::int64_t>()) {
      m.warn(pc->second.path, "got " + p->dump() + ", more than the reserved concurrency " + r->dump() + " (" +
                                  rc->second.path + "; Lambda rejects this); left out");
      fields.erase(pc);
    }
  }
  write_fields(o, "function", fields, m);
  return o;
}

// ProvisionedPollerConfig: the mapping's "scaling" in provisioned mode. Lambda: provisioned mode excludes
// ScalingConfig.MaximumConcurrency, and MaximumPollers must be at least MinimumPollers.
void write_provisioned_pollers(json& out, const Fields& fields, ImportModel& m) {
  json scaling = json::object();
  std::string path;
  for (const char* pk : {"esm.scaling.minimum_pollers", "esm.scaling.maximum_pollers"}) {
    const auto it = fields.find(pk);
    if (it == fields.end()) continue;
    path = it->second.path;
    const ScenarioKey& k = *find_scenario_key(pk);
    if (const auto v = checked(k, it->second, m)) scaling[emitted_key(k)] = *v;
  }
  if (path.empty()) return;
  const std::string min_key = emitted_key(*find_scenario_key("esm.scaling.minimum_pollers"));
  const std::string max_key = emitted_key(*find_scenario_key("esm.scaling.maximum_pollers"));
  if (scaling.contains(min_key) && scaling.contains(max_key) && scaling[max_key] < scaling[min_key]) {
    m.warn(path, "MaximumPollers is below MinimumPollers (Lambda rejects this); provisioned mode left out");
    return;
  }
  const std::string mc = emitted_key(*find_scenario_key("esm.maximum_concurrency"));
  if (out.contains(mc)) {
    m.warn(fields.at("esm.maximum_concurrency").path,
           "provisioned mode (ProvisionedPollerConfig) excludes MaximumConcurrency (Lambda rejects both); left out");
    out.erase(mc);
  }
  scaling["mode"] = "provisioned";
  out["scaling"] = scaling;
}

json write_mapping(const ImportedMapping& e, ImportModel& m) {
  json o = json::object();
  const ImportedQueue& q = m.queues.at(e.queue_id);
  o["queue"] = q.name;
  o["function"] = m.functions.at(e.function_id).name;
  if (!e.origin.empty()) o["_source"] = e.origin;
  if (!e.notes.empty()) o["_comment"] = joined(e.notes);
  Fields fields = e.fields;
  auto int_field = [&](const char* key) -> std::optional<std::int64_t> {
    const auto it = fields.find(key);
    if (it == fields.end()) return std::nullopt;
    const auto v = as_kind(it->second.value, ValueKind::Integer);
    return v ? std::optional<std::int64_t>(v->get<std::int64_t>()) : std::nullopt;
  };
  const auto batch = int_field("esm.batch_size");
  const auto window = int_field("esm.maximum_batching_window_s");
  if (is_fifo(q)) {
    // Lambda: FIFO sources take BatchSize 1 to 10 and no batching window (aws-semantics.md section 2).
    if (batch && *batch > 10) {
      m.warn(fields.at("esm.batch_size").path,
             "got " + std::to_string(*batch) +
                 ", expected 1 to 10 for a FIFO queue (Lambda rejects more); left out, so the scenario uses 10");
      fields.erase("esm.batch_size");
    }
    if (window && *window > 0) {
      m.warn(fields.at("esm.maximum_batching_window_s").path,
             "Lambda does not support MaximumBatchingWindowInSeconds for FIFO queues; left out");
      fields.erase("esm.maximum_batching_window_s");
    }
  } else if (batch && *batch > 10 && *batch <= 10000 && (!window || *window < 1)) {
    // Lambda: BatchSize above 10 requires MaximumBatchingWindowInSeconds >= 1, or CreateEventSourceMapping fails.
    m.warn(fields.at("esm.batch_size").path, "got " + std::to_string(*batch) +
                                                 " without a MaximumBatchingWindowInSeconds of at least 1 (Lambda "
                                                 "rejects this); left out, so the scenario uses 10");
    fields.erase("esm.batch_size");
  }
  // Known pitfall (aws-semantics.md section 4): pollers ignore reserved concurrency, so a MaximumConcurrency above
  // it gets invocations throttled, and every throttled receive burns a receive count on its way to the DLQ.
  const auto mc = int_field("esm.maximum_concurrency");
  const auto& fn_fields = m.functions.at(e.function_id).fields;
  const auto rc_it = fn_fields.find("function.reserved_concurrency");
  const auto rc = rc_it != fn_fields.end() ? as_kind(rc_it->second.value, ValueKind::Integer) : std::nullopt;
  if (mc && rc && *mc > rc->get<std::int64_t>()) {
    m.warn(fields.at("esm.maximum_concurrency").path,
           "MaximumConcurrency " + std::to_string(*mc) + " is above the function's reserved concurrency " + rc->dump() +
               " (" + rc_it->second.path +
               "): invocations will be throttled and throttled receives still count "
               "towards maxReceiveCount, so valid messages can reach the DLQ unprocessed; AWS advises "
               "MaximumConcurrency <= reserved concurrency");
  }
  if (const auto it = fields.find("esm.function_response_types"); it != fields.end() && it->second.value.is_array()) {
    // Lambda: ReportBatchItemFailures is the only FunctionResponseTypes value.
    json kept = json::array();
    for (const json& t : it->second.value) {
      if (t == "ReportBatchItemFailures") {
        kept.push_back(t);
      } else {
        m.warn(it->second.path,
               "got " + t.dump() + ", expected \"ReportBatchItemFailures\" (the only value Lambda accepts); left out");
      }
    }
    it->second.value = kept;
  }
  write_fields(o, "esm", fields, m);
  write_provisioned_pollers(o, fields, m);
  return o;
}

std::string scenario_name(const std::string& file) {
  std::string base = file.substr(file.find_last_of("/\\") == std::string::npos ? 0 : file.find_last_of("/\\") + 1);
  const std::size_t dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0) base = base.substr(0, dot);
  return base.empty() ? "imported" : base;
}

json workload(const json& queues, const json& mappings) {
  std::string queue = "<queue name>";
  if (!mappings.empty()) {
    queue = mappings.front().at("queue").get<std::string>();
  } else if (!queues.empty()) {
    queue = queues.front().at("name").get<std::string>();
  }
  return json{
      {"_comment",
       "A deployment config describes infrastructure, not traffic, so \"producers\" is empty: add the workload "
       "yourself before running (docs/scenario-format.md, producers[]). Copy example_producer into \"producers\" and "
       "set its queue, arrival rate and count to the traffic you expect."},
      {"example_producer",
       {{"name", "load"},
        {"queue", queue},
        {"arrival", {{"type", "poisson"}, {"rate_per_s", 10}}},
        {"count", 1000},
        {"body", {{"type", "order"}}}}}};
}

}  // namespace

json write_scenario(ImportModel& model, const std::string& source_format) {
  unique_names(model.queues, model, "queue", NameKind::SqsQueue);
  unique_names(model.functions, model, "function", NameKind::LambdaFunction);

  json queues = json::array();
  for (const auto& [id, q] : model.queues) queues.push_back(write_queue(q, model));
  json functions = json::array();
  std::int64_t reserved = 0;
  for (const auto& [id, f] : model.functions) {
    json o = write_function(f, model);
    if (o.contains("reserved_concurrency")) reserved += o["reserved_concurrency"].get<std::int64_t>();
    functions.push_back(std::move(o));
  }
  json mappings = json::array();
  for (const auto& [id, e] : model.mappings) mappings.push_back(write_mapping(e, model));

  json s = json::object();
  s["_comment"] = "Imported by `sqsim import` from " + model.file + " (" + source_format +
                  "). Values the config leaves out are AWS defaults; keys starting with \"_\" are comments, including "
                  "settings sqsim does not model yet. Review the import warnings, pick handlers and add a workload.";
  s["name"] = scenario_name(model.file);
  s["description"] = "Imported from " + model.file;
  // Lambda keeps 100 of the account's concurrency unreserved (default limit 1,000): a config reserving more implies
  // a raised account limit, which the scenario must state or the loader rejects the reservations.
  if (reserved + 100 > 1000) {
    s["account"] = {{"concurrency_limit", reserved + 100}};
    model.warn("functions",
               "reserved concurrency totals " + std::to_string(reserved) +
                   ", more than the default account limit of 1,000 allows; account.concurrency_limit set to " +
                   std::to_string(reserved + 100) + " (check your account's real limit)");
  }
  s["queues"] = std::move(queues);
  s["functions"] = std::move(functions);
  s["event_source_mappings"] = std::move(mappings);
  s["producers"] = json::array();
  s["_workload"] = workload(s["queues"], s["event_source_mappings"]);
  return s;
}

}  // namespace scenarios::import
