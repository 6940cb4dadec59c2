#include "loader/input_file.hpp"

#include <fstream>
#include <sstream>

namespace scenarios {

std::optional<std::string> read_input_text(const std::filesystem::path& path, std::string& why,
                                           std::uintmax_t max_bytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) {
    why = "is a folder, expected a file";
    return std::nullopt;
  }
  // Checked before reading, so a huge file is refused without being read into memory.
  if (std::filesystem::is_regular_file(status) && std::filesystem::file_size(path, ec) > max_bytes) {
    why = "larger than " + std::to_string(max_bytes >> 20) + " MB, the limit for an input file";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = "cannot open the file for reading";
    return std::nullopt;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) {
    why = "cannot read the file";
    return std::nullopt;
  }
  return std::move(buf).str();
}

}  // namespace scenarios
