#include "import/tf_plan.hpp"

#include "import/json_member.hpp"

namespace scenarios::import {

namespace {

using nlohmann::json;

constexpr int kMaxDepth = 32;  // module nesting and variable -> output chains; real plans stay far below

std::string str(const json& obj, const char* key) {
  const json* v = member(obj, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : "";
}

std::string strip_index(const std::string& segment) {
  return segment.substr(0, segment.find('['));
}

// "module.a[0].module.b" -> {"a", "b"}: the module call names, instance keys dropped (configuration has one block per
// call, whatever its count or for_each).
std::vector<std::string> module_calls(const std::string& module_address) {
  std::vector<std::string> calls;
  const std::vector<std::string> segs = split_tf_address(module_address);
  for (std::size_t i = 0; i + 1 < segs.size(); i += 2)
    if (segs[i] == "module") calls.push_back(strip_index(segs[i + 1]));
  return calls;
}

std::string join_address(const std::string& module_address, const std::string& rest) {
  return module_address.empty() ? rest : module_address + "." + rest;
}

}  // namespace

std::vector<std::string> split_tf_address(const std::string& address) {
  std::vector<std::string> out;
  std::string cur;
  int brackets = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < address.size(); ++i) {
    const char c = address[i];
    if (quoted) {
      cur += c;
      if (c == '\\' && i + 1 < address.size()) {
        cur += address[++i];
      } else if (c == '"') {
        quoted = false;
      }
      continue;
    }
    if (c == '"') quoted = true;
    if (c == '[') ++brackets;
    if (c == ']' && brackets > 0) --brackets;
    if (c == '.' && brackets == 0) {
      out.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.push_back(cur);
  return out;
}

TfPlan::TfPlan(const json& root, ImportModel& model) : root_(root), model_(model) {
  const json* pv = member(root, "planned_values");
  const json* rm = pv != nullptr ? member(*pv, "root_module") : nullptr;
  if (rm != nullptr) walk(*rm, "planned_values.root_module", "", 0);
  // after_unknown lives in resource_changes, keyed by the same address.
  if (const json* rc = member(root, "resource_changes"); rc != nullptr && rc->is_array()) {
    for (const json& c : *rc) {
      const auto it = by_address_.find(str(c, "address"));
      const json* change = member(c, "change");
      const json* au = change != nullptr ? member(*change, "after_unknown") : nullptr;
      if (it != by_address_.end() && au != nullptr && au->is_object()) instances_[it->second].after_unknown = au;
    }
  }
  // Configuration blocks, matched by mode, type and name within the instance's module.
  for (TfInstance& inst : instances_) {
    const json* cm = config_module(inst.module);
    const json* resources = cm != nullptr ? member(*cm, "resources") : nullptr;
    if (resources == nullptr || !resources->is_array()) continue;
    for (const json& r : *resources) {
      if (str(r, "type") == inst.type && str(r, "name") == inst.name &&
          (str(r, "mode").empty() ? "managed" : str(r, "mode")) == inst.mode) {
        inst.config = &r;
        break;
      }
    }
  }
  // Data sources read before the plan (an existing queue looked up by name) keep their values in prior_state.
  const json* ps = member(root, "prior_state");
  const json* psv = ps != nullptr ? member(*ps, "values") : nullptr;
  if (const json* prm = psv != nullptr ? member(*psv, "root_module") : nullptr) walk_prior(*prm, 0);
}

void TfPlan::walk(const json& module, const std::string& path, const std::string& module_address, int depth) {
  if (depth > kMaxDepth || !module.is_object()) return;
  module_addresses_.insert(module_address);
  if (const json* res = member(module, "resources"); res != nullptr && res->is_array()) {
    for (std::size_t i = 0; i < res->size(); ++i) {
      const json& r = (*res)[i];
      const std::string p = path + ".resources[" + std::to_string(i) + "]";
      TfInstance inst;
      inst.address = str(r, "address");
      inst.type = str(r, "type");
      inst.name = str(r, "name");
      inst.mode = str(r, "mode").empty() ? "managed" : str(r, "mode");
      inst.module = module_address;
      inst.path = p;
      inst.values = member(r, "values");
      if (inst.address.empty() || inst.type.empty() || inst.values == nullptr || !inst.values->is_object()) {
        model_.warn(p, "skipped: expected a resource with address, type and values");
        continue;
      }
      if (by_address_.contains(inst.address)) {
        model_.warn(p, "skipped: a second resource with address " + inst.address);
        continue;
      }
      by_address_[inst.address] = instances_.size();
      instances_.push_back(std::move(inst));
    }
  }
  if (const json* children = member(module, "child_modules"); children != nullptr && children->is_array()) {
    for (std::size_t i = 0; i < children->size(); ++i) {
      const std::string addr = str((*children)[i], "address");
      const std::string p = path + ".child_modules[" + std::to_string(i) + "]";
      if (addr.empty()) {
        model_.warn(p, "skipped: a child module without an address");
        continue;
      }
      walk((*children)[i], p, addr, depth + 1);
    }
  }
}

void TfPlan::walk_prior(const json& module, int depth) {
  if (depth > kMaxDepth || !module.is_object()) return;
  if (const json* res = member(module, "resources"); res != nullptr && res->is_array()) {
    for (const json& r : *res) {
      const json* values = member(r, "values");
      if (str(r, "mode") == "data" && values != nullptr && values->is_object()) prior_data_[str(r, "address")] = values;
    }
  }
  if (const json* children = member(module, "child_modules"); children != nullptr && children->is_array())
    for (const json& c : *children) walk_prior(c, depth + 1);
}

const TfInstance* TfPlan::find(const std::string& address) const {
  const auto it = by_address_.find(address);
  return it == by_address_.end() ? nullptr : &instances_[it->second];
}

const json* TfPlan::value(const TfInstance& inst, const std::string& attr) {
  const json* v = member(*inst.values, attr.c_str());
  return v == nullptr || v->is_null() ? nullptr : v;
}

bool TfPlan::unknown(const TfInstance& inst, const std::string& attr) {
  const json* u = inst.after_unknown != nullptr ? member(*inst.after_unknown, attr.c_str()) : nullptr;
  return u != nullptr && *u == true;
}

const json* TfPlan::config_module(const std::string& module_address) const {
  const json* cfg = member(root_, "configuration");
  const json* m = cfg != nullptr ? member(*cfg, "root_module") : nullptr;
  for (const std::string& call : module_calls(module_address)) {
    if (m == nullptr) return nullptr;
    const json* calls = member(*m, "module_calls");
    const json* c = calls != nullptr ? member(*calls, call.c_str()) : nullptr;
    m = c != nullptr ? member(*c, "module") : nullptr;
  }
  return m;
}

TfReferences TfPlan::references(const TfInstance& inst, const std::string& attr) const {
  TfReferences out;
  const json* expressions = inst.config != nullptr ? member(*inst.config, "expressions") : nullptr;
  const json* expr = expressions != nullptr ? member(*expressions, attr.c_str()) : nullptr;
  if (expr != nullptr) resolve_expression(*expr, inst.module, out, 0);
  return out;
}

void TfPlan::resolve_expression(const json& expr, const std::string& module_address, TfReferences& out,
                                int depth) const {
  if (const json* c = member(expr, "constant_value"); c != nullptr && c->is_string())
    out.literals.insert(c->get<std::string>());
  if (const json* refs = member(expr, "references"); refs != nullptr && refs->is_array()) {
    for (const json& r : *refs)
      if (r.is_string()) resolve(r.get<std::string>(), module_address, out, depth + 1);
  }
}

void TfPlan::resolve(const std::string& ref, const std::string& module_address, TfReferences& out, int depth) const {
  if (depth > kMaxDepth) {
    out.unresolved.insert(ref);
    return;
  }
  const std::vector<std::string> segs = split_tf_address(ref);
  if (segs.size() < 2) {
    out.unresolved.insert(ref);
    return;
  }
  const std::string& head = segs[0];
  if (head == "var") {
    if (module_address.empty()) {
      // A root input variable: its value is in the plan's "variables".
      const json* vars = member(root_, "variables");
      const json* var = vars != nullptr ? member(*vars, segs[1].c_str()) : nullptr;
      const json* val = var != nullptr ? member(*var, "value") : nullptr;
      if (val != nullptr && val->is_string()) {
        out.literals.insert(val->get<std::string>());
      } else {
        out.unresolved.insert(ref);
      }
      return;
    }
    // A module input: the calling module's block sets it; follow that expression in the caller's context.
    const std::vector<std::string> msegs = split_tf_address(module_address);
    const std::string call = strip_index(msegs.back());
    std::string parent;
    for (std::size_t i = 0; i + 2 < msegs.size(); ++i) parent += (parent.empty() ? "" : ".") + msegs[i];
    const json* pm = config_module(parent);
    const json* calls = pm != nullptr ? member(*pm, "module_calls") : nullptr;
    const json* c = calls != nullptr ? member(*calls, call.c_str()) : nullptr;
    const json* exprs = c != nullptr ? member(*c, "expressions") : nullptr;
    const json* e = exprs != nullptr ? member(*exprs, segs[1].c_str()) : nullptr;
    if (e == nullptr) {
      out.unresolved.insert(ref);
      return;
    }
    resolve_expression(*e, parent, out, depth + 1);
    return;
  }
  if (head == "module") {
    if (segs.size() < 3) {
      out.unresolved.insert(ref);
      return;
    }
    // A module output: follow the output's expression inside each instance of the called module.
    const std::string child = join_address(module_address, "module." + segs[1]);
    const bool indexed = segs[1].find('[') != std::string::npos;
    bool found = false;
    for (const std::string& addr : module_addresses_) {
      if (addr != child && (indexed || !addr.starts_with(child + "["))) continue;
      const json* cm = config_module(addr);
      const json* outputs = cm != nullptr ? member(*cm, "outputs") : nullptr;
      const json* o = outputs != nullptr ? member(*outputs, segs[2].c_str()) : nullptr;
      const json* e = o != nullptr ? member(*o, "expression") : nullptr;
      if (e != nullptr) {
        resolve_expression(*e, addr, out, depth + 1);
        found = true;
      }
    }
    if (!found) out.unresolved.insert(ref);
    return;
  }
  if (head == "local" || head == "each" || head == "count" || head == "path" || head == "terraform" || head == "self") {
    out.unresolved.insert(ref);  // locals and iteration values are not in the plan's JSON
    return;
  }
  if (head == "data") {
    if (segs.size() < 3) {
      out.unresolved.insert(ref);
      return;
    }
    const std::string addr = join_address(module_address, "data." + segs[1] + "." + segs[2]);
    const json* values = nullptr;
    if (const TfInstance* inst = find(addr)) values = inst->values;
    if (values == nullptr && prior_data_.contains(addr)) values = prior_data_.at(addr);
    const json* arn = values != nullptr ? member(*values, "arn") : nullptr;
    if (arn != nullptr && arn->is_string()) {
      out.literals.insert(arn->get<std::string>());
    } else {
      out.unresolved.insert(ref);
    }
    return;
  }
  // A resource: "type.name", "type.name[0]" or "type.name.attr"; without an index it means every instance.
  const std::string base = join_address(module_address, segs[0] + "." + segs[1]);
  bool found = false;
  for (const TfInstance& inst : instances_) {
    if (inst.mode != "managed") continue;
    if (inst.address == base || (segs[1].find('[') == std::string::npos && inst.address.starts_with(base + "["))) {
      out.addresses.insert(inst.address);
      found = true;
    }
  }
  if (!found) out.unresolved.insert(ref);
}

}  // namespace scenarios::import
