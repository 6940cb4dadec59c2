#include "reports/report_lines.hpp"

#include <fmt/format.h>

namespace reports {

std::string format_report_line(const std::string& request_id, const model::InvocationResult& r,
                               std::uint32_t memory_size_mb, std::uint32_t max_memory_used_mb) {
  // Billed duration: rounded up to the next 1 ms (since Dec 2020).
  std::string line = fmt::format(
      "REPORT RequestId: {}\tDuration: {:.2f} ms\tBilled Duration: {} ms\tMemory Size: {} MB\t"
      "Max Memory Used: {} MB",
      request_id, r.duration.millis(), (r.duration.us + 999) / 1000, memory_size_mb, max_memory_used_mb);
  if (r.cold_start) line += fmt::format("\tInit Duration: {:.2f} ms", r.init_duration.millis());
  if (r.timed_out) line += "\tStatus: timeout";
  return line;
}

ReportLineWriter::ReportLineWriter(std::ostream& out, const sim::Engine& engine, std::uint64_t max_lines)
    : out_(out), engine_(engine), max_lines_(max_lines) {}

void ReportLineWriter::on_invocation_end(const std::string& function, const std::string& request_id,
                                         std::uint32_t memory_size_mb, std::uint32_t max_memory_used_mb,
                                         const model::InvocationResult& result) {
  if (written_ == max_lines_) {
    out_ << "# sqsim: stopped after " << max_lines_ << " lines (--report-lines-max)\n";
    ++written_;
    return;
  }
  if (written_ > max_lines_) return;
  ++written_;
  out_ << fmt::format("{:.6f} {} ", engine_.now().seconds(), function)
       << format_report_line(request_id, result, memory_size_mb, max_memory_used_mb) << '\n';
}

}  // namespace reports
