#include "loader/trace_files.hpp"

#include "loader/input_file.hpp"

#include <algorithm>
#include <boost/date_time/posix_time/posix_time.hpp>
#include <boost/tokenizer.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace scenarios {

namespace {

using Tokenizer = boost::tokenizer<boost::escaped_list_separator<char>>;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw TraceFileError(where + ": " + what);
}

std::ifstream open(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot open the trace file");
  return in;
}

// A CSV line as fields; quoted fields may hold commas (the AWS logs quote "2,Intel(R) Xeon(R)...").
std::vector<std::string> fields(const std::string& line, const std::string& where) {
  std::string l = line;
  if (!l.empty() && l.back() == '\r') l.pop_back();
  // The tokenizer reads an unclosed quote to the end of the line without complaint; a log line never spans lines.
  std::size_t quotes = 0;
  for (std::size_t i = 0; i < l.size(); ++i) quotes += l[i] == '"' && (i == 0 || l[i - 1] != '\\');
  if (quotes % 2 != 0) fail(where, "malformed CSV (a quote is not closed)");
  try {
    Tokenizer tok(l);
    return {tok.begin(), tok.end()};
  } catch (const boost::escaped_list_error& e) {
    fail(where, std::string("malformed CSV (") + e.what() + ")");
  }
}

std::string where(const std::string& path, std::size_t line) {
  return path + ":" + std::to_string(line);
}

double to_number(const std::string& text, const std::string& at, const std::string& what) {
  std::size_t used = 0;
  double v = 0;
  const std::string t = text.substr(text.find_first_not_of(' ') == std::string::npos ? 0 : text.find_first_not_of(' '));
  try {
    v = std::stod(t, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != t.size() || !std::isfinite(v)) fail(at, "got \"" + text + "\", expected " + what);
  return v;
}

}  // namespace

RequestLog read_request_log_csv(const std::string& path, const std::string& time_column, TimestampUnit unit,
                                const std::string& duration_column, const std::string& cold_column) {
  std::ifstream in = open(path);
  std::string line;
  if (!std::getline(in, line)) fail(path, "empty file, expected a header row");
  const std::vector<std::string> header = fields(line, where(path, 1));
  const auto index_of = [&](const std::string& name) -> std::optional<std::size_t> {
    if (name.empty()) return std::nullopt;
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) fail(where(path, 1), "no column \"" + name + "\" in the header");
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t ct = *index_of(time_column);
  const std::optional<std::size_t> cd = index_of(duration_column), cc = index_of(cold_column);
  struct Row {
    double stamp;
    double duration;
    std::int8_t cold;
  };
  std::vector<Row> rows;
  for (std::size_t n = 2; std::getline(in, line); ++n) {
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string> f = fields(line, where(path, n));
    const std::size_t need = std::max({ct, cd.value_or(0), cc.value_or(0)});
    if (f.size() <= need)
      fail(where(path, n),
           "has " + std::to_string(f.size()) + " fields, expected at least " + std::to_string(need + 1));
    Row row{to_number(f[ct], where(path, n) + " column " + time_column, "an epoch timestamp"), 0.0, 0};
    if (row.stamp < 0) fail(where(path, n) + " column " + time_column, "got " + f[ct] + ", expected a timestamp >= 0");
    if (cd) {
      row.duration = to_number(f[*cd], where(path, n) + " column " + duration_column, "a duration in ms");
      if (row.duration < 0)
        fail(where(path, n) + " column " + duration_column, "got " + f[*cd] + ", expected a duration >= 0 ms");
    }
    if (cc) {
      const std::string& v = f[*cc];
      if (v == "True" || v == "true" || v == "1") {
        row.cold = 1;
      } else if (v == "False" || v == "false" || v == "0") {
        row.cold = 0;
      } else {
        fail(where(path, n) + " column " + cold_column, "got \"" + v + "\", expected True/False, true/false or 1/0");
      }
    }
    rows.push_back(row);
  }
  if (rows.empty()) fail(path, "no data rows");
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.stamp < b.stamp; });
  const double scale = unit == TimestampUnit::Seconds ? 1e6 : 1e3;
  RequestLog out;
  for (const Row& row : rows) {
    out.offsets.push_back(sim::Time{std::llround((row.stamp - rows.front().stamp) * scale)});
    if (cd) out.duration_ms.push_back(row.duration);
    if (cc) out.cold.push_back(row.cold);
  }
  return out;
}

std::vector<double> read_csv_column(const std::string& path, const std::string& column,
                                    const std::vector<std::pair<std::string, std::string>>& only) {
  std::ifstream in = open(path);
  std::string line;
  if (!std::getline(in, line)) fail(path, "empty file, expected a header row");
  const std::vector<std::string> header = fields(line, where(path, 1));
  const auto index_of = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) fail(where(path, 1), "no column \"" + name + "\" in the header");
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t c = index_of(column);
  std::vector<std::pair<std::size_t, std::string>> conditions;
  for (const auto& [name, value] : only) conditions.emplace_back(index_of(name), value);
  std::vector<double> out;
  for (std::size_t n = 2; std::getline(in, line); ++n) {
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string> f = fields(line, where(path, n));
    bool keep = true;
    for (const auto& [i, value] : conditions) keep = keep && i < f.size() && f[i] == value;
    if (!keep) continue;
    if (f.size() <= c)
      fail(where(path, n), "has " + std::to_string(f.size()) + " fields, expected column \"" + column + "\"");
    const double v = to_number(f[c], where(path, n) + " column " + column, "a number");
    if (v < 0) fail(where(path, n) + " column " + column, "got " + f[c] + ", expected a number >= 0");
    out.push_back(v);
  }
  if (out.empty()) fail(path, "no data rows" + std::string(only.empty() ? "" : " match the \"where\" conditions"));
  return out;
}

std::vector<sim::Time> read_request_times_csv(const std::string& path, const std::string& column, TimestampUnit unit) {
  std::ifstream in = open(path);
  std::string line;
  if (!std::getline(in, line)) fail(path, "empty file, expected a header row");
  const std::vector<std::string> header = fields(line, where(path, 1));
  const auto it = std::find(header.begin(), header.end(), column);
  if (it == header.end()) fail(where(path, 1), "no column \"" + column + "\" in the header");
  const auto c = static_cast<std::size_t>(it - header.begin());
  std::vector<double> stamps;
  for (std::size_t n = 2; std::getline(in, line); ++n) {
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string> f = fields(line, where(path, n));
    if (f.size() <= c)
      fail(where(path, n), "has " + std::to_string(f.size()) + " fields, expected column \"" + column + "\"");
    const double v = to_number(f[c], where(path, n) + " column " + column, "an epoch timestamp");
    if (v < 0) fail(where(path, n) + " column " + column, "got " + f[c] + ", expected a timestamp >= 0");
    stamps.push_back(v);
  }
  if (stamps.empty()) fail(path, "no data rows");
  std::sort(stamps.begin(), stamps.end());
  const double scale = unit == TimestampUnit::Seconds ? 1e6 : 1e3;
  std::vector<sim::Time> out;
  out.reserve(stamps.size());
  // Offsets are rounded once from the exact difference, so a replay does not drift with the size of the epoch.
  for (const double s : stamps) out.push_back(sim::Time{std::llround((s - stamps.front()) * scale)});
  return out;
}

std::vector<std::uint64_t> read_azure_counts_csv(const std::string& path, const AzureRowChoice& choice) {
  std::ifstream in = open(path);
  std::string line;
  if (!std::getline(in, line)) fail(path, "empty file, expected the Azure trace header");
  const std::vector<std::string> header = fields(line, where(path, 1));
  // Azure Functions 2019: HashOwner, HashApp, HashFunction, Trigger, then minutes 1..1440.
  if (header.size() < 5 || header[2] != "HashFunction" || header[4] != "1")
    fail(where(path, 1), "expected the Azure Functions trace header (HashOwner,HashApp,HashFunction,Trigger,1,2,...)");
  std::optional<std::vector<std::uint64_t>> found;
  std::size_t matches = 0;
  for (std::size_t n = 2, row = 0; std::getline(in, line); ++n) {
    if (line.empty() || line == "\r") continue;
    const std::size_t this_row = row++;
    const std::vector<std::string> f = fields(line, where(path, n));
    const bool chosen = choice.row ? this_row == *choice.row : f.size() > 2 && f[2].starts_with(choice.function_hash);
    if (!chosen) continue;
    ++matches;
    if (f.size() != header.size())
      fail(where(path, n), "has " + std::to_string(f.size()) + " fields, expected " + std::to_string(header.size()));
    std::vector<std::uint64_t> counts;
    for (std::size_t i = 4; i < f.size(); ++i) {
      const double v = to_number(f[i], where(path, n) + " minute " + header[i], "a count >= 0");
      if (v < 0 || v != std::floor(v))
        fail(where(path, n) + " minute " + header[i], "got " + f[i] + ", expected a count");
      counts.push_back(static_cast<std::uint64_t>(v));
    }
    found = std::move(counts);
  }
  if (choice.row && !found) fail(path, "has no data row " + std::to_string(*choice.row) + " (rows count from 0)");
  if (!choice.row && matches == 0) fail(path, "no row whose HashFunction starts with \"" + choice.function_hash + "\"");
  if (!choice.row && matches > 1)
    fail(path, std::to_string(matches) + " rows' HashFunction start with \"" + choice.function_hash +
                   "\", expected exactly one (give more of the hash)");
  return *found;
}

CountSeries read_cloudwatch_metric_data(const std::string& path, const std::string& id,
                                        std::optional<sim::Time> period) {
  std::string why;
  const std::optional<std::string> text = read_input_text(path, why);
  if (!text) fail(path, why);
  const nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) fail(path, "not valid JSON, expected GetMetricData output");
  if (!j.is_object() || !j.contains("MetricDataResults") || !j["MetricDataResults"].is_array())
    fail(path + ": $.MetricDataResults", "missing, expected GetMetricData output with a MetricDataResults array");
  const nlohmann::json& results = j["MetricDataResults"];
  std::optional<std::size_t> pick;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const nlohmann::json& r = results[i];
    if (!r.is_object()) fail(path + ": $.MetricDataResults[" + std::to_string(i) + "]", "expected an object");
    if (id.empty() || (r.contains("Id") && r["Id"] == id)) {
      if (pick && id.empty())
        fail(path + ": $.MetricDataResults", "holds several results, expected \"id\" to say which one");
      pick = i;
    }
  }
  if (!pick) fail(path + ": $.MetricDataResults", "no result with Id \"" + id + "\"");
  const std::string p = path + ": $.MetricDataResults[" + std::to_string(*pick) + "]";
  const nlohmann::json& r = results[*pick];
  if (!r.contains("Timestamps") || !r["Timestamps"].is_array() || !r.contains("Values") || !r["Values"].is_array())
    fail(p, "expected Timestamps and Values arrays");
  const nlohmann::json& ts = r["Timestamps"];
  const nlohmann::json& vs = r["Values"];
  if (ts.size() != vs.size())
    fail(p, std::to_string(ts.size()) + " Timestamps but " + std::to_string(vs.size()) + " Values, expected as many");
  if (ts.empty()) fail(p + ".Values", "empty, expected datapoints");
  std::map<std::int64_t, double> points;  // epoch seconds -> value, in time order
  const boost::posix_time::ptime epoch(boost::gregorian::date(1970, 1, 1));
  for (std::size_t i = 0; i < ts.size(); ++i) {
    const std::string tp = p + ".Timestamps[" + std::to_string(i) + "]";
    if (!ts[i].is_string()) fail(tp, "expected an ISO 8601 time string");
    std::string t = ts[i].get<std::string>();
    // The CLI prints "2024-01-15T10:00:00+00:00" or "...Z"; CloudWatch returns UTC, so only a zero offset is accepted.
    if (t.ends_with("Z"))
      t.pop_back();
    else if (t.ends_with("+00:00"))
      t.resize(t.size() - 6);
    boost::posix_time::ptime at;
    try {
      at = boost::posix_time::from_iso_extended_string(t);
    } catch (const std::exception&) {
      at = boost::posix_time::not_a_date_time;
    }
    if (at.is_not_a_date_time())
      fail(tp, "got \"" + ts[i].get<std::string>() + "\", expected a UTC time like 2024-01-15T10:00:00Z");
    const double v = vs[i].is_number() ? vs[i].get<double>() : -1;
    if (v < 0) fail(p + ".Values[" + std::to_string(i) + "]", "got " + vs[i].dump() + ", expected a count >= 0");
    if (!points.emplace((at - epoch).total_seconds(), v).second) fail(tp, "repeats a timestamp");
  }
  std::int64_t gap = period ? period->us / 1'000'000 : 0;
  if (!period) {
    for (auto a = points.begin(), b = std::next(a); b != points.end(); ++a, ++b)
      gap = gap == 0 ? b->first - a->first : std::min(gap, b->first - a->first);
    if (gap == 0) gap = 60;  // one datapoint: CloudWatch's standard 1-minute period
  }
  if (gap <= 0) fail(p, "expected a period of at least 1 s");
  CountSeries out{{}, sim::seconds(gap)};
  const std::int64_t first = points.begin()->first;
  for (const auto& [t, v] : points) {
    if ((t - first) % gap != 0)
      fail(p + ".Timestamps",
           "a timestamp is not a whole number of " + std::to_string(gap) + " s periods from the first");
    const auto idx = static_cast<std::size_t>((t - first) / gap);
    out.counts.resize(idx + 1, 0);
    // Sum statistics of counts are whole numbers; anything else (Average, say) is rounded.
    out.counts[idx] = static_cast<std::uint64_t>(std::llround(v));
  }
  return out;
}

}  // namespace scenarios
