#include "loader/json_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "loader/trace_files.hpp"

namespace scenarios {

namespace {
std::string num_text(double v) {
  std::ostringstream o;
  if (std::floor(v) == v && std::fabs(v) < 1e15) {
    o << static_cast<long long>(v);
  } else {
    o << v;
  }
  return o.str();
}
}  // namespace

std::string range_text(double lo, double hi) {
  return num_text(lo) + " to " + num_text(hi);
}

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = b[i];
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // no overlongs
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;  // at most U+10FFFF
    } else {
      return i;
    }
    if (i + len > n || b[i + 1] < lo || b[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (b[i + k] < 0x80 || b[i + k] > 0xBF) return i;
    i += len;
  }
  return std::nullopt;
}

sim::DistributionSpec JsonReader::empirical(const nlohmann::json& v, const std::string& p,
                                            sim::DistributionSpec fallback, double lo, double hi,
                                            const std::string& unit) {
  // Samples inline ("samples", or "samples_ms"/"samples_s" naming the field's unit) or one column of a CSV file
  // read relative to the scenario file, optionally only the rows matching "where" ({"is_cold": "False"}).
  const std::string unit_word = unit.substr(0, unit.find(' '));
  const std::string unit_key = "samples_" + unit_word;
  expect_object(v, p, {"type", "samples", unit_key, "file", "column", "where"});
  const std::string range = "samples in " + unit + " from " + range_text(lo, hi);
  std::vector<double> values;
  const std::string key = v.contains(unit_key) ? unit_key : "samples";
  if (v.contains(key)) {
    if (v.contains("file")) error(child(p, "file"), "got both \"" + key + "\" and \"file\", expected one of them");
    const nlohmann::json& a = v.at(key);
    if (!a.is_array() || a.empty()) {
      error(child(p, key), "got " + show(a) + ", expected a non-empty array of " + range);
      return fallback;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a[i].is_number() || !std::isfinite(a[i].get<double>()) || a[i].get<double>() < lo ||
          a[i].get<double>() > hi) {
        error(index(child(p, key), i), "got " + show(a[i]) + ", expected a number (" + range + ")");
        continue;
      }
      values.push_back(a[i].get<double>());
    }
  } else if (v.contains("file")) {
    const std::string file = string(v, p, "file", "", true);
    const std::string column = string(v, p, "column", "", true);
    std::vector<std::pair<std::string, std::string>> only;
    if (v.contains("where")) {
      const nlohmann::json& w = v.at("where");
      if (!w.is_object()) {
        error(child(p, "where"), "got " + show(w) + ", expected an object {\"column\": \"text\"}");
      } else {
        for (const auto& [c, want] : w.items()) {
          if (!want.is_string()) {
            error(child(child(p, "where"), c), "got " + show(want) + ", expected the text the column must hold");
            continue;
          }
          only.emplace_back(c, want.get<std::string>());
        }
      }
    }
    if (file.empty() || column.empty()) return fallback;
    std::filesystem::path path(file);
    if (path.is_relative() && file_ != "<stdin>") path = std::filesystem::path(file_).parent_path() / path;
    try {
      values = read_csv_column(path.string(), column, only);
    } catch (const TraceFileError& e) {
      error(child(p, "file"), e.what());
      return fallback;
    }
    for (const double d : values)
      if (d < lo || d > hi) {
        error(child(p, "column"), "got a value " + num_text(d) + " in " + path.string() + ", expected " + range);
        return fallback;
      }
  } else {
    error(p, "missing \"" + unit_key + "\" or \"file\" and \"column\", expected the samples of the distribution");
    return fallback;
  }
  if (values.empty()) return fallback;
  return sim::DistributionSpec::empirical(std::move(values));
}

std::string line_column(std::string_view text, std::size_t byte) {
  std::size_t line = 1;
  std::size_t col = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

namespace {

// Builds the value from nlohmann's SAX events (its parser is iterative), tracking the JSON path so that a problem is
// reported where it is, and refusing nesting deeper than kMaxJsonNesting.
class DocumentBuilder {
 public:
  using json = nlohmann::json;
  DocumentBuilder(std::string_view text, JsonReader& r) : text_(text), r_(r) {}
  json root;

  bool null() { return put(json(nullptr)); }
  bool boolean(bool v) { return put(json(v)); }
  bool number_integer(json::number_integer_t v) { return put(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return put(json(v)); }
  bool number_float(json::number_float_t v, const json::string_t&) { return put(json(v)); }
  bool string(json::string_t& v) { return put(json(std::move(v))); }
  bool binary(json::binary_t&) { return put(json(nullptr)); }  // not produced by JSON text
  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(json::string_t& k) {
    Frame& f = stack_.back();
    f.key = k;
    if (f.value->contains(k))
      r_.warning(slot_path(), "duplicate key \"" + k + "\": its earlier value " + JsonReader::show(f.value->at(k)) +
                                  " is replaced by the later one; remove one of them");
    return true;
  }
  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) {
    const std::string where = line_column(text_, position > 0 ? position - 1 : 0);
    if (e.id == 406)  // out_of_range.406: a number that does not fit a double
      r_.error(slot_path(), "got " + token + " at " + where +
                                ", expected a number a 64-bit float can hold (magnitude below 1.8e308)");
    else
      r_.error("$", "invalid JSON at " + where + ": " + e.what());
    return false;
  }

 private:
  struct Frame {
    json* value;
    std::string path;
    std::string key;  // objects: the key whose value comes next
  };
  std::string_view text_;
  JsonReader& r_;
  std::vector<Frame> stack_;

  // Where the next value goes.
  [[nodiscard]] std::string slot_path() const {
    if (stack_.empty()) return "$";
    const Frame& f = stack_.back();
    return f.value->is_array() ? JsonReader::index(f.path, f.value->size()) : JsonReader::child(f.path, f.key);
  }
  json* slot() {
    if (stack_.empty()) return &root;
    Frame& f = stack_.back();
    if (f.value->is_array()) {
      f.value->push_back(nullptr);
      return &f.value->back();
    }
    return &(*f.value)[f.key];
  }
  bool put(json&& v) {
    *slot() = std::move(v);
    return true;
  }
  bool open(json&& v) {
    if (stack_.size() >= kMaxJsonNesting) {
      r_.error(slot_path(), "nested too deeply: more than " + std::to_string(kMaxJsonNesting) +
                                " levels of arrays and objects (the documented limit)");
      return false;
    }
    const std::string path = slot_path();
    json* p = slot();
    *p = std::move(v);
    stack_.push_back({p, path, {}});
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }
};

}  // namespace

std::optional<nlohmann::json> parse_document(std::string_view text, JsonReader& r) {
  DocumentBuilder b(text, r);
  if (!nlohmann::json::sax_parse(text.begin(), text.end(), &b)) {
    if (!r.has_errors()) r.error("$", "invalid JSON");
    return std::nullopt;
  }
  return std::move(b.root);
}

std::optional<std::string> read_input_file(const std::string& path, JsonReader& r) {
  std::string why;
  std::optional<std::string> text = read_input_text(path, why);
  if (!text) r.error("$", why);
  return text;
}

namespace {

struct NameRule {
  NameKind kind;
  std::size_t min, max;
  const char* extra;  // characters allowed besides ASCII letters and digits; nullptr: any but control characters
  const char* rule;   // in AWS's words
};
// One table of naming rules: the loader checks every name against it, so no name can break a CSV header, a YAML key
// or a stream name.
constexpr NameRule kNameRules[] = {
    {NameKind::SqsQueue, 1, 80, "-_.",
     "SQS queue names: 1 to 80 characters, letters, digits, hyphens (-) and underscores (_); a FIFO queue's ends in "
     ".fifo"},
    {NameKind::LambdaFunction, 1, 64, "-_",
     "Lambda function names: 1 to 64 characters, letters, digits, hyphens (-) and underscores (_)"},
    {NameKind::SnsTopic, 1, 256, "-_.",
     "SNS topic names: 1 to 256 characters, letters, digits, hyphens (-) and underscores (_); a FIFO topic's ends in "
     ".fifo"},
    {NameKind::DynamoDbTable, 1, 255, "-_.",
     "DynamoDB table names: up to 255 characters, letters, digits, underscores (_), hyphens (-) and dots (.)"},
    {NameKind::CloudWatchAlarm, 1, 255, nullptr, "CloudWatch alarm names: 1 to 255 characters, no control characters"},
    {NameKind::Component, 1, 128, "-_.",
     "sqsim names: 1 to 128 characters, letters, digits, hyphens (-), underscores (_) and dots (.)"},
    {NameKind::Scenario, 1, 256, nullptr, "scenario names: 1 to 256 characters, no control characters"},
};

const NameRule& rule_of(NameKind kind) {
  for (const NameRule& r : kNameRules)
    if (r.kind == kind) return r;
  return kNameRules[0];
}

bool allowed(char c, const NameRule& rule) {
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u == 0x7f) return false;
  return rule.extra == nullptr || std::isalnum(u) != 0 ||
         std::string_view(rule.extra).find(c) != std::string_view::npos;
}

std::string problem_of(const std::string& name, const NameRule& rule) {
  if (name.size() < rule.min || name.size() > rule.max) return std::to_string(name.size()) + " characters";
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "a control character";
    if (rule.extra == nullptr) continue;
    if (std::isalnum(u) == 0 && std::string_view(rule.extra).find(c) == std::string_view::npos)
      return std::string("the character ") + (u >= 0x80 ? "(non-ASCII)" : "'" + std::string(1, c) + "'");
  }
  // SQS and SNS allow the dot only in the .fifo suffix.
  if ((rule.kind == NameKind::SqsQueue || rule.kind == NameKind::SnsTopic)) {
    const auto dot = name.find('.');
    if (dot != std::string::npos && name.substr(dot) != ".fifo") return "a '.' outside the .fifo suffix";
  }
  return {};
}

}  // namespace

std::string name_problem(const std::string& name, NameKind kind) {
  return problem_of(name, rule_of(kind));
}

std::string name_rule(NameKind kind) {
  return rule_of(kind).rule;
}

std::string valid_name(const std::string& name, NameKind kind) {
  const NameRule& rule = rule_of(kind);
  if (problem_of(name, rule).empty()) return name;
  const bool dotted = kind == NameKind::SqsQueue || kind == NameKind::SnsTopic;
  std::string suffix = dotted && name.ends_with(".fifo") ? ".fifo" : "";
  std::string stem = name.substr(0, name.size() - suffix.size());
  for (char& c : stem)
    if (!allowed(c, rule) || (dotted && c == '.')) c = '_';
  if (stem.empty()) stem = "_";
  const std::size_t room = rule.max > suffix.size() ? rule.max - suffix.size() : 1;
  if (stem.size() > room) stem.resize(room);
  return stem + suffix;
}

std::string JsonReader::name(const nlohmann::json& obj, const std::string& path, const std::string& key, NameKind kind,
                             const std::string& fallback, bool required) {
  std::string n = string(obj, path, key, fallback, required);
  if (!obj.is_object() || !obj.contains(key) || !obj.at(key).is_string()) return n;
  const std::string problem = name_problem(n, kind);
  if (!problem.empty())
    error(child(path, key),
          "got " + show(obj.at(key)) + " (" + problem + "), expected a name by the rule for " + name_rule(kind));
  return n;
}

std::string JsonReader::show(const nlohmann::json& v) {
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

void JsonReader::error(const std::string& path, const std::string& message) {
  diags_.push_back(Diagnostic{Diagnostic::Severity::Error, file_, path, message});
}

void JsonReader::warning(const std::string& path, const std::string& message) {
  diags_.push_back(Diagnostic{Diagnostic::Severity::Warning, file_, path, message});
}

bool JsonReader::has_errors() const {
  return std::any_of(diags_.begin(), diags_.end(),
                     [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::Error; });
}

bool JsonReader::expect_object(const nlohmann::json& j, const std::string& path,
                               const std::vector<std::string>& allowed) {
  if (!j.is_object()) {
    error(path, "got " + show(j) + ", expected an object");
    return false;
  }
  for (const auto& [key, value] : j.items()) {
    if (!key.empty() && key[0] == '_') continue;  // "_comment" keys document a file; JSON has no comments
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string list;
    for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
    error(child(path, key), "unknown key \"" + key + "\"; expected one of: " + list);
  }
  return true;
}

double JsonReader::number(const nlohmann::json& obj, const std::string& path, const std::string& key, double fallback,
                          double lo, double hi, const std::string& what) {
  if (!obj.is_object() || !obj.contains(key)) return fallback;
  const nlohmann::json& v = obj.at(key);
  const std::string p = child(path, key);
  if (!v.is_number()) {
    error(p, "got " + show(v) + ", expected a number from " + range_text(lo, hi) + " (" + what + ")");
    return fallback;
  }
  const double d = v.get<double>();
  if (!std::isfinite(d) || d < lo || d > hi) {
    error(p, "got " + show(v) + ", expected a number from " + range_text(lo, hi) + " (" + what + ")");
    return fallback;
  }
  return d;
}

std::optional<std::int64_t> JsonReader::optional_integer(const nlohmann::json& obj, const std::string& path,
                                                         const std::string& key, std::int64_t lo, std::int64_t hi,
                                                         const std::string& what) {
  if (!obj.is_object() || !obj.contains(key) || obj.at(key).is_null()) return std::nullopt;
  const nlohmann::json& v = obj.at(key);
  const std::string p = child(path, key);
  const std::string expected = "expected an integer from " + range_text(double(lo), double(hi)) + " (" + what + ")";
  if (v.is_number_integer()) {
    // Unsigned values above INT64_MAX arrive as number_unsigned; compare as unsigned first.
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) {
      error(p, "got " + show(v) + ", " + expected);
      return std::nullopt;
    }
    const auto i = v.get<std::int64_t>();
    if (i < lo || i > hi) {
      error(p, "got " + show(v) + ", " + expected);
      return std::nullopt;
    }
    return i;
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && d >= double(lo) && d <= double(hi))
      return static_cast<std::int64_t>(d);
  }
  error(p, "got " + show(v) + ", " + expected);
  return std::nullopt;
}

std::int64_t JsonReader::integer(const nlohmann::json& obj, const std::string& path, const std::string& key,
                                 std::int64_t fallback, std::int64_t lo, std::int64_t hi, const std::string& what) {
  return optional_integer(obj, path, key, lo, hi, what).value_or(fallback);
}

bool JsonReader::boolean(const nlohmann::json& obj, const std::string& path, const std::string& key, bool fallback) {
  if (!obj.is_object() || !obj.contains(key)) return fallback;
  const nlohmann::json& v = obj.at(key);
  if (!v.is_boolean()) {
    error(child(path, key), "got " + show(v) + ", expected true or false");
    return fallback;
  }
  return v.get<bool>();
}

std::string JsonReader::string(const nlohmann::json& obj, const std::string& path, const std::string& key,
                               const std::string& fallback, bool required) {
  if (!obj.is_object() || !obj.contains(key)) {
    if (required && obj.is_object()) error(child(path, key), "missing, expected a string");
    return fallback;
  }
  const nlohmann::json& v = obj.at(key);
  if (!v.is_string()) {
    error(child(path, key), "got " + show(v) + ", expected a string");
    return fallback;
  }
  if (required && v.get<std::string>().empty()) {
    error(child(path, key), "got \"\", expected a non-empty string");
  }
  return v.get<std::string>();
}

std::string JsonReader::one_of(const nlohmann::json& obj, const std::string& path, const std::string& key,
                               const std::string& fallback, const std::vector<std::string>& choices) {
  const std::string s = string(obj, path, key, fallback);
  if (std::find(choices.begin(), choices.end(), s) != choices.end()) return s;
  std::string list;
  for (const std::string& c : choices) list += (list.empty() ? "\"" : ", \"") + c + "\"";
  error(child(path, key), "got \"" + s + "\", expected one of " + list);
  return fallback;
}

sim::Time JsonReader::seconds(const nlohmann::json& obj, const std::string& path, const std::string& key,
                              sim::Time fallback, double lo_s, double hi_s, const std::string& what) {
  const double d = number(obj, path, key, fallback.seconds(), lo_s, hi_s, what);
  return sim::Time{std::llround(d * 1e6)};
}

sim::DistributionSpec JsonReader::distribution(const nlohmann::json& obj, const std::string& path,
                                               const std::string& key, sim::DistributionSpec fallback, double lo,
                                               double hi, const std::string& unit) {
  if (!obj.is_object() || !obj.contains(key)) return fallback;
  const nlohmann::json& v = obj.at(key);
  const std::string p = child(path, key);
  const std::string range = "a value in " + unit + " from " + range_text(lo, hi);
  if (v.is_number()) {
    const double d = v.get<double>();
    if (!std::isfinite(d) || d < lo || d > hi) {
      error(p, "got " + show(v) + ", expected " + range);
      return fallback;
    }
    return sim::DistributionSpec::fixed(d);
  }
  if (!v.is_object()) {
    error(p, "got " + show(v) + ", expected a number (" + unit +
                 ") or a distribution object such as "
                 "{\"type\": \"lognormal\", \"median\": 20, \"sigma\": 0.5}");
    return fallback;
  }
  const std::string type =
      one_of(v, p, "type", "fixed", {"fixed", "uniform", "exponential", "lognormal", "normal", "empirical"});
  const std::string what = unit + " distribution parameter";
  if (type == "empirical") return empirical(v, p, fallback, lo, hi, unit);
  if (type == "fixed") {
    expect_object(v, p, {"type", "value"});
    return sim::DistributionSpec::fixed(number(v, p, "value", 0.0, lo, hi, what));
  }
  if (type == "uniform") {
    expect_object(v, p, {"type", "min", "max"});
    const double a = number(v, p, "min", 0.0, lo, hi, what);
    const double b = number(v, p, "max", a, lo, hi, what);
    if (b < a) error(child(p, "max"), "got " + num_text(b) + ", expected at least min (" + num_text(a) + ")");
    return sim::DistributionSpec::uniform(a, b);
  }
  if (type == "exponential") {
    expect_object(v, p, {"type", "mean"});
    return sim::DistributionSpec::exponential(number(v, p, "mean", 1.0, lo, hi, what));
  }
  if (type == "lognormal") {
    expect_object(v, p, {"type", "median", "sigma"});
    const double m = number(v, p, "median", 1.0, lo, hi, what);
    return sim::DistributionSpec::lognormal(m, number(v, p, "sigma", 0.0, 0.0, 5.0, "sigma of the logarithm"));
  }
  expect_object(v, p, {"type", "mean", "sd"});
  const double m = number(v, p, "mean", 0.0, lo, hi, what);
  return sim::DistributionSpec::normal(m, number(v, p, "sd", 0.0, 0.0, hi, "standard deviation"));
}

}  // namespace scenarios
