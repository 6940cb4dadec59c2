// Lambda REPORT log lines, one per invocation, in AWS's format (aws-semantics.md section 9):
//   REPORT RequestId: <id>\tDuration: 555.28 ms\tBilled Duration: 556 ms\tMemory Size: 128 MB\tMax Memory Used: 89 MB\t
//   Init Duration: 210.33 ms   (Init Duration only on cold starts)
// Lines carry the virtual time and the function name in front, so several functions can share a file.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "model/invocation.hpp"
#include "sim/engine.hpp"

namespace reports {

class ReportLineWriter final : public model::FunctionObserver {
 public:
  // Stops writing (and says so once) after max_lines, so a long run cannot fill the disk.
  ReportLineWriter(std::ostream& out, const sim::Engine& engine, std::uint64_t max_lines);
  void on_invocation_end(const std::string& function, const std::string& request_id, std::uint32_t memory_size_mb,
                         std::uint32_t max_memory_used_mb, const model::InvocationResult& result) override;
  [[nodiscard]] std::uint64_t written() const { return written_; }

 private:
  std::ostream& out_;
  const sim::Engine& engine_;
  std::uint64_t max_lines_;
  std::uint64_t written_ = 0;
};

std::string format_report_line(const std::string& request_id, const model::InvocationResult& result,
                               std::uint32_t memory_size_mb, std::uint32_t max_memory_used_mb);

}  // namespace reports
