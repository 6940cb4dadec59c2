#include "import/sam.hpp"

#include "import/cfn_resources.hpp"
#include "import/json_member.hpp"

namespace scenarios::import {

using nlohmann::json;

void read_sam_function(CfnTemplate& t, const std::string& id) {
  // SAM: a property set on the function wins over the same property in Globals.Function.
  PropertyLayers layers{{&t.properties(id), "Resources." + id + ".Properties"}};
  const json* globals = member(t.root(), "Globals");
  if (const json* g = globals != nullptr ? member(*globals, "Function") : nullptr; g != nullptr && g->is_object())
    layers.push_back({g, "Globals.Function"});
  read_function(t, id, layers);
}

void read_sam_events(CfnTemplate& t, const std::string& id) {
  const std::string base = "Resources." + id + ".Properties.Events";
  const json* events = member(t.properties(id), "Events");
  if (events == nullptr) return;
  if (!events->is_object()) {
    t.model.warn(base, "expected a mapping of event names to events; skipped");
    return;
  }
  for (const auto& [name, ev] : events->items()) {
    const std::string path = base + "." + name;
    const json* type = member(ev, "Type");
    if (type == nullptr || *type != "SQS") {
      t.model.warn(path, "skipped: event Type " + (type != nullptr ? type->dump() : std::string("(missing)")) +
                             "; sqsim models SQS event sources only");
      continue;
    }
    static const json kEmpty = json::object();  // immutable; not shared state
    const json* props = member(ev, "Properties");
    if (props == nullptr || !props->is_object()) props = &kEmpty;
    const std::string ppath = path + ".Properties";
    const json* queue = member(*props, "Queue");
    if (queue == nullptr) {
      t.model.warn(ppath + ".Queue", "missing (SAM requires it for an SQS event); event skipped");
      continue;
    }
    std::string not_sqs;
    std::optional<std::string> qid = queue_of(t, *queue, ppath + ".Queue", not_sqs);
    if (!qid && !not_sqs.empty()) {
      t.model.warn(ppath + ".Queue", "names " + not_sqs + ", expected an SQS queue; event skipped");
      continue;
    }
    if (!qid) {
      t.model.warn(ppath + ".Queue", "the queue is not known; imported with a stand-in queue " + id + name + "-queue");
      qid = t.model.stand_in_queue("unresolved queue of " + path, id + name + "-queue",
                                   "the queue at " + ppath + ".Queue could not be resolved");
    }
    // SAM names the generated AWS::Lambda::EventSourceMapping <FunctionLogicalId><EventName>.
    ImportedMapping& e = t.model.mappings[id + name];
    e.id = id + name;
    e.origin = path;
    e.queue_id = *qid;
    e.function_id = id;
    read_mapping_fields(t, *props, ppath, e);
  }
}

}  // namespace scenarios::import
