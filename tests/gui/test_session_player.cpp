// The exported session as an animated web page: self-contained (no script from the network), with the session's
// samples, log, changes and attempts, and play/pause and a time slider.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "gui/controls.hpp"
#include "gui/session.hpp"
#include "gui/session_player.hpp"
#include "gui_test_support.hpp"

namespace {

using gui_test::kRoot;

TEST(GuiSessionPlayer, AnExportIncludesAnOfflinePlayerWithTheSessionsData) {
  gui::Session s(kRoot + "/scenarios/order-processor.json");
  s.run_to(100);
  gui::apply_control(s, "batch_size", 2);
  s.run_to(900);
  const auto dir = std::filesystem::temp_directory_path() / "sqsim-player-test";
  std::filesystem::remove_all(dir);
  s.export_to(dir);
  std::ifstream in(dir / "session-player.html");
  ASSERT_TRUE(in) << "the export writes session-player.html";
  std::stringstream page;
  page << in.rdbuf();
  const std::string html = page.str();
  EXPECT_EQ(html, gui::session_player_html(s));
  // Offline: no external script, stylesheet or fetch.
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("fetch("), std::string::npos);
  // Play/pause and a scrubber.
  EXPECT_NE(html.find(R"(<button id="play">Play</button>)"), std::string::npos);
  EXPECT_NE(html.find(R"(<input type="range" id="scrub")"), std::string::npos);
  // The embedded data: every sample the dashboard drew, every log line, the change.
  const std::string open = R"(<script type="application/json" id="data">)";
  const auto from = html.find(open) + open.size();
  const auto data = nlohmann::json::parse(html.substr(from, html.find("</script>", from) - from));
  EXPECT_EQ(data["samples"]["t"].size(), s.samples().size());
  EXPECT_EQ(data["samples"]["dlq"].size(), s.samples().size());
  EXPECT_EQ(data["log"].size(), s.log().lines().size());
  ASSERT_EQ(data["changes"].size(), 1U);
  EXPECT_EQ(data["changes"][0][1], "BatchSize 2 on order-processor-queue->order-processor");
  EXPECT_EQ(data["samples"]["visible"].size(), 301U);  // every 3 s (3,600 s / 1,500, rounded up) from 0 to 900 s
  std::filesystem::remove_all(dir);
}

TEST(GuiSessionPlayer, TextThatLooksLikeTheEndOfTheScriptCannotEndIt) {
  // A scenario whose description closes the script element: it stays data.
  std::ifstream in(kRoot + "/scenarios/order-processor.json");
  nlohmann::json doc = nlohmann::json::parse(in);
  doc["description"] = "orders </script><script>alert(1)</script>";
  const auto file = std::filesystem::temp_directory_path() / "sqsim-player-test-script.json";
  std::ofstream(file) << doc.dump();
  gui::Session s(file.string());
  const std::string html = gui::session_player_html(s);
  std::size_t closes = 0;
  for (std::size_t p = html.find("</script>"); p != std::string::npos; p = html.find("</script>", p + 1)) ++closes;
  EXPECT_EQ(closes, 2U);  // only the page's own two script elements
  EXPECT_NE(html.find(R"(orders <\/script><script>alert(1)<\/script>)"), std::string::npos);
  std::filesystem::remove(file);
}

TEST(GuiSessionPlayer, TimeLabelsAreKeptInsideTheChart) {
  // The last time label ("8 min") sat centred on the right edge and was cut off: labels are measured and clamped.
  gui::Session s(kRoot + "/scenarios/order-processor.json");
  s.run_to(60);
  const std::string html = gui::session_player_html(s);
  EXPECT_NE(html.find("g.fillText(lab, Math.min(Math.max(x - tw / 2, L), L + W - tw), h - 3)"), std::string::npos);
  EXPECT_EQ(html.find("x - 12, h - 3"), std::string::npos);
}

}  // namespace
