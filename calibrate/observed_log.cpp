#include "calibrate/observed_log.hpp"

#include "loader/input_file.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "loader/trace_files.hpp"

namespace calibrate {

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw scenarios::TraceFileError(where + ": " + what);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// A "Name: 12.34 ms" field of a REPORT line; nullopt when the line has no such field.
std::optional<double> report_field(const std::string& line, const std::string& name, const std::string& where) {
  const std::string key = "\t" + name + ": ";
  std::size_t at = line.find(key);
  if (at == std::string::npos && name == "Duration") at = line.find(" " + name + ": ");  // spaces instead of tabs
  if (at == std::string::npos) return std::nullopt;
  const std::size_t from = at + key.size();
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(line.substr(from), &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || !std::isfinite(v) || v < 0) fail(where, "expected a number of ms after \"" + name + ":\"");
  return v;
}

ObservedLog read_report_lines(const std::string& path, std::istream& in, const std::string& function) {
  ObservedLog log;
  log.file = path;
  log.format = ObservedLog::Format::ReportLines;
  struct Row {
    double start_s;
    double duration_ms;
    std::int8_t cold;
    double init_ms;
  };
  std::vector<Row> rows;
  std::string chosen = function;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t report = line.find("REPORT RequestId:");
    if (report == std::string::npos) continue;  // START/END lines, comments, the handler's own log lines
    const std::string where = path + ":" + std::to_string(n);
    // "<end seconds> <function> REPORT ...": the prefix `sqsim run --report-lines` writes.
    std::istringstream prefix(line.substr(0, report));
    double end_s = 0;
    std::string fn;
    if (!(prefix >> end_s >> fn) || !std::isfinite(end_s))
      fail(where, "expected \"<end time in s> <function> REPORT RequestId: ...\" (the --report-lines format)");
    if (chosen.empty()) chosen = fn;
    if (fn != chosen) continue;
    const std::optional<double> d = report_field(line, "Duration", where);
    if (!d) fail(where, "no \"Duration: ... ms\" field, expected a Lambda REPORT line");
    const std::optional<double> init = report_field(line, "Init Duration", where);
    // Lambda's REPORT line: the request started Init Duration + Duration before the line was written.
    rows.push_back(Row{end_s - (*d + init.value_or(0.0)) / 1000.0, *d, init ? std::int8_t{1} : std::int8_t{0},
                       init.value_or(0.0)});
  }
  if (rows.empty())
    fail(path, function.empty() ? "no REPORT lines" : "no REPORT lines of function \"" + function + "\"");
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.start_s < b.start_s; });
  for (const Row& r : rows) {
    log.arrivals.push_back(sim::Time{std::llround((r.start_s - rows.front().start_s) * 1e6)});
    log.duration_ms.push_back(r.duration_ms);
    log.cold.push_back(r.cold);
    if (r.cold) log.init_ms.push_back(r.init_ms);
  }
  return log;
}

ObservedLog read_aws_csv(const std::string& path) {
  ObservedLog log;
  log.file = path;
  log.format = ObservedLog::Format::AwsLambdaCsv;
  const scenarios::RequestLog r = scenarios::read_request_log_csv(
      path, "client_start_time", scenarios::TimestampUnit::Seconds, "aws_duration", "is_cold");
  log.arrivals = r.offsets;
  log.duration_ms = r.duration_ms;
  log.cold = r.cold;
  // The client-side overhead (client_elapsed_time - aws_duration) holds the cold start's init time; read in the
  // same (arrival) order when the log has the column.
  std::ifstream probe(path);
  std::string header;
  std::getline(probe, header);
  if (header.find("client_elapsed_time") != std::string::npos) {
    const scenarios::RequestLog e = scenarios::read_request_log_csv(
        path, "client_start_time", scenarios::TimestampUnit::Seconds, "client_elapsed_time", "");
    for (std::size_t i = 0; i < e.duration_ms.size() && i < log.duration_ms.size(); ++i)
      log.client_overhead_ms.push_back(e.duration_ms[i] * 1000.0 - log.duration_ms[i]);
  }
  return log;
}

ObservedLog read_metric_data(const std::string& path, const std::string& text) {
  ObservedLog log;
  log.file = path;
  log.format = ObservedLog::Format::CloudWatchMetricData;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("MetricDataResults") || !j["MetricDataResults"].is_array())
    fail(path + ": $.MetricDataResults", "missing, expected GetMetricData output with a MetricDataResults array");
  // Results are told apart by their Id or Label: one holding "invocations", one holding "duration".
  std::map<std::string, double> invocations, duration;
  const nlohmann::json& results = j["MetricDataResults"];
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string p = path + ": $.MetricDataResults[" + std::to_string(i) + "]";
    const nlohmann::json& r = results[i];
    if (!r.is_object() || !r.contains("Timestamps") || !r.contains("Values") || !r["Timestamps"].is_array() ||
        !r["Values"].is_array() || r["Timestamps"].size() != r["Values"].size())
      fail(p, "expected an object with Timestamps and Values arrays of the same length");
    const std::string name = lower(r.value("Id", std::string()) + " " + r.value("Label", std::string()));
    std::map<std::string, double>* into = name.find("invocations") != std::string::npos ? &invocations
                                          : name.find("duration") != std::string::npos  ? &duration
                                                                                        : nullptr;
    if (into == nullptr) continue;
    for (std::size_t k = 0; k < r["Values"].size(); ++k) {
      if (!r["Values"][k].is_number() || !r["Timestamps"][k].is_string())
        fail(p + ".Values[" + std::to_string(k) + "]", "expected a number with an ISO 8601 timestamp");
      (*into)[r["Timestamps"][k].get<std::string>()] = r["Values"][k].get<double>();
    }
  }
  if (invocations.empty() && duration.empty())
    fail(path + ": $.MetricDataResults", "no result whose Id or Label names Invocations or Duration");
  for (const auto& [t, v] : duration) {
    log.period_duration_ms.push_back(v);
    const auto it = invocations.find(t);
    log.period_invocations.push_back(it == invocations.end() ? 1.0 : it->second);
  }
  if (duration.empty())
    for (const auto& [t, v] : invocations) log.period_invocations.push_back(v);
  return log;
}

}  // namespace

std::uint64_t ObservedLog::cold_count() const {
  return static_cast<std::uint64_t>(std::count(cold.begin(), cold.end(), std::int8_t{1}));
}

ObservedLog read_observed_log(const std::string& path, const std::string& function) {
  // Logs may be far larger than a scenario: no size limit beyond the machine's (the memory check is the caller's).
  std::string why;
  const std::optional<std::string> read = scenarios::read_input_text(path, why, UINTMAX_MAX);
  if (!read) fail(path, why);
  const std::string& text = *read;
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) fail(path, "empty file, expected a request log, REPORT lines or GetMetricData JSON");
  if (text[first] == '{') return read_metric_data(path, text);
  if (text.find("REPORT RequestId:") != std::string::npos) {
    std::istringstream lines(text);
    return read_report_lines(path, lines, function);
  }
  return read_aws_csv(path);
}

}  // namespace calibrate
