// sqsim-gui: the interactive dashboard (Dear ImGui on GLFW + OpenGL 3). `sqsim gui SCENARIO` starts it.
// For CI and demos it can run a script of actions at given frames, stop after a number of frames, save a PNG
// screenshot of the last one, and report the frame rate.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb/stb_image_write.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "gui/app/dashboard.hpp"
#include "loader/input_file.hpp"
#include "loader/scenario_loader.hpp"

namespace {

struct ScriptStep {
  long frame = 0;
  std::string action;
  nlohmann::json value;
};

// {"steps": [{"frame": 10, "do": "play"}, {"frame": 20, "do": "batch_size", "value": 5}, ...]}
std::vector<ScriptStep> load_script(const std::string& file) {
  std::string why;
  const std::optional<std::string> text = scenarios::read_input_text(file, why);
  const nlohmann::json j = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
  if (!text || j.is_discarded() || !j.is_object() || !j.contains("steps") || !j["steps"].is_array())
    throw std::runtime_error(file + ": error: $.steps: expected an array of {\"frame\", \"do\", \"value\"}");
  std::vector<ScriptStep> out;
  for (std::size_t i = 0; i < j["steps"].size(); ++i) {
    const auto& s = j["steps"][i];
    if (!s.is_object() || !s.contains("frame") || !s["frame"].is_number_integer() || !s.contains("do") ||
        !s["do"].is_string())
      throw std::runtime_error(
          fmt::format("{}: error: $.steps[{}]: expected {{\"frame\": integer, \"do\": string}}", file, i));
    out.push_back({s["frame"].get<long>(), s["do"].get<std::string>(), s.value("value", nlohmann::json())});
  }
  return out;
}

void run_step(gui::Dashboard& d, const ScriptStep& s) {
  gui::Session& x = d.session();
  const auto num = [&] { return s.value.get<double>(); };
  const auto u32 = [&] { return static_cast<std::uint32_t>(s.value.get<double>()); };
  static const std::map<std::string, gui::Fault> kFaults = {{"error_rate", gui::Fault::ErrorRate},
                                                            {"bad_deploy", gui::Fault::BadDeploy},
                                                            {"downstream_slowdown", gui::Fault::DownstreamSlowdown},
                                                            {"downstream_outage", gui::Fault::DownstreamOutage},
                                                            {"invocation_delay", gui::Fault::InvocationDelay},
                                                            {"poison_burst", gui::Fault::PoisonBurst},
                                                            {"traffic_spike", gui::Fault::TrafficSpike},
                                                            {"duplicate_submit", gui::Fault::DuplicateSubmit}};
  // Side by side, the left run keeps the clock; the what-if steps act on the run picked with "side".
  if (s.action == "play")
    d.play();
  else if (s.action == "pause")
    d.pause();
  else if (s.action == "step")
    d.clock().step();
  else if (s.action == "speed")
    d.set_speed(num());
  else if (s.action == "run_to")
    d.run_to(num());
  else if (s.action == "restart")
    d.restart(s.value.is_number() ? std::optional<std::uint64_t>(u32()) : std::nullopt);
  else if (const gui::Control* c = gui::find_control(s.action))
    d.change(*c, num());  // through the dashboard: its what-if inputs show the script's value
  else if (s.action == "fault" && kFaults.contains(s.value.get<std::string>()))
    x.trigger(kFaults.at(s.value.get<std::string>()));
  else if (s.action == "export")
    std::cout << "exported " << x.export_to(s.value.get<std::string>()).string() << "\n";
  else if (s.action == "open")
    d.open(s.value.get<std::string>());
  else if (s.action == "exercise")
    d.start_exercise();
  else if (s.action == "hint")
    d.reveal_hint();
  else if (s.action == "check")
    d.check_exercise();
  else if (s.action == "story" && s.value.is_number())
    d.open_story(static_cast<std::uint64_t>(s.value.get<double>()));
  else if (s.action == "story") {
    // The newest event-log line of that kind ("dlq", "returned", "expired") about a message: as if clicked.
    const auto& lines = x.log().lines();
    const std::string kind = s.value.get<std::string>();
    const auto it = std::find_if(lines.rbegin(), lines.rend(),
                                 [&](const gui::LogLine& l) { return l.kind == kind && l.message_id; });
    if (it == lines.rend()) throw std::runtime_error("script: no \"" + kind + "\" line about a message in the log");
    d.open_story(*it->message_id);
  } else if (s.action == "side_by_side")
    d.start_side_by_side(s.value.is_string() ? s.value.get<std::string>() : "");
  else if (s.action == "side")
    d.side(s.value.get<std::string>() == "right");
  else if (s.action == "single")
    d.single();
  else
    throw std::runtime_error("script: unknown action \"" + s.action + "\"");
}

bool save_png(const std::string& file, int w, int h) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL's rows start at the bottom; PNG's at the top.
  std::vector<unsigned char> flipped(pixels.size());
  const std::size_t row = static_cast<std::size_t>(w) * 3;
  for (int y = 0; y < h; ++y)
    std::copy_n(pixels.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(h - 1 - y) * row), row,
                flipped.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(y) * row));
  return stbi_write_png(file.c_str(), w, h, 3, flipped.data(), static_cast<int>(row)) != 0;
}

// The text font, with the characters the dashboard prints beyond ASCII: the event log's dash (—) and arrows (→),
// × for speeds, µs, ≤ and ≥. ImGui's built-in font has ASCII only (they showed as "?").
void load_font(const std::string& file) {
  static constexpr ImWchar kRanges[] = {
      0x0020, 0x00FF,  // Basic Latin and Latin-1 (×, µ, °)
      0x2010, 0x205E,  // General Punctuation (— – … • ‘ ’ “ ”)
      0x2190, 0x21FF,  // Arrows (→)
      0x2200, 0x22FF,  // Mathematical Operators (≤ ≥ −)
      0x25A0, 0x25FF,  // Geometric Shapes (■ ●)
      0,
  };
  if (file.empty() || !std::filesystem::exists(file)) {
    std::cerr << "sqsim-gui: warning: font " << file
              << " not found (apt install fonts-dejavu-core): characters beyond ASCII show as \"?\"\n";
    return;
  }
  ImGui::GetIO().Fonts->AddFontFromFileTTF(file.c_str(), 15.0F, nullptr, kRanges);
}

// A GLFW window with an OpenGL 3.0 context and Dear ImGui on it (nullptr, said on stderr, when there is no display).
GLFWwindow* open_window(int width, int height, bool scripted, const std::string& font) {
  if (glfwInit() == 0) {
    std::cerr << "sqsim-gui: error: cannot initialise GLFW (no display? try xvfb-run)\n";
    return nullptr;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = glfwCreateWindow(width, height, "sqsim dashboard", nullptr, nullptr);
  if (window == nullptr) {
    std::cerr << "sqsim-gui: error: cannot open an OpenGL 3.0 window\n";
    glfwTerminate();
    return nullptr;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(scripted ? 0 : 1);  // scripted runs: no vsync, so the frame rate is what the work allows
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // reproducible layout: no imgui.ini
  ImGui::StyleColorsDark();
  load_font(font);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  return window;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{
      "sqsim-gui: the interactive dashboard. Play, pause, step and change the speed; change batch size, batching "
      "window, MaximumConcurrency, reserved concurrency, memory, visibility timeout and maxReceiveCount while it "
      "runs; trigger GameDay faults; read what happened in the event log and any message's story; work through a "
      "lesson's exercise; compare two runs side by side; export the session as a scenario that `sqsim run` replays "
      "to the same numbers, with an animated session-player.html."};
  std::string scenario, script_file, screenshot, export_dir = "out/gui-session", lessons_file;
  std::string font = SQSIM_GUI_FONT;
  std::optional<std::uint64_t> seed;
  long frames = 0;
  double speed = 60;
  int width = 1600, height = 1200;
  cli.add_option("scenario", scenario, "Scenario file")->required();
  cli.add_option("--seed", seed, "Seed (default: the scenario's)");
  cli.add_option("--speed", speed, "Simulated seconds per second to start with (0: as fast as possible; default 60)");
  cli.add_option("--script", script_file, "JSON {\"steps\": [{\"frame\", \"do\", \"value\"}]} run at those frames");
  cli.add_option("--frames", frames, "Quit after this many frames (0: when the window closes)");
  cli.add_option("--screenshot", screenshot, "Save the last frame as a PNG (with --frames)");
  cli.add_option("--export-dir", export_dir, "Where the Export button writes (default out/gui-session)");
  cli.add_option("--lessons", lessons_file, "Lessons file (default: gui/lessons.json of the source tree)");
  cli.add_option("--font", font, "TTF font for the text (default DejaVu Sans, Debian's fonts-dejavu-core)");
  cli.add_option("--width", width, "Window width (default 1600)");
  cli.add_option("--height", height, "Window height (default 1200)");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  std::unique_ptr<gui::Session> session;
  std::vector<gui::Lesson> lessons;
  std::vector<ScriptStep> script;
  try {
    session = std::make_unique<gui::Session>(scenario, seed);
    session->set_speed(speed);
    const std::filesystem::path root = SQSIM_SOURCE_DIR;
    lessons =
        gui::load_lessons(lessons_file.empty() ? root / "gui/lessons.json" : std::filesystem::path(lessons_file), root);
    if (!script_file.empty()) script = load_script(script_file);
  } catch (const scenarios::ScenarioError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.format() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "sqsim-gui: error: " << e.what() << "\n";
    return 2;
  }

  GLFWwindow* window = open_window(width, height, frames > 0, font);
  if (window == nullptr) return 1;

  gui::Dashboard dashboard(std::move(session), std::move(lessons), export_dir);
  int code = 0;
  long frame = 0;
  std::size_t next_step = 0;
  auto last = std::chrono::steady_clock::now();
  const auto start = last;
  double worst_frame = 0;
  while (glfwWindowShouldClose(window) == 0 && (frames == 0 || frame < frames)) {
    glfwPollEvents();
    while (next_step < script.size() && script[next_step].frame <= frame) {
      try {
        run_step(dashboard, script[next_step]);
      } catch (const std::exception& e) {
        std::cerr << "sqsim-gui: script step " << next_step << ": " << e.what() << "\n";
        code = 1;
      }
      ++next_step;
    }
    const auto now = std::chrono::steady_clock::now();
    const double dt = std::chrono::duration<double>(now - last).count();
    last = now;
    if (frame > 0) worst_frame = std::max(worst_frame, dt);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    dashboard.frame(frames > 0 ? 1.0 / 60 : dt);  // scripted: fixed 60 fps steps, so the script is reproducible
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.08F, 0.09F, 0.11F, 1.0F);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++frame;
    if (frames > 0 && frame == frames && !screenshot.empty() && !save_png(screenshot, w, h)) {
      std::cerr << "sqsim-gui: error: cannot write " << screenshot << "\n";
      code = 1;
    }
    glfwSwapBuffers(window);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << fmt::format(
      "sqsim-gui: {} frames in {:.2f} s: {:.1f} frames/s (slowest frame {:.1f} ms); simulated "
      "{:.1f} s, {} events\n",
      frame, wall, wall > 0 ? static_cast<double>(frame) / wall : 0.0, worst_frame * 1000, dashboard.session().now_s(),
      dashboard.session().simulation().engine().events_processed());
  std::cout << "sqsim-gui: what-if inputs: " << dashboard.inputs_text() << "\n";
  if (!dashboard.verdict_shown().empty())
    std::cout << fmt::format("sqsim-gui: verdict tab: {} (judged {} times)\n", dashboard.verdict_shown(),
                             dashboard.verdicts_judged());
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return code;
}
