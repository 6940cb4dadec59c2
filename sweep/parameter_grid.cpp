#include "sweep/parameter_grid.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <stdexcept>

#include "loader/scenario_loader.hpp"

namespace sweep {

using nlohmann::json;

namespace {

// A value as JSON: a number when it reads as one (integers stay integers, so the loader's integer fields accept
// them), true/false, otherwise a string.
json parse_value(const std::string& t) {
  if (t == "true") return true;
  if (t == "false") return false;
  std::int64_t i = 0;
  const auto [pi, ei] = std::from_chars(t.data(), t.data() + t.size(), i);
  if (ei == std::errc() && pi == t.data() + t.size()) return i;
  double d = 0;
  const auto [pd, ed] = std::from_chars(t.data(), t.data() + t.size(), d);
  if (ed == std::errc() && pd == t.data() + t.size() && std::isfinite(d)) return d;
  return t;
}

double as_number(const std::string& t, const std::string& what, const std::string& item) {
  const json v = parse_value(t);
  if (!v.is_number()) throw std::invalid_argument(fmt::format("\"{}\": {} \"{}\" is not a number", item, what, t));
  return v.get<double>();
}

// "A..B" or "A..B:STEP", inclusive of B when the steps land on it (within rounding).
void expand_range(const std::string& item, std::vector<json>& out) {
  const auto dots = item.find("..");
  const auto colon = item.find(':', dots);
  const std::string a = item.substr(0, dots);
  const std::string b = item.substr(dots + 2, colon == std::string::npos ? std::string::npos : colon - dots - 2);
  const std::string st = colon == std::string::npos ? "1" : item.substr(colon + 1);
  const json ja = parse_value(a), jb = parse_value(b), js = parse_value(st);
  const double lo = as_number(a, "the range's start", item), hi = as_number(b, "the range's end", item);
  const double step = as_number(st, "the step", item);
  if (!(step > 0)) throw std::invalid_argument(fmt::format("\"{}\": the step must be positive", item));
  if (hi < lo) throw std::invalid_argument(fmt::format("\"{}\": the range's end is below its start", item));
  const double n = std::floor((hi - lo) / step + 1e-9);
  if (n > 100000) throw std::invalid_argument(fmt::format("\"{}\": more than 100,000 values", item));
  const bool integers = ja.is_number_integer() && jb.is_number_integer() && js.is_number_integer();
  for (std::int64_t k = 0; k <= static_cast<std::int64_t>(n); ++k) {
    if (integers) {
      out.emplace_back(ja.get<std::int64_t>() + k * js.get<std::int64_t>());
    } else {
      // Rounded to 12 significant digits so 0.1..0.3:0.1 gives 0.3, not 0.30000000000000004.
      const double v = lo + static_cast<double>(k) * step;
      out.emplace_back(std::stod(fmt::format("{:.12g}", v)));
    }
  }
}

// Every object in scenario[array] (optionally only those `keep` accepts); throws when there is none.
template <class Keep>
std::vector<json*> each(json& scenario, const char* array, const std::string& parameter, Keep keep) {
  std::vector<json*> out;
  if (scenario.contains(array) && scenario[array].is_array())
    for (json& x : scenario[array])
      if (x.is_object() && keep(x)) out.push_back(&x);
  if (out.empty())
    throw std::invalid_argument(
        fmt::format("{}: the scenario has nothing it applies to (no matching entry in \"{}\")", parameter, array));
  return out;
}

std::set<std::string> esm_source_queues(const json& scenario) {
  std::set<std::string> out;
  if (scenario.contains("event_source_mappings") && scenario["event_source_mappings"].is_array())
    for (const json& m : scenario["event_source_mappings"])
      if (m.is_object() && m.contains("queue") && m["queue"].is_string()) out.insert(m["queue"].get<std::string>());
  return out;
}

const auto kAll = [](const json&) { return true; };

}  // namespace

const std::vector<KnownParameter>& known_parameters() {
  static const std::vector<KnownParameter> k = {
      {"batch_size", "BatchSize of every event source mapping"},
      {"maximum_batching_window_s", "MaximumBatchingWindowInSeconds of every event source mapping"},
      {"maximum_concurrency", "ScalingConfig.MaximumConcurrency of every event source mapping"},
      {"memory", "MemorySize (MB) of every function"},
      {"reserved_concurrency", "reserved concurrency of every function"},
      {"provisioned_concurrency", "provisioned concurrency of every function"},
      {"timeout_s", "Timeout of every function"},
      {"visibility_timeout_s", "VisibilityTimeout of every queue an event source mapping reads"},
      {"max_receive_count", "maxReceiveCount of every redrive policy"},
      {"rate_per_s", "rate of every constant or Poisson producer"},
      {"duration_s", "the simulated window"},
  };
  return k;
}

Dimension parse_vary(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw std::invalid_argument(fmt::format(
        "--vary \"{}\": expected NAME=VALUES, e.g. batch_size=1,5,10 or maximum_concurrency=5..50:5", text));
  Dimension d;
  d.name = text.substr(0, eq);
  if (d.name.front() != '/' && std::none_of(known_parameters().begin(), known_parameters().end(),
                                            [&](const KnownParameter& k) { return d.name == k.name; })) {
    std::string names;
    for (const auto& k : known_parameters()) names += std::string(names.empty() ? "" : ", ") + k.name;
    throw std::invalid_argument(
        fmt::format("--vary \"{}\": unknown parameter \"{}\"; expected one of {}, or a JSON "
                    "pointer into the scenario such as /functions/0/memory_size_mb",
                    text, d.name, names));
  }
  std::string rest = text.substr(eq + 1);
  std::size_t start = 0;
  while (start <= rest.size()) {
    const auto comma = rest.find(',', start);
    const std::string item = rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (item.empty()) throw std::invalid_argument(fmt::format("--vary \"{}\": an empty value", text));
    try {
      if (item.find("..") != std::string::npos)
        expand_range(item, d.values);
      else
        d.values.push_back(parse_value(item));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(fmt::format("--vary \"{}\": {}", text, e.what()));
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  for (std::size_t i = 0; i < d.values.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (d.values[i] == d.values[j])
        throw std::invalid_argument(
            fmt::format("--vary \"{}\": the value {} is listed twice", text, value_text(d.values[i])));
  return d;
}

void apply_parameter(json& scenario, const std::string& name, const json& value) {
  if (!name.empty() && name.front() == '/') {
    const json::json_pointer ptr(name);  // throws json::parse_error on a malformed pointer
    if (!scenario.contains(ptr.parent_pointer()))
      throw std::invalid_argument(fmt::format("{}: the scenario has no {}", name, ptr.parent_pointer().to_string()));
    scenario[ptr] = value;
    return;
  }
  if (name == "batch_size" || name == "maximum_batching_window_s") {
    for (json* m : each(scenario, "event_source_mappings", name, kAll)) (*m)[name] = value;
  } else if (name == "maximum_concurrency") {
    for (json* m : each(scenario, "event_source_mappings", name, kAll)) (*m)["maximum_concurrency"] = value;
  } else if (name == "memory") {
    for (json* f : each(scenario, "functions", name, kAll)) (*f)["memory_size_mb"] = value;
  } else if (name == "reserved_concurrency" || name == "provisioned_concurrency" || name == "timeout_s") {
    for (json* f : each(scenario, "functions", name, kAll)) (*f)[name] = value;
  } else if (name == "visibility_timeout_s") {
    const std::set<std::string> sources = esm_source_queues(scenario);
    for (json* q : each(scenario, "queues", name, [&](const json& q) {
           return q.contains("name") && q["name"].is_string() && sources.contains(q["name"].get<std::string>());
         }))
      (*q)["visibility_timeout_s"] = value;
  } else if (name == "max_receive_count") {
    for (json* q : each(scenario, "queues", name,
                        [](const json& q) { return q.contains("redrive_policy") && q["redrive_policy"].is_object(); }))
      (*q)["redrive_policy"]["max_receive_count"] = value;
  } else if (name == "rate_per_s") {
    for (json* p : each(scenario, "producers", name, [](const json& p) {
           return p.contains("arrival") && p["arrival"].is_object() &&
                  p["arrival"].value("type", std::string("constant")) != "trace" &&
                  p["arrival"].value("type", std::string("constant")) != "counts";
         }))
      (*p)["arrival"]["rate_per_s"] = value;
  } else if (name == "duration_s") {
    scenario["duration_s"] = value;
  } else {
    throw std::invalid_argument("unknown parameter \"" + name + "\"");
  }
}

json configuration(const json& scenario, const std::vector<Dimension>& dims, const GridPoint& g) {
  json doc = scenario;
  for (std::size_t d = 0; d < dims.size() && d < g.values.size(); ++d) apply_parameter(doc, dims[d].name, g.values[d]);
  return doc;
}

std::vector<scenarios::Diagnostic> configuration_diagnostics(const json& scenario, const std::vector<Dimension>& dims,
                                                             const GridPoint& g, const std::string& file) {
  json doc;
  try {
    doc = configuration(scenario, dims, g);
  } catch (const std::exception& e) {  // std::invalid_argument, or json's for a malformed pointer
    return {scenarios::Diagnostic{scenarios::Diagnostic::Severity::Error, file, "--vary", e.what()}};
  }
  try {
    return scenarios::load_scenario_text(doc.dump(), file).warnings;
  } catch (const scenarios::ScenarioError& e) {
    return e.diagnostics();
  }
}

std::string value_text(const json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string GridPoint::label(const std::vector<Dimension>& dims) const {
  std::string out;
  for (std::size_t d = 0; d < dims.size() && d < values.size(); ++d)
    out += (out.empty() ? "" : " ") + dims[d].name + "=" + value_text(values[d]);
  return out;
}

std::vector<GridPoint> grid_points(const std::vector<Dimension>& dims) {
  std::size_t n = 1;
  for (const Dimension& d : dims) n *= d.values.size();
  std::vector<GridPoint> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i].index = i;
    out[i].values.resize(dims.size());
    std::size_t rest = i;
    for (std::size_t d = dims.size(); d-- > 0;) {
      out[i].values[d] = dims[d].values[rest % dims[d].values.size()];
      rest /= dims[d].values.size();
    }
  }
  return out;
}

}  // namespace sweep
