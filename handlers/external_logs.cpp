#include "handlers/external_logs.hpp"

#include <algorithm>

namespace handlers {

void ExternalLogs::append(const std::string& function, std::string_view bytes) {
  if (dir_.empty() || bytes.empty() || finished_) return;
  auto it = sinks_.find(function);
  if (it == sinks_.end()) {
    it = sinks_.emplace(function, Sink{}).first;
    it->second.out.open(dir_ / file_name(function), std::ios::binary | std::ios::trunc);
    if (!it->second.out) ok_ = false;
  }
  Sink& s = it->second;
  const std::uint64_t room = max_bytes_ > s.written ? max_bytes_ - s.written : 0;
  const std::uint64_t keep = std::min<std::uint64_t>(room, bytes.size());
  if (keep > 0) {
    s.out.write(bytes.data(), static_cast<std::streamsize>(keep));
    s.written += keep;
    if (!s.out) ok_ = false;
  }
  s.dropped += bytes.size() - keep;
}

bool ExternalLogs::finish() {
  if (finished_) return ok_;
  finished_ = true;
  for (auto& [function, s] : sinks_) {
    if (s.dropped > 0)
      s.out << "\n[sqsim: log truncated at " << max_bytes_ << " bytes; " << s.dropped << " more bytes dropped]\n";
    s.out.close();
    if (s.out.fail()) ok_ = false;
  }
  return ok_;
}

}  // namespace handlers
