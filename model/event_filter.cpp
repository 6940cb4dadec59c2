#include "model/event_filter.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>

namespace model {

using nlohmann::json;

namespace {

[[noreturn]] void bad(const std::string& path, const json& value, const std::string& expected) {
  std::string shown = value.dump();
  if (shown.size() > 80) shown = shown.substr(0, 77) + "...";
  throw FilterPatternError(path + ": got " + shown + ", expected " + expected);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// '*' matches any run of characters (EventBridge wildcard; "\*" is a literal star).
bool wildcard_match(std::string_view pattern, std::string_view text) {
  std::vector<std::pair<char, bool>> p;  // character, is-star
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size() && pattern[i + 1] == '*') {
      p.emplace_back('*', false);
      ++i;
    } else {
      p.emplace_back(pattern[i], pattern[i] == '*');
    }
  }
  std::size_t pi = 0, ti = 0, star = std::string::npos, mark = 0;
  while (ti < text.size()) {
    if (pi < p.size() && !p[pi].second && p[pi].first == text[ti]) {
      ++pi;
      ++ti;
    } else if (pi < p.size() && p[pi].second) {
      star = pi++;
      mark = ti;
    } else if (star != std::string::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi].second) ++pi;
  return pi == p.size();
}

struct Cidr {
  int family = AF_INET;
  std::array<unsigned char, 16> net{};
  int bits = 0;
  static std::optional<Cidr> parse(const std::string& s) {
    const auto slash = s.find('/');
    if (slash == std::string::npos) return std::nullopt;
    Cidr c;
    const std::string addr = s.substr(0, slash);
    c.family = addr.find(':') == std::string::npos ? AF_INET : AF_INET6;
    if (inet_pton(c.family, addr.c_str(), c.net.data()) != 1) return std::nullopt;
    const std::string b = s.substr(slash + 1);
    if (b.empty() || b.size() > 3 || !std::all_of(b.begin(), b.end(), ::isdigit)) return std::nullopt;
    c.bits = std::stoi(b);
    if (c.bits > (c.family == AF_INET ? 32 : 128)) return std::nullopt;
    return c;
  }
  [[nodiscard]] bool contains(const std::string& ip) const {
    std::array<unsigned char, 16> a{};
    if (inet_pton(family, ip.c_str(), a.data()) != 1) return false;
    for (int i = 0; i < bits; ++i) {
      const unsigned char mask = static_cast<unsigned char>(0x80u >> (i % 8));
      if ((a[static_cast<std::size_t>(i / 8)] & mask) != (net[static_cast<std::size_t>(i / 8)] & mask)) return false;
    }
    return true;
  }
};

}  // namespace

// One matcher of a leaf array.
struct Matcher {
  enum class Kind { Exact, Null, Prefix, Suffix, EqualsIgnoreCase, Wildcard, AnythingBut, Numeric, Exists, Cidr };
  Kind kind = Kind::Exact;
  json value;                                          // Exact: a string, number or boolean
  std::string text;                                    // Prefix, Suffix, EqualsIgnoreCase (lower-cased), Wildcard
  bool ignore_case = false;                            // prefix/suffix with equals-ignore-case
  bool exists = true;                                  // Exists
  std::vector<Matcher> negated;                        // AnythingBut: matches when none of these does
  std::vector<std::pair<std::string, double>> bounds;  // Numeric
  Cidr cidr;

  [[nodiscard]] bool test(const json& v) const {
    switch (kind) {
      case Kind::Exact:
        if (value.is_number()) return v.is_number() && v.get<double>() == value.get<double>();
        return v == value;
      case Kind::Null:
        return v.is_null();
      case Kind::Prefix:
      case Kind::Suffix: {
        if (!v.is_string()) return false;
        const std::string s = ignore_case ? lower(v.get<std::string>()) : v.get<std::string>();
        return kind == Kind::Prefix ? s.starts_with(text) : s.ends_with(text);
      }
      case Kind::EqualsIgnoreCase:
        return v.is_string() && lower(v.get<std::string>()) == text;
      case Kind::Wildcard:
        return v.is_string() && wildcard_match(text, v.get<std::string>());
      case Kind::AnythingBut:
        // EventBridge: anything-but matches a present value that matches none of the listed ones.
        return std::none_of(negated.begin(), negated.end(), [&](const Matcher& m) { return m.test(v); });
      case Kind::Numeric: {
        if (!v.is_number()) return false;
        const double x = v.get<double>();
        for (const auto& [op, n] : bounds) {
          const bool ok = op == "="    ? x == n
                          : op == "!=" ? x != n
                          : op == "<"  ? x < n
                          : op == "<=" ? x <= n
                          : op == ">"  ? x > n
                                       : x >= n;
          if (!ok) return false;
        }
        return true;
      }
      case Kind::Exists:
        return exists;  // the caller handles absence
      case Kind::Cidr:
        return v.is_string() && cidr.contains(v.get<std::string>());
    }
    return false;
  }
};

struct EventFilter::Node {
  std::map<std::string, Node> children;  // nested object pattern
  std::vector<Matcher> leaf;             // a leaf: the field's matchers (any may match)
  bool is_leaf = false;
  std::vector<std::vector<Node>> ors;  // "$or": one of these patterns must also match here

  [[nodiscard]] bool match_leaf(const json* v) const {
    if (v == nullptr) {
      // A missing field: only {"exists": false} matches it (anything-but does not).
      return std::any_of(leaf.begin(), leaf.end(),
                         [](const Matcher& m) { return m.kind == Matcher::Kind::Exists && !m.exists; });
    }
    const auto one = [&](const json& x) {
      return std::any_of(leaf.begin(), leaf.end(), [&](const Matcher& m) {
        if (m.kind == Matcher::Kind::Exists) return m.exists;
        return m.test(x);
      });
    };
    // EventBridge: when the event's field is an array, the leaf matches if any element does.
    if (v->is_array()) {
      if (std::any_of(leaf.begin(), leaf.end(),
                      [](const Matcher& m) { return m.kind == Matcher::Kind::Exists && m.exists; }))
        return true;
      return std::any_of(v->begin(), v->end(), one);
    }
    return one(*v);
  }

  [[nodiscard]] bool match(const json* v) const {
    if (is_leaf) return match_leaf(v);
    // An object pattern: every key must match (AND) and, with $or, one alternative too.
    // EventBridge: a nested pattern over an array of objects matches if any element does.
    if (v != nullptr && v->is_array())
      return std::any_of(v->begin(), v->end(), [&](const json& e) { return match(&e); });
    // A nested pattern needs an object there: a plain-string SQS body never matches a JSON pattern (Lambda drops it).
    if (v != nullptr && !v->is_object()) return false;
    const json* obj = v;
    for (const auto& [key, child] : children) {
      const json* field = nullptr;
      if (obj != nullptr) {
        const auto it = obj->find(key);
        if (it != obj->end()) field = &*it;
      }
      if (!child.match(field)) return false;
    }
    for (const auto& alternatives : ors) {
      if (std::none_of(alternatives.begin(), alternatives.end(), [&](const Node& n) { return n.match(v); }))
        return false;
    }
    return true;
  }
};

namespace {

using Node = EventFilter::Node;

Matcher parse_matcher(const json& m, const std::string& path, bool inside_anything_but);

// The string operand of prefix/suffix: "x" or {"equals-ignore-case": "x"}.
void read_affix(Matcher& out, const json& v, const std::string& path) {
  if (v.is_string()) {
    out.text = v.get<std::string>();
  } else if (v.is_object() && v.size() == 1 && v.contains("equals-ignore-case") &&
             v.at("equals-ignore-case").is_string()) {
    out.ignore_case = true;
    out.text = lower(v.at("equals-ignore-case").get<std::string>());
  } else {
    bad(path, v, "a string or {\"equals-ignore-case\": string}");
  }
}

Matcher parse_matcher(const json& m, const std::string& path, bool inside_anything_but) {
  Matcher out;
  if (m.is_string() || m.is_number() || m.is_boolean()) {
    out.kind = Matcher::Kind::Exact;
    out.value = m;
    return out;
  }
  if (m.is_null()) {
    out.kind = Matcher::Kind::Null;
    return out;
  }
  if (!m.is_object() || m.size() != 1)
    bad(path, m,
        "a string, number, boolean, null or an object with one operator (prefix, suffix, equals-ignore-case, "
        "wildcard, anything-but, numeric, exists, cidr)");
  const std::string op = m.begin().key();
  const json& v = m.begin().value();
  const std::string p = path + "." + op;
  if (op == "prefix" || op == "suffix") {
    out.kind = op == "prefix" ? Matcher::Kind::Prefix : Matcher::Kind::Suffix;
    read_affix(out, v, p);
  } else if (op == "equals-ignore-case") {
    if (!v.is_string()) bad(p, v, "a string");
    out.kind = Matcher::Kind::EqualsIgnoreCase;
    out.text = lower(v.get<std::string>());
  } else if (op == "wildcard") {
    if (!v.is_string()) bad(p, v, "a string with * wildcards");
    out.kind = Matcher::Kind::Wildcard;
    out.text = v.get<std::string>();
  } else if (op == "anything-but" && !inside_anything_but) {
    out.kind = Matcher::Kind::AnythingBut;
    if (v.is_array()) {
      if (v.empty()) bad(p, v, "a non-empty list of values");
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!(v[i].is_string() || v[i].is_number()))
          bad(p + "[" + std::to_string(i) + "]", v[i], "a string or a number");
        out.negated.push_back(parse_matcher(v[i], p + "[" + std::to_string(i) + "]", true));
      }
    } else if (v.is_string() || v.is_number()) {
      out.negated.push_back(parse_matcher(v, p, true));
    } else if (v.is_object() && v.size() == 1 &&
               (v.contains("prefix") || v.contains("suffix") || v.contains("equals-ignore-case") ||
                v.contains("wildcard"))) {
      const std::string inner = v.begin().key();
      const json& iv = v.begin().value();
      if (inner == "equals-ignore-case" && iv.is_array()) {
        for (std::size_t i = 0; i < iv.size(); ++i) {
          if (!iv[i].is_string()) bad(p + ".equals-ignore-case[" + std::to_string(i) + "]", iv[i], "a string");
          out.negated.push_back(parse_matcher(json{{"equals-ignore-case", iv[i]}}, p, true));
        }
      } else {
        out.negated.push_back(parse_matcher(v, p, true));
      }
    } else {
      bad(p, v, "a value, a list of values, or {\"prefix\"|\"suffix\"|\"equals-ignore-case\"|\"wildcard\": ...}");
    }
  } else if (op == "numeric" && !inside_anything_but) {
    out.kind = Matcher::Kind::Numeric;
    if (!v.is_array() || v.empty() || v.size() % 2 != 0 || v.size() > 4)
      bad(p, v, "[operator, number] or [operator, number, operator, number] (operators = != < <= > >=)");
    bool lower_bound = false, upper_bound = false;
    for (std::size_t i = 0; i < v.size(); i += 2) {
      const std::string ip = p + "[" + std::to_string(i) + "]";
      static const std::set<std::string> kOps = {"=", "!=", "<", "<=", ">", ">="};
      if (!v[i].is_string() || !kOps.contains(v[i].get<std::string>())) bad(ip, v[i], "one of = != < <= > >=");
      if (!v[i + 1].is_number()) bad(p + "[" + std::to_string(i + 1) + "]", v[i + 1], "a number");
      const std::string o = v[i].get<std::string>();
      if ((o == "=" || o == "!=") && v.size() != 2) bad(p, v, "= and != alone, without a second bound");
      bool& side = (o == ">" || o == ">=") ? lower_bound : upper_bound;
      if ((o == ">" || o == ">=" || o == "<" || o == "<=") && side)
        bad(p, v, "at most one lower bound (> >=) and one upper bound (< <=)");
      if (o != "=" && o != "!=") side = true;
      out.bounds.emplace_back(o, v[i + 1].get<double>());
    }
  } else if (op == "exists" && !inside_anything_but) {
    if (!v.is_boolean()) bad(p, v, "true or false");
    out.kind = Matcher::Kind::Exists;
    out.exists = v.get<bool>();
  } else if (op == "cidr" && !inside_anything_but) {
    const auto c = v.is_string() ? Cidr::parse(v.get<std::string>()) : std::nullopt;
    if (!c) bad(p, v, "an IP range in CIDR notation, such as \"10.0.0.0/24\"");
    out.kind = Matcher::Kind::Cidr;
    out.cidr = *c;
  } else {
    bad(p, v,
        inside_anything_but ? "an operator anything-but allows (prefix, suffix, equals-ignore-case, wildcard)"
                            : "a known operator: prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, "
                              "exists, cidr");
  }
  return out;
}

Node parse_node(const json& j, const std::string& path, bool root = false) {
  Node n;
  if (root && j.is_object() && j.empty()) return n;  // {}: no condition, every record matches
  if (j.is_array()) {
    // A leaf: the field's matchers.
    if (j.empty()) bad(path, j, "a non-empty array of matchers");
    n.is_leaf = true;
    for (std::size_t i = 0; i < j.size(); ++i)
      n.leaf.push_back(parse_matcher(j[i], path + "[" + std::to_string(i) + "]", false));
    return n;
  }
  if (!j.is_object() || j.empty())
    bad(path, j, "an object of fields, each an array of matchers or a nested object (EventBridge pattern syntax)");
  for (const auto& [key, v] : j.items()) {
    const std::string p = path + "." + key;
    if (key == "$or") {
      if (!v.is_array() || v.size() < 2) bad(p, v, "an array of at least two patterns");
      std::vector<Node> alts;
      for (std::size_t i = 0; i < v.size(); ++i) alts.push_back(parse_node(v[i], p + "[" + std::to_string(i) + "]"));
      for (const Node& a : alts)
        if (a.is_leaf) bad(p, v, "patterns (objects), not matcher arrays");
      n.ors.push_back(std::move(alts));
      continue;
    }
    if (!v.is_array() && !v.is_object()) bad(p, v, "an array of matchers or a nested object");
    n.children.emplace(key, parse_node(v, p));
  }
  return n;
}

void collect_keys(const Node& n, std::set<std::string>& keys) {
  for (const auto& [k, c] : n.children) keys.insert(k);
  for (const auto& alts : n.ors)
    for (const Node& a : alts) collect_keys(a, keys);
}

}  // namespace

EventFilter EventFilter::parse(std::string_view pattern_json, std::size_t index) {
  const std::string path = "Filters[" + std::to_string(index) + "].Pattern";
  const json j = json::parse(pattern_json, nullptr, false);
  if (j.is_discarded()) throw FilterPatternError(path + ": not valid JSON, expected a JSON object pattern");
  if (!j.is_object()) bad(path, j, "a JSON object pattern");
  EventFilter f;
  f.root_ = std::make_shared<const Node>(parse_node(j, path, true));
  collect_keys(*f.root_, f.keys_);
  return f;
}

bool EventFilter::matches(const json& event) const {
  return root_ && root_->match(&event);
}

FilterCriteria FilterCriteria::parse(const std::vector<std::string>& patterns) {
  if (patterns.size() > kMaxFilters)
    throw FilterPatternError("Filters: " + std::to_string(patterns.size()) +
                             " filters, expected at most 10 (Lambda: 5 per event source mapping, 10 with a quota "
                             "increase)");
  FilterCriteria c;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    c.filters_.push_back(EventFilter::parse(patterns[i], i));
    c.keys_.insert(c.filters_.back().keys().begin(), c.filters_.back().keys().end());
  }
  return c;
}

json FilterCriteria::record_view(const lambda::SqsMessage& r, const std::set<std::string>& keys) {
  json v = json::object();
  const auto want = [&](const char* k) { return keys.contains(k); };
  if (want("body")) {
    // Lambda: a body that is valid JSON is filtered as JSON; otherwise as the plain string. A JSON pattern on a plain
    // string body, or a plain-string pattern on a JSON body, does not match (Lambda drops the message).
    json parsed = json::parse(r.body, nullptr, false);
    v["body"] = parsed.is_discarded() ? json(r.body) : std::move(parsed);
  }
  if (want("messageId")) v["messageId"] = r.message_id;
  if (want("receiptHandle")) v["receiptHandle"] = r.receipt_handle;
  if (want("md5OfBody")) v["md5OfBody"] = r.md5_of_body;
  if (want("md5OfMessageAttributes")) v["md5OfMessageAttributes"] = r.md5_of_message_attributes;
  if (want("eventSource")) v["eventSource"] = r.event_source;
  if (want("eventSourceARN")) v["eventSourceARN"] = r.event_source_arn;
  if (want("awsRegion")) v["awsRegion"] = r.aws_region;
  if (want("attributes")) {
    json a = json::object();
    for (const auto& [k, s] : r.attributes) a[k] = s;
    v["attributes"] = std::move(a);
  }
  if (want("messageAttributes")) {
    json a = json::object();
    for (const auto& [k, m] : r.message_attributes) {
      json x = {{"dataType", m.data_type}};
      if (m.string_value) x["stringValue"] = *m.string_value;
      if (m.binary_value) x["binaryValue"] = *m.binary_value;
      a[k] = std::move(x);
    }
    v["messageAttributes"] = std::move(a);
  }
  return v;
}

bool FilterCriteria::matches(const lambda::SqsMessage& record) const {
  if (filters_.empty()) return true;
  const json view = record_view(record, keys_);
  return std::any_of(filters_.begin(), filters_.end(), [&](const EventFilter& f) { return f.matches(view); });
}

}  // namespace model
