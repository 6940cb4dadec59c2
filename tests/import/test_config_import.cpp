// `sqsim import`: every real-world fixture (Terraform plans, CloudFormation, SAM) imports into a scenario the loader
// accepts, with the values the fixture states; settings sqsim does not model yet survive as "_" comment keys with a
// warning; SAM and SAM's CloudFormation output import alike; malformed input is an error naming the file, never a
// crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "import/config_import.hpp"
#include "import/scenario_keys.hpp"
#include "loader/scenario_loader.hpp"

namespace {

using nlohmann::json;
using scenarios::ImportResult;
namespace imp = scenarios::import;

const std::string kFixtures = std::string(SQSIM_SHARED_DIR) + "/fixtures/";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ImportResult import_fixture(const std::string& rel) {
  return scenarios::import_config_file(kFixtures + rel);
}

// The scenario, serialised, loads without errors (the "_" keys are comments to the loader).
void expect_loads(const ImportResult& r, const std::string& label) {
  try {
    scenarios::load_scenario_text(r.scenario.dump(2), label);
  } catch (const std::exception& e) {
    ADD_FAILURE() << label << " does not load:\n" << e.what() << "\n" << r.scenario.dump(2);
  }
}

const json& named(const json& items, const std::string& key, const std::string& name) {
  static const json kNull;  // immutable
  for (const json& i : items)
    if (i.value(key, "") == name) return i;
  ADD_FAILURE() << "no item with " << key << " = " << name << " in " << items.dump(1);
  return kNull;
}

const json& queue(const ImportResult& r, const std::string& name) {
  return named(r.scenario["queues"], "name", name);
}
const json& function(const ImportResult& r, const std::string& name) {
  return named(r.scenario["functions"], "name", name);
}

// The key the importer writes for a table entry ("maximum_concurrency" or, while unsupported, "_maximum_concurrency").
std::string key(const char* path_key) {
  const imp::ScenarioKey* k = imp::find_scenario_key(path_key);
  EXPECT_NE(k, nullptr) << path_key;
  return k != nullptr ? imp::emitted_key(*k) : "";
}

std::size_t count_warnings(const ImportResult& r, const std::string& needle) {
  return static_cast<std::size_t>(std::count_if(
      r.warnings.begin(), r.warnings.end(), [&](const std::string& w) { return w.find(needle) != std::string::npos; }));
}

std::string all_warnings(const ImportResult& r) {
  std::string s;
  for (const std::string& w : r.warnings) s += w + "\n";
  return s;
}

// An unmodelled setting is written as a comment and warned about; once the loader accepts it, as the real key.
void expect_unmodelled_warning(const ImportResult& r, const char* path_key, const std::string& source_path) {
  const imp::ScenarioKey* k = imp::find_scenario_key(path_key);
  ASSERT_NE(k, nullptr);
  const std::size_t n = count_warnings(
      r, source_path + ": imported as a comment: sqsim does not model " + std::string(k->aws_name) + " yet");
  EXPECT_EQ(n, k->supported ? 0u : 1u) << all_warnings(r);
}

std::vector<std::string> fixture_files() {
  std::vector<std::string> files;
  for (const char* dir : {"terraform", "cloudformation", "sam"})
    for (const auto& e : std::filesystem::directory_iterator(kFixtures + dir))
      if (e.is_regular_file()) files.push_back(std::string(dir) + "/" + e.path().filename().string());
  std::sort(files.begin(), files.end());
  return files;
}

// ---------------------------------------------------------------------------------------------------------------
// Every fixture

TEST(ConfigImport, EveryFixtureImportsIntoALoadableScenario) {
  const std::vector<std::string> files = fixture_files();
  EXPECT_EQ(files.size(), 11u);  // 2 Terraform plans, 5 CloudFormation templates, 4 SAM templates
  for (const std::string& f : files) {
    SCOPED_TRACE(f);
    const ImportResult r = import_fixture(f);
    const std::string expected = f.starts_with("terraform/") ? "terraform-plan"
                                 : f.starts_with("sam/")     ? "sam"
                                                             : "cloudformation";
    EXPECT_EQ(r.source_format, expected);
    expect_loads(r, f);
    EXPECT_EQ(r.scenario["producers"], json::array());
    ASSERT_TRUE(r.scenario.contains("_workload"));
    EXPECT_NE(r.scenario["_workload"]["_comment"].get<std::string>().find("add the workload"), std::string::npos);
    EXPECT_TRUE(r.scenario["_workload"].contains("example_producer"));
    for (const json& fn : r.scenario["functions"]) {
      EXPECT_EQ(fn["handler"], "always-succeed");
      EXPECT_NE(fn["_comment"].get<std::string>().find("Pick a built-in handler"), std::string::npos);
    }
    // Every warning names the file and a path in it.
    for (const std::string& w : r.warnings) EXPECT_TRUE(w.starts_with(kFixtures + f + ": ")) << w;
  }
}

TEST(ConfigImport, OutputIsDeterministic) {
  for (const std::string& f : fixture_files()) {
    const ImportResult a = import_fixture(f);
    const ImportResult b = import_fixture(f);
    EXPECT_EQ(a.scenario.dump(), b.scenario.dump()) << f;
    EXPECT_EQ(a.warnings, b.warnings) << f;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// SAM fixtures

TEST(ConfigImportSam, SqsEventWithDisabledMappingAndAQueueDefinedElsewhere) {
  const ImportResult r = import_fixture("sam/sqs.yaml");
  const json& fn = function(r, "SQSFunction");
  EXPECT_EQ(fn["runtime"], "python2.7");
  EXPECT_EQ(fn["memory_size_mb"], 128);  // AWS defaults: the template sets neither
  EXPECT_EQ(fn["timeout_s"], 3);
  EXPECT_EQ(fn["architecture"], "x86_64");
  EXPECT_FALSE(fn.contains("reserved_concurrency"));
  // Queue: arn:aws:sqs:us-west-2:012345678901:my-queue, not in the template: a stand-in with AWS defaults.
  const json& q = queue(r, "my-queue");
  EXPECT_EQ(q["visibility_timeout_s"], 30);
  EXPECT_EQ(q["message_retention_period_s"], 345600);
  EXPECT_EQ(q["delay_seconds"], 0);
  EXPECT_EQ(q["receive_message_wait_time_s"], 0);
  EXPECT_EQ(q["maximum_message_size"], 1048576);
  ASSERT_EQ(r.scenario["event_source_mappings"].size(), 1u);
  const json& m = r.scenario["event_source_mappings"][0];
  EXPECT_EQ(m["queue"], "my-queue");
  EXPECT_EQ(m["function"], "SQSFunction");
  EXPECT_EQ(m["batch_size"], 10);
  EXPECT_EQ(m["maximum_batching_window_s"], 0);
  EXPECT_EQ(m[key("esm.enabled")], false);  // Enabled: false
  const std::string events = kFixtures + "sam/sqs.yaml: Resources.SQSFunction.Properties.Events.MySqsQueue.Properties";
  expect_unmodelled_warning(r, "esm.enabled", events + ".Enabled");
  EXPECT_EQ(count_warnings(r, events + ".Queue: queue my-queue is not defined in this file"), 1u) << all_warnings(r);
}

TEST(ConfigImportSam, ScalingConfigMaximumConcurrency) {
  const ImportResult r = import_fixture("sam/sqs_with_scaling_config.yaml");
  ASSERT_EQ(r.scenario["event_source_mappings"].size(), 1u);
  const json& m = r.scenario["event_source_mappings"][0];
  EXPECT_EQ(m[key("esm.maximum_concurrency")], 500);  // ScalingConfig: MaximumConcurrency: 500
  EXPECT_EQ(m["batch_size"], 10);
  EXPECT_EQ(m[key("esm.enabled")], false);
  expect_unmodelled_warning(r, "esm.maximum_concurrency",
                            kFixtures +
                                "sam/sqs_with_scaling_config.yaml: Resources.SQSFunction.Properties.Events."
                                "MySqsQueue.Properties.ScalingConfig.MaximumConcurrency");
}

TEST(ConfigImportSam, FilterCriteriaAndNonSqsEventsAreSkippedWithWarnings) {
  const ImportResult r = import_fixture("sam/function_with_event_filtering.yaml");
  const json& fn = function(r, "FilteredEventsFunction");
  EXPECT_EQ(fn["runtime"], "nodejs16.x");
  ASSERT_EQ(r.scenario["event_source_mappings"].size(), 1u);  // only MySqsEvent is SQS
  const json& m = r.scenario["event_source_mappings"][0];
  EXPECT_EQ(m["queue"], "MySqsQueue");  // Queue: !GetAtt MySqsQueue.Arn
  // The fixture's patterns ({"name": "value"}) are not valid EventBridge syntax (values must be arrays): Lambda would
  // reject them at CreateEventSourceMapping, so the import leaves them out and says why.
  EXPECT_EQ(m[key("esm.filter_criteria")], json::array());
  EXPECT_EQ(count_warnings(r, "Lambda would reject this filter pattern (Filters[0].Pattern.name: got \"value\""), 1u)
      << all_warnings(r);
  ASSERT_EQ(r.scenario["queues"].size(), 1u);
  const std::string events =
      kFixtures + "sam/function_with_event_filtering.yaml: Resources.FilteredEventsFunction.Properties.Events.";
  for (const char* e : {"KinesisStream", "DynamoDBStreamEvent", "MSKEvent", "MyKafkaEvent", "MyMQQueue"})
    EXPECT_EQ(count_warnings(r, events + e + ": skipped"), 1u) << e << "\n" << all_warnings(r);
  expect_unmodelled_warning(r, "esm.filter_criteria", events + "MySqsEvent.Properties.FilterCriteria.Filters");
  EXPECT_EQ(count_warnings(r, "Resources.KinesisStream: skipped: sqsim does not model AWS::Kinesis::Stream"), 1u);
}

TEST(ConfigImportSam, OnlyStreamEventsGiveNoMappings) {
  const ImportResult r = import_fixture("sam/function_with_event_source_mapping.yaml");
  EXPECT_EQ(r.scenario["event_source_mappings"], json::array());
  EXPECT_EQ(function(r, "MyFunctionForBatchingExample")["runtime"], "nodejs12.x");
  EXPECT_EQ(queue(r, "MySqsQueue")["visibility_timeout_s"], 30);
  EXPECT_EQ(count_warnings(r, "sqsim models SQS event sources only"), 5u) << all_warnings(r);
  // !Ref MyBatchingWindowParam appears only in skipped stream events: never evaluated, so no parameter warning.
  EXPECT_EQ(count_warnings(r, "MyBatchingWindowParam"), 0u) << all_warnings(r);
}

// ---------------------------------------------------------------------------------------------------------------
// CloudFormation fixtures

TEST(ConfigImportCloudFormation, CdkTemplateWithMaximumConcurrency) {
  const ImportResult r = import_fixture("cloudformation/cdk-sqs-max-concurrency.template.json");
  EXPECT_EQ(r.source_format, "cloudformation");
  EXPECT_EQ(queue(r, "Q63C6E3AB")["visibility_timeout_s"], 30);
  const json& fn = function(r, "FC4345940");
  EXPECT_EQ(fn["runtime"], "nodejs22.x");
  EXPECT_EQ(fn["memory_size_mb"], 128);
  ASSERT_EQ(r.scenario["event_source_mappings"].size(), 1u);
  const json& m = r.scenario["event_source_mappings"][0];
  EXPECT_EQ(m["queue"], "Q63C6E3AB");     // EventSourceArn: Fn::GetAtt [Q63C6E3AB, Arn]
  EXPECT_EQ(m["function"], "FC4345940");  // FunctionName: Ref FC4345940
  EXPECT_EQ(m["batch_size"], 5);
  EXPECT_EQ(m[key("esm.maximum_concurrency")], 5);
  EXPECT_FALSE(m.contains(key("esm.enabled")));  // not set in the template
  expect_unmodelled_warning(r, "esm.maximum_concurrency",
                            kFixtures +
                                "cloudformation/cdk-sqs-max-concurrency.template.json: Resources."
                                "FSqsEventSourcesqseventsourcemaxconcurrencyQ1268C091130BF341.Properties."
                                "ScalingConfig.MaximumConcurrency");
}

// The queues, functions and mappings of a scenario without the provenance comments, which name different paths.
json without_provenance(json items) {
  for (json& i : items) {
    i.erase("_source");
    i.erase("_comment");
  }
  return items;
}

TEST(ConfigImportCloudFormation, SamTemplatesAndTheirCloudFormationTranslationImportAlike) {
  for (const char* name :
       {"sqs", "sqs_with_scaling_config", "function_with_event_filtering", "function_with_event_source_mapping"}) {
    SCOPED_TRACE(name);
    const ImportResult sam = import_fixture(std::string("sam/") + name + ".yaml");
    const ImportResult cfn = import_fixture(std::string("cloudformation/") + name + ".from-sam.json");
    EXPECT_EQ(sam.source_format, "sam");
    EXPECT_EQ(cfn.source_format, "cloudformation");
    for (const char* part : {"queues", "functions", "event_source_mappings"})
      EXPECT_EQ(without_provenance(sam.scenario[part]), without_provenance(cfn.scenario[part])) << part;
  }
}

TEST(ConfigImportCloudFormation, NonSqsMappingsAndIamRolesAreSkippedWithWarnings) {
  const ImportResult r = import_fixture("cloudformation/function_with_event_filtering.from-sam.json");
  const std::string f = kFixtures + "cloudformation/function_with_event_filtering.from-sam.json: ";
  EXPECT_EQ(count_warnings(r, f + "Resources.FilteredEventsFunctionRole: skipped: sqsim does not model AWS::IAM::Role"),
            1u);
  EXPECT_EQ(
      count_warnings(
          r, f + "Resources.FilteredEventsFunctionKinesisStream: skipped: the event source is AWS::Kinesis::Stream"),
      1u);
  EXPECT_EQ(
      count_warnings(
          r, f + "Resources.FilteredEventsFunctionMSKEvent: skipped: the event source is an ARN of service kafka"),
      1u);
  EXPECT_EQ(count_warnings(r, f + "Resources.FilteredEventsFunctionMyKafkaEvent: skipped: no EventSourceArn"), 1u);
  EXPECT_EQ(count_warnings(
                r, f + "Resources.FilteredEventsFunctionMyMQQueue: skipped: the event source is an ARN of service mq"),
            1u);
}

// ---------------------------------------------------------------------------------------------------------------
// Terraform fixtures

TEST(ConfigImportTerraform, QueuePlanKeepsPlannedValuesAndHasNoRedrivePolicy) {
  const ImportResult r = import_fixture("terraform/sqs-queue-plan.json");
  ASSERT_EQ(r.scenario["queues"].size(), 2u);
  for (const char* resource : {"failure", "success"}) {
    // "name": after_unknown (AWS picks it): the scenario uses the resource address, '.' as '_' (SQS's naming rule).
    const std::string address = std::string("aws_sqs_queue.") + resource;
    const json& q = queue(r, "aws_sqs_queue_" + std::string(resource));
    EXPECT_EQ(q["maximum_message_size"], 262144);  // max_message_size: 262144 in the plan
    EXPECT_EQ(q["message_retention_period_s"], 345600);
    EXPECT_EQ(q["visibility_timeout_s"], 30);
    EXPECT_EQ(q["delay_seconds"], 0);
    EXPECT_EQ(q["receive_message_wait_time_s"], 0);
    EXPECT_FALSE(q.contains("type"));                         // fifo_queue: false
    EXPECT_FALSE(q.contains("content_based_deduplication"));  // false, and only valid for FIFO
    EXPECT_FALSE(q.contains("redrive_policy"));               // redrive_policy: null
    EXPECT_EQ(count_warnings(r, address + ": the queue name is only known after apply"), 1u);
  }
  EXPECT_EQ(count_warnings(r, "planned_values.root_module.resources[0]: skipped aws_kms_key.test"), 1u)
      << all_warnings(r);
}

TEST(ConfigImportTerraform, LambdaPlanReservedConcurrencyMinusOneIsUnreserved) {
  const ImportResult r = import_fixture("terraform/lambda-plan.json");
  ASSERT_EQ(r.scenario["functions"].size(), 1u);
  const json& fn = function(r, "123456789123-acme-corp-analysis");
  EXPECT_EQ(fn["runtime"], "nodejs12.x");
  EXPECT_EQ(fn["memory_size_mb"], 128);
  EXPECT_EQ(fn["timeout_s"], 3);
  EXPECT_FALSE(fn.contains("reserved_concurrency"));  // reserved_concurrent_executions = -1: unreserved
  EXPECT_EQ(fn["_source"], "aws_lambda_function.analysis_lambda");
  EXPECT_EQ(r.scenario["queues"], json::array());
  // 55 managed resources, one of them the function: the other 54 are skipped, one warning each.
  EXPECT_EQ(count_warnings(r, ": sqsim does not model "), 54u) << all_warnings(r);
  EXPECT_EQ(count_warnings(r, "skipped aws_neptune_cluster_instance.default[0]"), 1u);
  // The function's environment holds (example) credentials; an import never copies them.
  EXPECT_EQ(r.scenario.dump().find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------------------------
// Terraform wiring the fixtures do not exercise: modules, unknown ARNs, a redrive policy string, ESM blocks.

// A plan in Terraform 1.x's format: DLQ and queue created in a module (ARNs unknown until apply, so the redrive
// policy and the mapping's event_source_arn are unknown and only configuration references wire them).
const char* kModulePlan = R"({
  "format_version": "1.2", "terraform_version": "1.5.7",
  "planned_values": {"root_module": {
    "resources": [
      {"address": "aws_lambda_function.worker", "mode": "managed", "type": "aws_lambda_function", "name": "worker",
       "values": {"function_name": "orders-worker", "runtime": "python3.12", "memory_size": 512, "timeout": 30,
                  "reserved_concurrent_executions": 50, "architectures": ["arm64"], "handler": "app.handler",
                  "package_type": "Zip"}},
      {"address": "aws_lambda_event_source_mapping.orders", "mode": "managed",
       "type": "aws_lambda_event_source_mapping", "name": "orders",
       "values": {"batch_size": 100, "maximum_batching_window_in_seconds": 5,
                  "function_response_types": ["ReportBatchItemFailures"],
                  "scaling_config": [{"maximum_concurrency": 10}],
                  "filter_criteria": [{"filter": [{"pattern": "{\"body\":{\"type\":[\"order\"]}}"}]}],
                  "enabled": true, "function_name": "orders-worker", "starting_position": null, "topics": null,
                  "self_managed_event_source": []}},
      {"address": "aws_lambda_provisioned_concurrency_config.worker", "mode": "managed",
       "type": "aws_lambda_provisioned_concurrency_config", "name": "worker",
       "values": {"function_name": "orders-worker", "provisioned_concurrent_executions": 5, "qualifier": "live"}}
    ],
    "child_modules": [{"address": "module.queues", "resources": [
      {"address": "module.queues.aws_sqs_queue.dlq", "mode": "managed", "type": "aws_sqs_queue", "name": "dlq",
       "values": {"name": "orders-dlq", "message_retention_seconds": 1209600, "fifo_queue": false,
                  "content_based_deduplication": false, "visibility_timeout_seconds": 30, "delay_seconds": 0,
                  "max_message_size": 262144, "receive_wait_time_seconds": 0, "redrive_policy": null}},
      {"address": "module.queues.aws_sqs_queue.main", "mode": "managed", "type": "aws_sqs_queue", "name": "main",
       "values": {"name": "orders", "message_retention_seconds": 345600, "fifo_queue": false,
                  "visibility_timeout_seconds": 180, "delay_seconds": 0, "max_message_size": 262144,
                  "receive_wait_time_seconds": 20}}
    ]}]
  }},
  "resource_changes": [
    {"address": "module.queues.aws_sqs_queue.main", "change": {"actions": ["create"],
     "after_unknown": {"arn": true, "id": true, "url": true, "redrive_policy": true}}},
    {"address": "aws_lambda_event_source_mapping.orders", "change": {"actions": ["create"],
     "after_unknown": {"event_source_arn": true, "uuid": true}}}
  ],
  "configuration": {"root_module": {
    "resources": [
      {"address": "aws_lambda_function.worker", "mode": "managed", "type": "aws_lambda_function", "name": "worker",
       "expressions": {"function_name": {"constant_value": "orders-worker"}}},
      {"address": "aws_lambda_event_source_mapping.orders", "mode": "managed",
       "type": "aws_lambda_event_source_mapping", "name": "orders",
       "expressions": {"event_source_arn": {"references": ["module.queues.queue_arn", "module.queues"]},
                       "function_name": {"references": ["aws_lambda_function.worker.arn", "aws_lambda_function.worker"]}}},
      {"address": "aws_lambda_provisioned_concurrency_config.worker", "mode": "managed",
       "type": "aws_lambda_provisioned_concurrency_config", "name": "worker",
       "expressions": {"function_name": {"references": ["aws_lambda_function.worker.function_name", "aws_lambda_function.worker"]}}}
    ],
    "module_calls": {"queues": {"source": "./modules/queues", "expressions": {"name": {"constant_value": "orders"}},
      "module": {
        "outputs": {"queue_arn": {"expression": {"references": ["aws_sqs_queue.main.arn", "aws_sqs_queue.main"]}}},
        "resources": [
          {"address": "aws_sqs_queue.dlq", "mode": "managed", "type": "aws_sqs_queue", "name": "dlq",
           "expressions": {"name": {"references": ["var.name"]}}},
          {"address": "aws_sqs_queue.main", "mode": "managed", "type": "aws_sqs_queue", "name": "main",
           "expressions": {"redrive_policy": {"references": ["aws_sqs_queue.dlq.arn", "aws_sqs_queue.dlq"]}}}
        ]}}}
  }}
})";

TEST(ConfigImportTerraform, ModuleOutputsAndUnknownArnsAreWiredThroughConfigurationReferences) {
  const ImportResult r = scenarios::import_config_text(kModulePlan, "plan.json");
  EXPECT_EQ(r.source_format, "terraform-plan");
  expect_loads(r, "plan.json");
  const json& fn = function(r, "orders-worker");
  EXPECT_EQ(fn["architecture"], "arm64");
  EXPECT_EQ(fn["memory_size_mb"], 512);
  EXPECT_EQ(fn["timeout_s"], 30);
  EXPECT_EQ(fn["reserved_concurrency"], 50);
  EXPECT_EQ(fn[key("function.provisioned_concurrency")], 5);
  ASSERT_EQ(r.scenario["event_source_mappings"].size(), 1u);
  const json& m = r.scenario["event_source_mappings"][0];
  EXPECT_EQ(m["queue"], "orders");  // module.queues.queue_arn -> aws_sqs_queue.main in module.queues
  EXPECT_EQ(m["function"], "orders-worker");
  EXPECT_EQ(m["batch_size"], 100);
  EXPECT_EQ(m["maximum_batching_window_s"], 5);
  EXPECT_EQ(m["function_response_types"], json::array({"ReportBatchItemFailures"}));
  EXPECT_EQ(m[key("esm.maximum_concurrency")], 10);  // scaling_config: [{maximum_concurrency: 10}]
  EXPECT_EQ(m[key("esm.filter_criteria")], json::array({"{\"body\":{\"type\":[\"order\"]}}"}));
  EXPECT_EQ(m[key("esm.enabled")], true);
  EXPECT_EQ(count_warnings(r, "does not model Enabled"), 0u);  // enabled = true is what sqsim does anyway
  expect_unmodelled_warning(
      r, "esm.maximum_concurrency",
      "plan.json: planned_values.root_module.resources[1].values.scaling_config[0].maximum_concurrency");
  // The DLQ is known from the references, maxReceiveCount is not in the plan: kept as a comment with a warning.
  const json& q = queue(r, "orders");
  EXPECT_EQ(q["visibility_timeout_s"], 180);
  EXPECT_EQ(q["receive_message_wait_time_s"], 20);
  EXPECT_FALSE(q.contains("redrive_policy"));
  EXPECT_EQ(q["_redrive_policy"]["dead_letter_target"], "orders-dlq");
  EXPECT_EQ(count_warnings(r,
                           "plan.json: planned_values.root_module.child_modules[0].resources[1].values.redrive_policy: "
                           "module.queues.aws_sqs_queue.main: known only after apply; dead-letter queue "
                           "module.queues.aws_sqs_queue.dlq"),
            1u)
      << all_warnings(r);
  EXPECT_EQ(queue(r, "orders-dlq")["message_retention_period_s"], 1209600);
}

// An update plan: the DLQ exists (its ARN is known), so redrive_policy is a known JSON string.
const char* kRedrivePlan = R"({
  "format_version": "1.2", "terraform_version": "1.7.0",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_sqs_queue.dlq", "mode": "managed", "type": "aws_sqs_queue", "name": "dlq",
     "values": {"name": "jobs-dlq.fifo", "fifo_queue": true, "content_based_deduplication": false,
                "arn": "arn:aws:sqs:eu-west-1:111122223333:jobs-dlq.fifo", "message_retention_seconds": 1209600}},
    {"address": "aws_sqs_queue.jobs", "mode": "managed", "type": "aws_sqs_queue", "name": "jobs",
     "values": {"name": "jobs.fifo", "fifo_queue": true, "content_based_deduplication": true,
                "arn": "arn:aws:sqs:eu-west-1:111122223333:jobs.fifo", "visibility_timeout_seconds": 50000,
                "redrive_policy": "{\"deadLetterTargetArn\":\"arn:aws:sqs:eu-west-1:111122223333:jobs-dlq.fifo\",\"maxReceiveCount\":4}"}},
    {"address": "aws_lambda_event_source_mapping.jobs", "mode": "managed", "type": "aws_lambda_event_source_mapping",
     "name": "jobs", "values": {"event_source_arn": "arn:aws:sqs:eu-west-1:111122223333:jobs.fifo",
                                "function_name": "arn:aws:lambda:eu-west-1:111122223333:function:external-fn:live",
                                "batch_size": 10, "enabled": false, "scaling_config": []}},
    {"address": "aws_lambda_event_source_mapping.stream", "mode": "managed", "type": "aws_lambda_event_source_mapping",
     "name": "stream", "values": {"event_source_arn": "arn:aws:kinesis:eu-west-1:111122223333:stream/clicks",
                                  "function_name": "external-fn", "starting_position": "LATEST"}},
    {"address": "aws_lambda_function.big", "mode": "managed", "type": "aws_lambda_function", "name": "big",
     "values": {"function_name": "big", "reserved_concurrent_executions": 2000, "memory_size": 20000, "timeout": 900,
                "package_type": "Image", "vpc_config": [{"subnet_ids": ["subnet-1"], "security_group_ids": []}]}},
    {"address": "aws_lambda_event_source_mapping.big", "mode": "managed", "type": "aws_lambda_event_source_mapping",
     "name": "big", "values": {"event_source_arn": "arn:aws:sqs:eu-west-1:111122223333:jobs-dlq.fifo",
                               "function_name": "big", "provisioned_poller_config": [{"minimum_pollers": 5, "maximum_pollers": null}]}}
  ]}}
})";

TEST(ConfigImportTerraform, KnownRedrivePolicyStringFifoQueuesAndOutOfRangeValues) {
  const ImportResult r = scenarios::import_config_text(kRedrivePlan, "update.json");
  expect_loads(r, "update.json");
  const json& q = queue(r, "jobs.fifo");
  EXPECT_EQ(q["type"], "fifo");
  EXPECT_EQ(q["content_based_deduplication"], true);
  EXPECT_EQ(q["redrive_policy"]["dead_letter_target"], "jobs-dlq.fifo");  // matched by the DLQ's known ARN
  EXPECT_EQ(q["redrive_policy"]["max_receive_count"], 4);
  // visibility_timeout_seconds = 50000 is outside SQS's 0 to 43200: warned about, AWS default used.
  EXPECT_EQ(q["visibility_timeout_s"], 30);
  EXPECT_EQ(count_warnings(r,
                           "update.json: planned_values.root_module.resources[1].values.visibility_timeout_seconds: "
                           "got 50000, expected 0 to 43200"),
            1u)
      << all_warnings(r);
  EXPECT_EQ(queue(r, "jobs-dlq.fifo")["type"], "fifo");
  // The mapping names a function outside the plan by ARN with an alias: a stand-in function "external-fn".
  ASSERT_EQ(r.scenario["event_source_mappings"].size(), 2u);  // big, jobs (stream skipped)
  const json& m = named(r.scenario["event_source_mappings"], "function", "external-fn");
  EXPECT_EQ(m["queue"], "jobs.fifo");
  EXPECT_EQ(m["function"], "external-fn");
  EXPECT_EQ(m[key("esm.enabled")], false);
  EXPECT_EQ(function(r, "external-fn")["memory_size_mb"], 128);
  EXPECT_EQ(count_warnings(
                r, "skipped aws_lambda_event_source_mapping.stream: the event source is an ARN of service kinesis"),
            1u);
  // Reserving 2,000 needs an account limit of at least 2,100 (Lambda keeps 100 unreserved).
  EXPECT_EQ(r.scenario["account"]["concurrency_limit"], 2100);
  EXPECT_EQ(function(r, "big")["memory_size_mb"], 128);
  EXPECT_EQ(count_warnings(r, "values.memory_size: got 20000, expected 128 to 10240"), 1u) << all_warnings(r);
  EXPECT_EQ(function(r, "big")[key("function.package_type")], "Image");
  EXPECT_EQ(function(r, "big")[key("function.vpc")], true);
  const json& big = named(r.scenario["event_source_mappings"], "function", "big");
  EXPECT_EQ(big["queue"], "jobs-dlq.fifo");
  EXPECT_EQ(big["scaling"], json({{"mode", "provisioned"}, {"minimum_pollers", 5}}));  // provisioned_poller_config
}

// ---------------------------------------------------------------------------------------------------------------
// CloudFormation and SAM features the fixtures do not exercise: YAML short forms, parameters, mappings, FIFO,
// RedrivePolicy as a JSON string, aliases with provisioned concurrency, Globals.

const char* kCfnYaml = R"(AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage:
    Type: String
    Default: prod
  Retention:
    Type: Number
    Default: 1209600
Mappings:
  Sizes:
    prod:
      Memory: 1024
Resources:
  DeadLetterQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${Stage}-orders-dlq"
      MessageRetentionPeriod: !Ref Retention
  OrdersQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Join ["-", [!Ref Stage, orders]]
      VisibilityTimeout: "180"
      RedrivePolicy: !Sub '{"deadLetterTargetArn": "${DeadLetterQueue.Arn}", "maxReceiveCount": 5}'
  FifoQueue:
    Type: AWS::SQS::Queue
    Properties:
      FifoQueue: true
      ContentBasedDeduplication: true
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt FifoDlq.Arn
        maxReceiveCount: 3
  FifoDlq:
    Type: AWS::SQS::Queue
    Properties:
      FifoQueue: "true"
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub ${Stage}-worker
      Runtime: python3.12
      Architectures: [arm64]
      MemorySize: !FindInMap [Sizes, !Ref Stage, Memory]
      Timeout: 30
      ReservedConcurrentExecutions: 20
      Handler: app.handler
  WorkerAlias:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref Worker
      FunctionVersion: "1"
      Name: live
      ProvisionedConcurrencyConfig:
        ProvisionedConcurrentExecutions: 4
  OrdersMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt OrdersQueue.Arn
      FunctionName: !Ref WorkerAlias
      BatchSize: 50
      MaximumBatchingWindowInSeconds: 2
      FunctionResponseTypes: [ReportBatchItemFailures]
      ScalingConfig: {MaximumConcurrency: 1}
  FifoMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !Sub "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${FifoQueue.QueueName}"
      FunctionName: !GetAtt Worker.Arn
      BatchSize: 10
  SharedMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !ImportValue shared-queue-arn
      FunctionName: !Ref Worker
  Topic:
    Type: AWS::SNS::Topic
)";

TEST(ConfigImportCloudFormation, YamlShortFormsParametersAndRedrivePolicyStrings) {
  const ImportResult r = scenarios::import_config_text(kCfnYaml, "stack.yaml");
  EXPECT_EQ(r.source_format, "cloudformation");
  expect_loads(r, "stack.yaml");
  const json& dlq = queue(r, "prod-orders-dlq");  // !Sub "${Stage}-orders-dlq" with Stage's Default
  EXPECT_EQ(dlq["message_retention_period_s"], 1209600);
  EXPECT_EQ(count_warnings(r,
                           "stack.yaml: Resources.DeadLetterQueue.Properties.MessageRetentionPeriod: uses parameter "
                           "Retention: imported with its Default 1209600"),
            1u)
      << all_warnings(r);
  const json& orders = queue(r, "prod-orders");    // !Join ["-", [!Ref Stage, orders]]
  EXPECT_EQ(orders["visibility_timeout_s"], 180);  // "180": CloudFormation accepts numbers as strings
  EXPECT_EQ(orders["redrive_policy"]["dead_letter_target"], "prod-orders-dlq");
  EXPECT_EQ(orders["redrive_policy"]["max_receive_count"], 5);
  const json& fifo = queue(r, "FifoQueue.fifo");  // generated FIFO names end in .fifo
  EXPECT_EQ(fifo["type"], "fifo");
  EXPECT_EQ(fifo["content_based_deduplication"], true);
  EXPECT_EQ(fifo["redrive_policy"]["dead_letter_target"], "FifoDlq.fifo");
  EXPECT_EQ(fifo["redrive_policy"]["max_receive_count"], 3);
  const json& fn = function(r, "prod-worker");
  EXPECT_EQ(fn["architecture"], "arm64");
  EXPECT_EQ(fn["memory_size_mb"], 1024);  // !FindInMap [Sizes, !Ref Stage, Memory]
  EXPECT_EQ(fn["timeout_s"], 30);
  EXPECT_EQ(fn["reserved_concurrency"], 20);
  EXPECT_EQ(fn[key("function.provisioned_concurrency")], 4);  // from WorkerAlias
  const json& maps = r.scenario["event_source_mappings"];
  ASSERT_EQ(maps.size(), 3u);                     // sorted by logical id: FifoMapping, OrdersMapping, SharedMapping
  EXPECT_EQ(maps[0]["queue"], "FifoQueue.fifo");  // an ARN built with !Sub around ${FifoQueue.QueueName}
  EXPECT_EQ(maps[0]["function"], "prod-worker");
  EXPECT_EQ(maps[1]["queue"], "prod-orders");
  EXPECT_EQ(maps[1]["function"], "prod-worker");  // through the alias
  EXPECT_EQ(maps[1]["batch_size"], 50);
  EXPECT_EQ(maps[1]["maximum_batching_window_s"], 2);
  EXPECT_FALSE(maps[1].contains(key("esm.maximum_concurrency")));  // 1 is outside 2 to 1,000
  EXPECT_EQ(count_warnings(
                r, "Resources.OrdersMapping.Properties.ScalingConfig.MaximumConcurrency: got 1, expected 2 to 1000"),
            1u);
  EXPECT_EQ(maps[2]["queue"], "SharedMapping-queue");  // !ImportValue: a stand-in queue
  EXPECT_EQ(count_warnings(r,
                           "Resources.SharedMapping.Properties.EventSourceArn: cannot be resolved from the template "
                           "(Fn::ImportValue"),
            1u)
      << all_warnings(r);
  EXPECT_EQ(count_warnings(r, "Resources.Topic: skipped: sqsim does not model AWS::SNS::Topic"), 1u);
}

const char* kSamGlobals = R"(Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    MemorySize: 256
    Timeout: 15
    Architectures: [arm64]
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 90
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      CodeUri: src/
      Timeout: 10
      ReservedConcurrentExecutions: 30
      AutoPublishAlias: live
      ProvisionedConcurrencyConfig:
        ProvisionedConcurrentExecutions: 2
      Events:
        Orders:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
            BatchSize: 20
            MaximumBatchingWindowInSeconds: 1
            FunctionResponseTypes: [ReportBatchItemFailures]
            ScalingConfig:
              MaximumConcurrency: 5
            FilterCriteria:
              Filters:
                - Pattern: '{"body": {"kind": ["order"]}}'
            Enabled: true
        TooBig:
          Type: SQS
          Properties:
            Queue: !Ref Queue
            BatchSize: 20000
)";

TEST(ConfigImportSam, GlobalsFillWhatTheFunctionLeavesOut) {
  const ImportResult r = scenarios::import_config_text(kSamGlobals, "template.yaml");
  EXPECT_EQ(r.source_format, "sam");
  expect_loads(r, "template.yaml");
  const json& fn = function(r, "Fn");
  EXPECT_EQ(fn["runtime"], "nodejs20.x");  // Globals
  EXPECT_EQ(fn["memory_size_mb"], 256);    // Globals
  EXPECT_EQ(fn["timeout_s"], 10);          // the function's own Timeout wins over Globals' 15
  EXPECT_EQ(fn["architecture"], "arm64");
  EXPECT_EQ(fn["reserved_concurrency"], 30);
  EXPECT_EQ(fn[key("function.provisioned_concurrency")], 2);
  expect_unmodelled_warning(
      r, "function.provisioned_concurrency",
      "template.yaml: Resources.Fn.Properties.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions");
  const json& maps = r.scenario["event_source_mappings"];
  ASSERT_EQ(maps.size(), 2u);  // FnOrders, FnTooBig
  EXPECT_EQ(maps[0]["queue"], "Queue");
  EXPECT_EQ(maps[0]["batch_size"], 20);
  EXPECT_EQ(maps[0]["maximum_batching_window_s"], 1);
  EXPECT_EQ(maps[0]["function_response_types"], json::array({"ReportBatchItemFailures"}));
  EXPECT_EQ(maps[0][key("esm.maximum_concurrency")], 5);
  EXPECT_EQ(maps[0][key("esm.filter_criteria")], json::array({"{\"body\": {\"kind\": [\"order\"]}}"}));
  EXPECT_EQ(maps[0][key("esm.enabled")], true);
  EXPECT_EQ(maps[1]["queue"], "Queue");  // !Ref of a queue (its URL) names it too
  EXPECT_EQ(maps[1]["batch_size"], 10);  // 20000 is outside 1 to 10,000
  EXPECT_EQ(count_warnings(r,
                           "template.yaml: Resources.Fn.Properties.Events.TooBig.Properties.BatchSize: got 20000, "
                           "expected 1 to 10000"),
            1u)
      << all_warnings(r);
}

TEST(ConfigImportSam, MaximumConcurrencyAboveReservedConcurrencyIsFlagged) {
  // aws-semantics.md section 4: throttled receives burn receive counts, so valid messages can reach the DLQ.
  const char* text = R"(Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: java21
      ReservedConcurrentExecutions: 5
      Events:
        Q:
          Type: SQS
          Properties:
            Queue: arn:aws:sqs:us-east-1:123456789012:work
            ScalingConfig: {MaximumConcurrency: 50}
)";
  const ImportResult r = scenarios::import_config_text(text, "t.yaml");
  expect_loads(r, "t.yaml");
  EXPECT_EQ(count_warnings(r,
                           "t.yaml: Resources.Fn.Properties.Events.Q.Properties.ScalingConfig.MaximumConcurrency: "
                           "MaximumConcurrency 50 is above the function's reserved concurrency 5"),
            1u)
      << all_warnings(r);
}

TEST(ConfigImportCloudFormation, ProvisionedPollersImagesVpcsAndLambdaLimits) {
  const char* text = R"({"Resources": {
    "Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 900}},
    "Img": {"Type": "AWS::Lambda::Function", "Properties": {"PackageType": "Image", "ReservedConcurrentExecutions": 10,
             "VpcConfig": {"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]}, "Timeout": 60}},
    "Zip": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "go1.x", "VpcConfig": {"SubnetIds": []}}},
    "ImgAlias": {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Ref": "Img"}, "Name": "live",
                  "FunctionVersion": "1", "ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 20}}},
    "Polled": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
      "EventSourceArn": {"Fn::GetAtt": ["Q", "Arn"]}, "FunctionName": {"Ref": "Img"},
      "ProvisionedPollerConfig": {"MinimumPollers": 3, "MaximumPollers": 40}, "ScalingConfig": {"MaximumConcurrency": 8}}},
    "Filtered": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
      "EventSourceArn": {"Fn::GetAtt": ["Q", "Arn"]}, "FunctionName": "Zip",
      "FilterCriteria": {"Filters": [{"Pattern": "{}"}, {"Pattern": "{}"}, {"Pattern": "{}"}, {"Pattern": "{}"},
        {"Pattern": "{}"}, {"Pattern": "{}"}, {"Pattern": "{}"}, {"Pattern": "{}"}, {"Pattern": "{}"}, {"Pattern": "{}"},
        {"Pattern": "{}"}]}}}
  }})";
  const ImportResult r = scenarios::import_config_text(text, "t.json");
  expect_loads(r, "t.json");
  const json& img = function(r, "Img");
  EXPECT_EQ(img[key("function.package_type")], "Image");
  EXPECT_EQ(img[key("function.vpc")], true);
  // Provisioned concurrency 20 above reserved concurrency 10: Lambda rejects it, so it is left out.
  EXPECT_FALSE(img.contains(key("function.provisioned_concurrency")));
  EXPECT_EQ(count_warnings(r,
                           "t.json: Resources.ImgAlias.Properties.ProvisionedConcurrencyConfig."
                           "ProvisionedConcurrentExecutions: got 20, more than the reserved concurrency 10"),
            1u)
      << all_warnings(r);
  EXPECT_EQ(function(r, "Zip")[key("function.vpc")], false);  // SubnetIds: [] detaches
  const json& maps = r.scenario["event_source_mappings"];
  ASSERT_EQ(maps.size(), 2u);                                  // Filtered, Polled
  EXPECT_EQ(maps[0]["function"], "Zip");                       // FunctionName "Zip" matched by name
  EXPECT_FALSE(maps[0].contains(key("esm.filter_criteria")));  // 11 filters: more than Lambda's 10
  EXPECT_EQ(
      count_warnings(r, "Resources.Filtered.Properties.FilterCriteria.Filters: got 11 items, expected at most 10"), 1u);
  EXPECT_EQ(maps[1]["scaling"], json({{"mode", "provisioned"}, {"minimum_pollers", 3}, {"maximum_pollers", 40}}));
  EXPECT_FALSE(maps[1].contains(key("esm.maximum_concurrency")));  // provisioned mode excludes it
  EXPECT_EQ(count_warnings(r, "Resources.Polled.Properties.ScalingConfig.MaximumConcurrency: provisioned mode"), 1u);
}

// ---------------------------------------------------------------------------------------------------------------
// The key table and the loader

// Each table entry agrees with the loader: supported keys load, unsupported ones are still rejected as unknown.
// When the loader learns a key, this test names the entry to flip in scenario_keys.cpp.
TEST(ConfigImport, KeyTableMatchesWhatTheLoaderAccepts) {
  for (const imp::ScenarioKey& k : imp::scenario_keys()) {
    const std::string pk(k.path_key);
    const std::string name = pk.substr(pk.rfind('.') + 1);
    json sample;
    if (!k.default_json.empty()) {
      sample = json::parse(k.default_json);
    } else if (k.kind == imp::ValueKind::Integer || k.kind == imp::ValueKind::Number) {
      sample = static_cast<std::int64_t>(k.lo);
    } else if (k.kind == imp::ValueKind::Bool) {
      sample = false;
    } else if (k.kind == imp::ValueKind::StringList) {
      sample = json::array();
    } else {
      sample = pk == "queue.type" ? "standard" : pk == "function.package_type" ? "Zip" : "python3.12";
    }
    json s = {{"name", "probe"},
              {"queues", {{{"name", "dlq"}}, {{"name", "q"}}}},
              {"functions", {{{"name", "f"}}}},
              {"event_source_mappings", {{{"queue", "q"}, {"function", "f"}}}}};
    if (pk.starts_with("esm.scaling.")) {
      s["event_source_mappings"][0]["scaling"] = {{"mode", "provisioned"}, {name, sample}};
    } else if (pk.starts_with("queue.redrive_policy.")) {
      s["queues"][1]["redrive_policy"] = {{"dead_letter_target", "dlq"}, {name, sample}};
    } else if (pk.starts_with("queue.")) {
      s["queues"][1][name] = sample;
    } else if (pk.starts_with("function.")) {
      s["functions"][0][name] = sample;
    } else {
      s["event_source_mappings"][0][name] = sample;
    }
    std::string error;
    try {
      scenarios::load_scenario_text(s.dump(), "probe.json");
    } catch (const std::exception& e) {
      error = e.what();
    }
    const bool rejected = error.find("unknown key \"" + name + "\"") != std::string::npos;
    EXPECT_EQ(k.supported, !rejected) << pk << ": the loader " << (rejected ? "rejects" : "accepts") << " \"" << name
                                      << "\"; set `supported` to " << (rejected ? "false" : "true")
                                      << " in import/scenario_keys.cpp\n"
                                      << error;
    if (!rejected) {
      EXPECT_EQ(error, "") << pk;
    }
    EXPECT_EQ(imp::sqsim_supports(pk), k.supported);
    EXPECT_EQ(imp::emitted_key(k), k.supported ? name : "_" + name);
  }
  EXPECT_FALSE(imp::sqsim_supports("esm.no_such_key"));
}

// ---------------------------------------------------------------------------------------------------------------
// Format detection and malformed input

TEST(ConfigImport, FormatIsDetectedFromTheContentNotTheExtension) {
  EXPECT_EQ(scenarios::import_config_text(read(kFixtures + "sam/sqs.yaml"), "x.json").source_format, "sam");
  EXPECT_EQ(scenarios::import_config_text(read(kFixtures + "terraform/sqs-queue-plan.json"), "x.yaml").source_format,
            "terraform-plan");
  EXPECT_EQ(scenarios::import_config_text(read(kFixtures + "cloudformation/sqs.from-sam.json"), "x.txt").source_format,
            "cloudformation");
}

std::string error_of(const std::string& text, const std::string& label) {
  try {
    scenarios::import_config_text(text, label);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

std::string error_of_file(const std::string& path) {
  try {
    scenarios::import_config_file(path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigImport, TruncatedJsonNamesTheFileAndLine) {
  const std::string text = read(kFixtures + "cloudformation/cdk-sqs-max-concurrency.template.json");
  const std::string e = error_of(text.substr(0, 300), "cdk.template.json");
  EXPECT_TRUE(e.starts_with("cdk.template.json: line ")) << e;
  EXPECT_NE(e.find("invalid JSON"), std::string::npos) << e;
}

TEST(ConfigImport, TruncatedYamlNamesTheFileAndLine) {
  // Cut inside the single-quoted FilterCriteria pattern of line 25.
  const std::string text = read(kFixtures + "sam/function_with_event_filtering.yaml");
  const std::string e = error_of(text.substr(0, text.find("{ \"dynamodb\"") + 5), "filtering.yaml");
  EXPECT_TRUE(e.starts_with("filtering.yaml: line 25")) << e;
  EXPECT_NE(e.find("invalid YAML"), std::string::npos) << e;
  // A prefix that is valid YAML but not a template is an error too.
  EXPECT_TRUE(error_of("Resources:\n", "t.yaml").starts_with("t.yaml: Resources: got null, expected a mapping"))
      << error_of("Resources:\n", "t.yaml");
  EXPECT_TRUE(error_of("Resour", "t.yaml").starts_with("t.yaml: $: got string, expected an object"));
}

TEST(ConfigImport, UnsupportedInputsSayWhatWasExpected) {
  EXPECT_NE(error_of("", "e.json").find("e.json: line 1: the file is empty"), std::string::npos);
  EXPECT_NE(error_of(R"({"Records": []})", "event.json").find("expected a Terraform plan"), std::string::npos);
  EXPECT_NE(
      error_of(R"({"format_version": "1.0", "values": {"root_module": {}}})", "state.json").find("Terraform state"),
      std::string::npos);
  EXPECT_NE(error_of("resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n", "main.tf").find("terraform show -json"),
            std::string::npos);
  EXPECT_NE(error_of("a: !!int nope\n", "t.yaml").find("t.yaml: line 1"), std::string::npos);
  EXPECT_NE(error_of("Resources:\n  A: {Type: X}\n  A: {Type: Y}\n", "dup.yaml").find("duplicate key \"A\""),
            std::string::npos);
  EXPECT_NE(error_of_file(kFixtures + "sam").find("is a folder, expected a file"), std::string::npos);
  try {
    scenarios::import_config_file("/nonexistent/plan.json");
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/plan.json: $: cannot open"), std::string::npos);
  }
}

// Every prefix of every fixture either imports or throws std::runtime_error naming the file: never another exception,
// never a crash, never the reader's own "unexpected content" safety net.
TEST(ConfigImport, EveryTruncationOfEveryFixtureFailsCleanly) {
  for (const std::string& f : fixture_files()) {
    const std::string text = read(kFixtures + f);
    const std::size_t step = std::max<std::size_t>(1, text.size() / 150);
    for (std::size_t n = 0; n < text.size(); n += step) {
      try {
        const ImportResult r = scenarios::import_config_text(text.substr(0, n), f);
        scenarios::load_scenario_text(r.scenario.dump(), f);  // what imports also loads
      } catch (const scenarios::ScenarioError& e) {
        ADD_FAILURE() << f << " cut at " << n << " imported into a scenario the loader rejects:\n" << e.what();
      } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        EXPECT_TRUE(what.starts_with(f + ": ")) << f << " cut at " << n << ": " << what;
        EXPECT_EQ(what.find("unexpected content"), std::string::npos) << f << " cut at " << n << ": " << what;
      } catch (...) {
        ADD_FAILURE() << f << " cut at " << n << ": an exception that is not std::runtime_error";
      }
    }
  }
}

// The same contract for fixtures with a few bytes replaced by JSON/YAML punctuation (deterministic positions).
TEST(ConfigImport, CorruptedFixturesFailCleanly) {
  const std::string punctuation = "{}[]\":,-!&*|>\n #'0";
  std::uint64_t state = 42;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;  // a fixed LCG: same cases every run
    return state >> 33;
  };
  for (const std::string& f : fixture_files()) {
    const std::string original = read(kFixtures + f);
    for (int round = 0; round < 60; ++round) {
      std::string text = original;
      for (int k = 0; k < 3; ++k) text[next() % text.size()] = punctuation[next() % punctuation.size()];
      try {
        const ImportResult r = scenarios::import_config_text(text, f);
        scenarios::load_scenario_text(r.scenario.dump(), f);
      } catch (const scenarios::ScenarioError& e) {
        ADD_FAILURE() << f << " round " << round << " imported into a scenario the loader rejects:\n" << e.what();
      } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        EXPECT_TRUE(what.starts_with(f + ": ")) << what;
        EXPECT_EQ(what.find("unexpected content"), std::string::npos) << f << " round " << round << ": " << what;
      } catch (...) {
        ADD_FAILURE() << f << " round " << round << ": an exception that is not std::runtime_error";
      }
    }
  }
}

TEST(ConfigImport, WrongShapesAreWarningsNotCrashes) {
  const char* odd = R"({"Resources": {
    "A": "not an object",
    "Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": {"Fn::If": ["C", 1, 2]}, "RedrivePolicy": "not json",
                                                    "MaximumMessageSize": [1], "DelaySeconds": true}},
    "F": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": "lots", "Architectures": ["sparc"]}},
    "M": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"EventSourceArn": {"Ref": "Q"}, "FunctionName": {"Ref": "Nope"},
                                                                    "FunctionResponseTypes": "x", "FilterCriteria": {"Filters": 3}}},
    "S": {"Type": "AWS::Serverless::Function", "Properties": {"Events": {"E": {"Type": "SQS"}, "G": 5}}}
  }})";
  const ImportResult r = scenarios::import_config_text(odd, "odd.json");
  expect_loads(r, "odd.json");
  EXPECT_EQ(r.source_format, "sam");
  EXPECT_EQ(count_warnings(r, "odd.json: Resources.A: skipped"), 1u) << all_warnings(r);
  EXPECT_EQ(count_warnings(r, "Resources.Q.Properties.VisibilityTimeout: cannot be resolved from the template (Fn::If"),
            1u);
  EXPECT_EQ(count_warnings(r, "Resources.Q.Properties.RedrivePolicy: got \"not json\""), 1u);
  EXPECT_EQ(count_warnings(r, "Resources.F.Properties.MemorySize: got \"lots\", expected an integer"), 1u);
  EXPECT_EQ(count_warnings(r, "Resources.M.Properties.FunctionName: cannot be resolved"), 1u) << all_warnings(r);
  EXPECT_EQ(count_warnings(r, "Resources.S.Properties.Events.E.Properties.Queue: missing"), 1u);
}

}  // namespace
