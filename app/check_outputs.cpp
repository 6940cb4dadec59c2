#include "app/check_outputs.hpp"

#include <fmt/format.h>

#include "reports/html_report.hpp"

namespace app {

namespace {

// XML 1.0 allows no control characters but tab, newline and carriage return; the rest is the reports' HTML escaping
// (attributes here are always in double quotes, so an apostrophe needs none).
std::string xml_escape(const std::string& s) {
  std::string kept;
  for (const char c : s)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') kept += c;
  return reports::html_escape(kept);
}

std::string md_cell(const std::string& s) {
  std::string out;
  for (const char c : s) out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
  return out;
}

bool fails(const CheckLine& l) {
  return l.gates && !l.passed;
}

}  // namespace

std::string check_junit_xml(const std::string& scenario, const std::vector<CheckLine>& lines,
                            const std::vector<std::string>& loss) {
  std::string loss_out;  // loss is always shown when it is not zero, even when no verdict covers it
  for (const std::string& l : loss) loss_out += "\n" + l;
  std::size_t failures = 0, skipped = 0;
  for (const CheckLine& l : lines) {
    failures += fails(l) ? 1 : 0;
    skipped += !l.gates && !l.passed ? 1 : 0;
  }
  std::string cases;
  for (const CheckLine& l : lines) {
    std::string group = l.group;  // "keeps up" -> "keeps_up": class names are dotted identifiers
    for (char& c : group)
      if (c == ' ') c = '_';
    cases += fmt::format("    <testcase classname=\"sqsim.{}\" name=\"{}\"", xml_escape(group), xml_escape(l.name));
    const std::string out = l.group == "accounting" ? l.detail + loss_out : l.detail;
    if (fails(l)) {
      cases +=
          fmt::format(">\n      <failure message=\"{}\">{}</failure>\n", xml_escape(l.detail), xml_escape(l.detail));
      if (out != l.detail) cases += fmt::format("      <system-out>{}</system-out>\n", xml_escape(out));
      cases += "    </testcase>\n";
    } else if (!l.passed) {
      cases += fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n", xml_escape(l.detail));
    } else {
      cases += fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", xml_escape(out));
    }
  }
  const std::string suite = "sqsim check: " + scenario;
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sqsim\" tests=\"{0}\" failures=\"{1}\" "
      "errors=\"0\" skipped=\"{2}\">\n  <testsuite name=\"{3}\" tests=\"{0}\" failures=\"{1}\" errors=\"0\" "
      "skipped=\"{2}\">\n{4}  </testsuite>\n</testsuites>\n",
      lines.size(), failures, skipped, xml_escape(suite), cases);
}

std::string check_markdown(const std::string& scenario, const std::vector<CheckLine>& lines,
                           const std::vector<std::string>& loss) {
  std::size_t failures = 0;
  for (const CheckLine& l : lines) failures += fails(l) ? 1 : 0;
  std::string out = fmt::format("### sqsim check: {} — `{}`\n\n", failures ? "FAIL" : "PASS", md_cell(scenario));
  out += failures ? fmt::format("{} of {} checks failed.\n\n", failures, lines.size())
                  : fmt::format("All {} checks passed.\n\n", lines.size());
  if (!loss.empty()) {
    out += "**Loss by reason:**\n\n";
    for (const std::string& l : loss) out += "- " + md_cell(l) + "\n";
    out += "\n";
  }
  out += "| | check | name | detail |\n|---|---|---|---|\n";
  // Failures first, then the rest in their order: what a reviewer must read is at the top.
  for (const bool want_failed : {true, false})
    for (const CheckLine& l : lines) {
      if (fails(l) != want_failed) continue;
      const char* mark = fails(l) ? "❌" : l.passed ? "✅" : "⚠️";
      out += fmt::format("| {} | {} | {} | {} |\n", mark, md_cell(l.group), md_cell(l.name), md_cell(l.detail));
    }
  return out;
}

}  // namespace app
