#include "gui/app/dashboard.hpp"

#include <imgui.h>

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <functional>

#include "gui/app/palette.hpp"
#include "gui/axis.hpp"
#include "gui/controls.hpp"
#include "gui/live_verdict.hpp"

namespace gui {

namespace {

constexpr ImU32 kAxisText = IM_COL32(170, 170, 170, 255);
constexpr ImU32 kGridLine = IM_COL32(55, 58, 66, 255);

struct Series {
  const char* name;
  std::function<float(const Sample&)> value;
  ImU32 colour;
};

// Draws one run's series: at most one point per pixel, so a long run still draws in constant time. Dashed: the
// right-hand run of a side-by-side comparison.
void draw_series(ImDrawList* dl, const std::deque<Sample>& samples, const Series& s, ImVec2 p0, float w, float h,
                 double t0, double span, float y_top, bool dashed) {
  const std::size_t n = samples.size();
  if (n < 2) return;
  const std::size_t stride = std::max<std::size_t>(1, n / static_cast<std::size_t>(w));
  ImVec2 prev{};
  bool first = true;
  int segment = 0;
  for (std::size_t i = 0; i < n; i += stride) {
    const Sample& x = samples[i];
    const ImVec2 p(p0.x + static_cast<float>((x.t - t0) / span) * w,
                   p0.y + h - std::clamp(s.value(x) / y_top, 0.0F, 1.0F) * h);
    if (!first && (!dashed || (segment++ / 3) % 2 == 0)) dl->AddLine(prev, p, s.colour, dashed ? 2.0F : 1.5F);
    prev = p;
    first = false;
  }
}

void legend_box(ImU32 c, const char* label) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  dl->AddRectFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + 10, p.y + 13), c);
  ImGui::Dummy(ImVec2(12, 14));
  ImGui::SameLine();
  ImGui::TextUnformatted(label);
  ImGui::SameLine();
}

// A line chart of one run's samples, or two overlaid (the right one dashed) on one time axis: time ticks in the unit
// that fits, value ticks (whole ones for counts), and a legend with each series' latest value(s).
void line_chart(const char* title, const std::vector<const std::deque<Sample>*>& runs,
                const std::vector<Series>& series, bool counts, float height = 100.0F, bool durations_ms = false) {
  ImGui::TextUnformatted(title);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float left_margin = 52.0F, bottom_margin = 16.0F;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float w = std::max(100.0F, ImGui::GetContentRegionAvail().x - 4.0F - left_margin);
  const ImVec2 p0(origin.x + left_margin, origin.y);
  const ImVec2 p1(p0.x + w, p0.y + height);
  dl->AddRectFilled(p0, p1, IM_COL32(22, 26, 32, 255));
  float y_max = 0.0F;
  double t0 = 1e300, t1 = -1e300;
  for (const auto* samples : runs) {
    if (samples->empty()) continue;
    t0 = std::min(t0, samples->front().t);
    t1 = std::max(t1, samples->back().t);
    for (const Series& s : series)
      for (const Sample& x : *samples) y_max = std::max(y_max, s.value(x));
  }
  // Durations (ms) tick and read in the unit that fits: "4 min", not "240,000".
  const std::vector<Tick> y_ticks = durations_ms ? duration_ticks(static_cast<double>(y_max) * 1.05, 4)
                                                 : value_ticks(static_cast<double>(y_max) * 1.05, counts, 4);
  const auto y_top = static_cast<float>(y_ticks.back().value);
  for (const Tick& t : y_ticks) {
    const float y = p1.y - static_cast<float>(t.value) / y_top * height;
    dl->AddLine(ImVec2(p0.x, y), ImVec2(p1.x, y), kGridLine);
    const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
    dl->AddText(ImVec2(p0.x - size.x - 4, std::clamp(y - size.y / 2, p0.y - 2, p1.y - size.y)), kAxisText,
                t.label.c_str());
  }
  if (t1 > t0) {
    const double span = t1 - t0;
    for (const Tick& t : time_axis(t0, t1, 6).ticks) {
      const float x = p0.x + static_cast<float>((t.value - t0) / span) * w;
      dl->AddLine(ImVec2(x, p0.y), ImVec2(x, p1.y), kGridLine);
      const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
      dl->AddText(ImVec2(std::clamp(x - size.x / 2, p0.x, p1.x - size.x), p1.y + 1), kAxisText, t.label.c_str());
    }
    for (std::size_t r = 0; r < runs.size(); ++r)
      for (const Series& s : series) draw_series(dl, *runs[r], s, p0, w, height, t0, span, y_top, r == 1);
  }
  dl->AddRect(p0, p1, IM_COL32(90, 90, 100, 255));
  ImGui::Dummy(ImVec2(w + left_margin, height + bottom_margin));
  // The legend: a colour box per series with its latest value (left / right side by side).
  for (const Series& s : series) {
    std::string label = s.name;
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const double v = runs[r]->empty() ? 0.0 : static_cast<double>(s.value(runs[r]->back()));
      label += (r == 0 ? " " : " / ") + (durations_ms ? duration_label(v) : fmt::format("{:.4g}", v));
    }
    legend_box(s.colour, label.c_str());
  }
  ImGui::NewLine();
}

ImU32 environment_colour(model::EnvironmentState s) {
  switch (s) {
    case model::EnvironmentState::Initializing:
      return palette::kYellow;
    case model::EnvironmentState::Busy:
      return palette::kBluishGreen;
    case model::EnvironmentState::Idle:
      return palette::kSkyBlue;
    case model::EnvironmentState::Reclaimed:
      return palette::kDim;
  }
  return palette::kGrey;
}

ImU32 poller_colour(model::PollerState s) {
  switch (s) {
    case model::PollerState::Polling:
      return palette::kBlue;
    case model::PollerState::Waiting:
      return palette::kSkyBlue;
    case model::PollerState::Invoking:
      return palette::kBluishGreen;
    case model::PollerState::BackingOff:
      return palette::kVermillion;
    case model::PollerState::Retired:
      return palette::kDim;
  }
  return palette::kGrey;
}

// Okabe-Ito has eight hues for thirteen kinds: the steps (circles) differ in colour among themselves, and so do the
// ends (squares, story_kind_ends); processed and deleted, failed and moved to the DLQ never share a colour.
ImU32 story_colour(StoryKind k) {
  switch (k) {
    case StoryKind::Sent:
      return palette::kSkyBlue;
    case StoryKind::Received:
      return palette::kBlue;
    case StoryKind::Throttled:
      return palette::kOrange;
    case StoryKind::Processed:
      return palette::kBluishGreen;
    case StoryKind::Failed:
      return palette::kVermillion;
    case StoryKind::VisibleAgain:
      return palette::kYellow;
    case StoryKind::Deleted:
      return palette::kGrey;
    case StoryKind::MovedToDlq:
      return palette::kReddishPurple;
    case StoryKind::Expired:
      return palette::kVermillion;
    case StoryKind::Filtered:
      return palette::kOrange;
    case StoryKind::Redriven:
      return palette::kSkyBlue;
    case StoryKind::Purged:
      return palette::kBlue;
    case StoryKind::Refused:
      return palette::kYellow;
  }
  return palette::kGrey;
}

// A story event's marker: a circle for a step, a square for an end.
void story_marker(ImDrawList* dl, ImVec2 c, StoryKind k) {
  if (story_kind_ends(k))
    dl->AddRectFilled(ImVec2(c.x - 5, c.y - 5), ImVec2(c.x + 5, c.y + 5), story_colour(k));
  else
    dl->AddCircleFilled(c, 5.0F, story_colour(k));
}

ImVec4 log_colour(const std::string& kind) {
  if (kind == "dlq" || kind == "error") return palette::text(palette::kVermillion);
  if (kind == "throttled" || kind == "returned") return palette::text(palette::kOrange);
  if (kind == "change") return palette::text(palette::kSkyBlue);
  return palette::text(palette::kGrey);
}

std::string steps_text(const std::vector<AnswerStep>& steps) {
  std::string out;
  for (const AnswerStep& s : steps) {
    const Control* c = find_control(s.control);
    out += fmt::format("{}at {:g} s: {} {:g}", out.empty() ? "" : "; ", s.at_s, c ? c->label : s.control, s.value);
  }
  return out.empty() ? "no change" : out;
}

}  // namespace

Dashboard::Dashboard(std::unique_ptr<Session> session, std::vector<Lesson> lessons, std::filesystem::path export_dir)
    : session_(std::move(session)), lessons_(std::move(lessons)), export_dir_(std::move(export_dir)) {
  seed_input_ = static_cast<int>(session_->seed());
  for (std::size_t i = 0; i < lessons_.size(); ++i)
    if (std::filesystem::weakly_canonical(lessons_[i].file) ==
        std::filesystem::weakly_canonical(session_->scenario_file()))
      lesson_ = static_cast<int>(i);
  sync_inputs();
}

Session& Dashboard::session() {
  if (pair_) return target_right_ ? pair_->right() : pair_->left();
  return *session_;
}

std::vector<const Session*> Dashboard::runs() const {
  if (pair_) return {&pair_->left(), &pair_->right()};
  return {session_.get()};
}

void Dashboard::play() {
  pair_ ? pair_->play() : session_->play();
}

void Dashboard::pause() {
  pair_ ? pair_->pause() : session_->pause();
}

void Dashboard::set_speed(double simulated_per_wall_second) {
  pair_ ? pair_->set_speed(simulated_per_wall_second) : session_->set_speed(simulated_per_wall_second);
}

void Dashboard::run_to(double t_s) {
  if (pair_)
    pair_->run_to(t_s);
  else
    session_->run_to(t_s);
}

const Lesson* Dashboard::current_lesson() const {
  return lesson_ >= 0 ? &lessons_[static_cast<std::size_t>(lesson_)] : nullptr;
}

void Dashboard::open(const std::string& scenario_file) {
  const double speed = session().speed();
  pair_.reset();
  coach_.reset();
  verdict_.reset();
  story_.reset();
  session_ = std::make_unique<Session>(scenario_file);
  session_->set_speed(speed);
  seed_input_ = static_cast<int>(session_->seed());
  lesson_ = -1;
  for (std::size_t i = 0; i < lessons_.size(); ++i)
    if (std::filesystem::weakly_canonical(lessons_[i].file) == std::filesystem::weakly_canonical(scenario_file))
      lesson_ = static_cast<int>(i);
  sync_inputs();
  status_ = "opened " + scenario_file;
}

void Dashboard::start_exercise() {
  const Lesson* l = current_lesson();
  if (!l || !l->exercise) {
    status_ = "this scenario has no exercise: pick a lesson";
    return;
  }
  const double speed = session().speed();
  pair_.reset();
  story_.reset();
  verdict_.reset();
  coach_ = std::make_unique<Coach>(*l->exercise);
  session_ = coach_->open(l->file.string());
  session_->set_speed(speed);
  seed_input_ = static_cast<int>(session_->seed());
  sync_inputs();
  status_ = "exercise started: " + l->title;
}

void Dashboard::reveal_hint() {
  if (coach_) coach_->reveal_hint();
}

void Dashboard::check_exercise() {
  if (!coach_ || !session_) return;
  verdict_ = coach_->check(*session_);
}

void Dashboard::open_story(std::uint64_t message_id) {
  try {
    story_ = tell_story(session(), message_id);
    story_open_ = true;
  } catch (const std::exception& e) {
    status_ = e.what();
  }
}

void Dashboard::start_side_by_side(const std::string& scenario_file) {
  Session& current = session();
  const std::string right_file = scenario_file.empty() ? current.scenario_file() : scenario_file;
  auto right = std::make_unique<Session>(right_file, current.seed());
  if (current.now_s() > 0) right->run_to(current.now_s());
  const std::string left_label = std::filesystem::path(current.scenario_file()).stem().string();
  std::string right_label = std::filesystem::path(right_file).stem().string();
  if (right_label == left_label) right_label += " (changed)";
  std::unique_ptr<Session> left = pair_ ? nullptr : std::move(session_);
  if (!left) {
    status_ = "already side by side";
    return;
  }
  show_counters_ = true;  // side by side, the counters' differences are the point
  coach_.reset();
  verdict_.reset();
  pair_ = std::make_unique<SideBySide>(std::move(left), left_label, std::move(right), right_label);
  target_right_ = true;  // the usual next step: change the right-hand run
  sync_inputs();
}

void Dashboard::side(bool right) {
  target_right_ = right && pair_ != nullptr;
  sync_inputs();
}

void Dashboard::single() {
  if (!pair_) return;
  session_ = pair_->release_left();
  pair_.reset();
  target_right_ = false;
  sync_inputs();
}

void Dashboard::sync_inputs() {
  // Each control shows its setting as it is now on the selected mapping, its queue or its function.
  what_if_.assign(gui::controls().size(), 0.0);
  for (std::size_t i = 0; i < gui::controls().size(); ++i)
    if (const auto v = session().current(gui::controls()[i])) what_if_[i] = *v;
}

void Dashboard::change(const Control& c, double value) {
  session().change(c, value);
  for (std::size_t i = 0; i < gui::controls().size() && i < what_if_.size(); ++i)
    if (&gui::controls()[i] == &c) what_if_[i] = value;
}

void Dashboard::restart(std::optional<std::uint64_t> seed) {
  session().restart(seed);
  sync_inputs();
}

std::string Dashboard::inputs_text() const {
  std::string out;
  for (std::size_t i = 0; i < gui::controls().size() && i < what_if_.size(); ++i)
    out += fmt::format("{}{} {:g}", out.empty() ? "" : ", ", gui::controls()[i].label, what_if_[i]);
  return out;
}

void Dashboard::frame(double wall_dt_s) {
  wall_time_ += wall_dt_s;
  // The simulation gets most of a 60 fps frame; drawing gets the rest.
  if (pair_)
    pair_->advance(wall_dt_s, 0.010);
  else
    session_->advance(wall_dt_s, 0.010);
  controls();
  charts();
  environments();
  pollers_and_flow();
  if (coach_)
    exercise_window();
  else
    counters();
  event_log();
  story_window();
}

void Dashboard::controls() {
  ImGui::SetNextWindowPos(ImVec2(8, 8), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(420, 980), ImGuiCond_FirstUseEver);
  ImGui::Begin("sqsim: controls");
  // session() afresh for each panel: a lesson opened or a side-by-side started in one replaces the run.
  playback_panel(session());
  lessons_panel();
  side_by_side_panel();
  what_if_panel(session());
  faults_panel(session());
  session_panel(session());
  if (!status_.empty()) ImGui::TextWrapped("%s", status_.c_str());
  ImGui::End();
}

// Play, pause, step, restart with a seed, speed. Side by side, the left run keeps the clock: these act on it.
void Dashboard::playback_panel(Session& s) {
  Session& clock = this->clock();
  const bool playing = pair_ ? pair_->playing() : s.playing();
  const model::Simulation& sim = s.simulation();
  ImGui::TextWrapped("%s", sim.spec().description.empty() ? sim.spec().name.c_str() : sim.spec().description.c_str());
  ImGui::Text("t = %.1f s of %.0f s   seed %llu   %s", s.now_s(), sim.spec().duration.seconds(),
              static_cast<unsigned long long>(s.seed()), s.finished() ? "finished" : (playing ? "running" : "paused"));
  ImGui::Text("%llu events", static_cast<unsigned long long>(sim.engine().events_processed()));
  if (ImGui::Button(playing ? "Pause" : "Play")) playing ? pause() : play();
  ImGui::SameLine();
  if (ImGui::Button("Step")) clock.step();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  ImGui::InputInt("##seed", &seed_input_);
  ImGui::SameLine();
  if (ImGui::Button("Restart with seed")) {
    if (pair_) {
      pair_->restart();
    } else {
      s.restart(static_cast<std::uint64_t>(std::max(0, seed_input_)));
      verdict_.reset();
    }
    sync_inputs();
  }
  // The controls show the session's speed (a script may have set it) and change it only when touched.
  max_speed_ = clock.speed() == 0;
  if (!max_speed_) speed_log10_ = static_cast<float>(std::log10(clock.speed()));
  bool changed = ImGui::Checkbox("as fast as possible", &max_speed_);
  if (!max_speed_) {
    changed = ImGui::SliderFloat("speed (log10 x)", &speed_log10_, 0.0F, 4.0F, "%.2f") || changed;
    ImGui::SameLine();
    ImGui::Text("%.0f×", std::pow(10.0, static_cast<double>(speed_log10_)));
  }
  if (changed) set_speed(max_speed_ ? 0.0 : std::pow(10.0, static_cast<double>(speed_log10_)));
}

void Dashboard::lessons_panel() {
  if (ImGui::CollapsingHeader("Lessons", ImGuiTreeNodeFlags_DefaultOpen)) {
    const Lesson* l = current_lesson();
    if (ImGui::BeginCombo("scenario", l ? l->title.c_str() : "(pick a scenario)")) {
      for (std::size_t i = 0; i < lessons_.size(); ++i)
        if (ImGui::Selectable(lessons_[i].title.c_str(), static_cast<int>(i) == lesson_))
          open(lessons_[i].file.string());
      ImGui::EndCombo();
    }
    if (l) {
      ImGui::TextWrapped("Watch: %s", l->watch.c_str());
      if (l->exercise && !coach_ && ImGui::Button("Start the exercise")) start_exercise();
    }
  }
}

void Dashboard::side_by_side_panel() {
  if (ImGui::CollapsingHeader("Side by side", ImGuiTreeNodeFlags_DefaultOpen)) {
    if (!pair_) {
      const char* with = compare_with_ >= 0 ? lessons_[static_cast<std::size_t>(compare_with_)].title.c_str()
                                            : "the same scenario (change it on the right)";
      if (ImGui::BeginCombo("compare with", with)) {
        if (ImGui::Selectable("the same scenario (change it on the right)", compare_with_ < 0)) compare_with_ = -1;
        for (std::size_t i = 0; i < lessons_.size(); ++i)
          if (ImGui::Selectable(lessons_[i].title.c_str(), static_cast<int>(i) == compare_with_))
            compare_with_ = static_cast<int>(i);
        ImGui::EndCombo();
      }
      if (ImGui::Button("Compare side by side"))
        start_side_by_side(compare_with_ >= 0 ? lessons_[static_cast<std::size_t>(compare_with_)].file.string() : "");
    } else {
      ImGui::Text("left (solid): %s", pair_->left_label().c_str());
      ImGui::Text("right (dashed): %s", pair_->right_label().c_str());
      ImGui::TextUnformatted("What if acts on:");
      ImGui::SameLine();
      if (ImGui::RadioButton("left", !target_right_)) side(false);
      ImGui::SameLine();
      if (ImGui::RadioButton("right", target_right_)) side(true);
      if (ImGui::Button("Back to one run (keep the left)")) single();
    }
  }
}

void Dashboard::what_if_panel(Session& s) {
  if (ImGui::CollapsingHeader("What if (applies now)", ImGuiTreeNodeFlags_DefaultOpen)) {
    const model::Simulation& simc = s.simulation();
    if (simc.event_source_mappings().size() > 1) {
      int sel = static_cast<int>(s.selected_mapping());
      std::string names;
      for (const auto& m : simc.event_source_mappings()) names += m->spec().queue + " -> " + m->spec().function + '\0';
      if (ImGui::Combo("mapping", &sel, names.c_str())) {
        s.select_mapping(static_cast<std::size_t>(sel));
        sync_inputs();
      }
    }
    if (coach_)
      ImGui::TextWrapped("This exercise lets you change %s.", control_labels(coach_->exercise().controls).c_str());
    // Each control's input with its Apply button (counts as integers); in an exercise, the controls it does not
    // allow are greyed out.
    for (std::size_t i = 0; i < gui::controls().size() && i < what_if_.size(); ++i) {
      const Control& c = gui::controls()[i];
      ImGui::BeginDisabled(coach_ && !coach_->allows(c.name));
      // Apply first: a long label (MaximumBatchingWindowInSeconds) then cannot push the button out of the panel.
      if (ImGui::Button(("Apply##" + c.name).c_str())) {
        try {
          s.change(c, what_if_[i]);
          status_.clear();
        } catch (const std::exception& e) {
          status_ = e.what();
        }
      }
      ImGui::SameLine();
      ImGui::SetNextItemWidth(120);
      const std::string label = c.unit.empty() ? c.label : c.label + " (" + c.unit + ")";
      if (c.whole()) {
        int v = static_cast<int>(what_if_[i]);
        if (ImGui::InputInt(label.c_str(), &v)) what_if_[i] = std::max(0, v);
      } else {
        ImGui::InputDouble(label.c_str(), &what_if_[i], 1.0, 10.0, "%.1f");
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(c.action->summary).c_str());  // the action table
      ImGui::EndDisabled();
    }
  }
}

void Dashboard::faults_panel(Session& s) {
  if (ImGui::CollapsingHeader("GameDay faults", coach_ ? 0 : ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::BeginDisabled(coach_ != nullptr);  // an exercise is judged on its own controls
    int i = 0;
    for (const Fault f : {Fault::ErrorRate, Fault::BadDeploy, Fault::DownstreamSlowdown, Fault::DownstreamOutage,
                          Fault::InvocationDelay, Fault::PoisonBurst, Fault::TrafficSpike, Fault::DuplicateSubmit}) {
      if (i++ % 2 == 1) ImGui::SameLine();
      if (ImGui::Button(fault_label(f), ImVec2(195, 0))) {
        try {
          s.trigger(f);
        } catch (const std::exception& e) {
          status_ = e.what();
        }
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", fault_summary(f).c_str());  // from the action table
    }
    ImGui::EndDisabled();
  }
}

void Dashboard::session_panel(Session& s) {
  if (ImGui::CollapsingHeader("Session", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::Text("%zu changes", s.changes().size());
    if (ImGui::Button("Export scenario + timeline")) {
      try {
        const auto p = s.export_to(export_dir_);
        status_ = "wrote " + p.string() + " and session-player.html (replay: sqsim run " + p.string() + ")";
      } catch (const std::exception& e) {
        status_ = e.what();
      }
    }
    for (const Change& c : s.changes()) ImGui::BulletText("%.1f s: %s", c.at_s, c.description.c_str());
  }
}

void Dashboard::exercise_window() {
  ImGui::SetNextWindowPos(ImVec2(1144, 654), ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(ImVec2(448, 334), ImGuiCond_Appearing);
  ImGui::Begin("Exercise");
  const Exercise& e = coach_->exercise();
  const auto coloured = [](ImU32 c, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette::text(c));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
  };
  ImGui::TextWrapped("%s", e.task.c_str());
  // The buttons and the verdict first: after a check, the verdict is what the learner came for.
  if (!coach_->answer_unlocked()) {
    if (ImGui::Button(fmt::format("Hint ({} of {})", coach_->hints_shown() + 1, e.hints.size()).c_str())) reveal_hint();
    ImGui::SameLine();
  }
  if (ImGui::Button("Check my answer (runs to the end)")) check_exercise();
  ImGui::SameLine();
  if (ImGui::Button("Try again")) {
    session_->restart(session_->seed());
    verdict_.reset();
    sync_inputs();
  }
  if (verdict_) {
    coloured(verdict_->passed ? palette::kBluishGreen : palette::kVermillion,
             verdict_->passed ? "Goal met." : "Not yet.");
    for (const GoalPart& p : verdict_->parts)
      coloured(p.passed ? palette::kBluishGreen : palette::kVermillion,
               fmt::format("{} {}: {}", p.passed ? "met:" : "FAILED:", p.name, p.detail));
    for (const std::string& r : verdict_->rule_breaks) coloured(palette::kVermillion, r);
  }
  ImGui::Separator();
  ImGui::TextUnformatted("Goal (judged over the whole run):");
  for (const auto& part : e.goal) ImGui::BulletText("%s", part.value("name", "").c_str());
  ImGui::TextWrapped("You may change: %s.", control_labels(e.controls).c_str());
  for (const Requirement& r : e.require) ImGui::TextWrapped("Required: %s.", r.describe().c_str());
  for (std::size_t i = 0; i < coach_->hints_shown(); ++i)
    coloured(palette::kSkyBlue, fmt::format("Hint {}: {}", i + 1, e.hints[i]));
  if (coach_->answer_unlocked()) coloured(palette::kSkyBlue, "A worked answer: " + steps_text(e.answer) + ".");
  // The common mistake and why it fails (its figures pinned by tests/gui), after a failed check or with the answer.
  if (coach_->answer_unlocked() || (verdict_ && !verdict_->passed))
    coloured(palette::kSkyBlue, "A common mistake: " + steps_text(e.mistake) + ". " + e.mistake_why);
  for (std::size_t i = 0; i < session_->attempts().size(); ++i) {
    const Attempt& a = session_->attempts()[i];
    std::string changes;
    for (const Change& c : a.changes) changes += (changes.empty() ? "" : "; ") + c.description;
    ImGui::TextWrapped("Attempt %zu: %s (%s)", i + 1, a.passed ? "goal met" : "not yet",
                       changes.empty() ? "no change" : changes.c_str());
  }
  // The run as it stands, judged live (the Verdict tab's lines; the exercise window takes the counters' place).
  if (ImGui::CollapsingHeader("Verdict of the run so far")) verdict_panel();
  ImGui::End();
}

void Dashboard::charts() {
  ImGui::SetNextWindowPos(ImVec2(436, 8), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(700, 980), ImGuiCond_FirstUseEver);
  ImGui::Begin("Charts");
  std::vector<const std::deque<Sample>*> x;
  for (const Session* r : runs()) x.push_back(&r->samples());
  if (pair_) ImGui::Text("solid: %s    dashed: %s", pair_->left_label().c_str(), pair_->right_label().c_str());
  using palette::kBlue, palette::kOrange, palette::kVermillion, palette::kSkyBlue, palette::kBluishGreen,
      palette::kYellow, palette::kReddishPurple;
  line_chart("Queue: ApproximateNumberOfMessagesVisible / NotVisible, DLQ (messages)", x,
             {{"visible", [](const Sample& s) { return s.visible; }, kSkyBlue},
              {"in flight", [](const Sample& s) { return s.in_flight; }, kOrange},
              {"DLQ", [](const Sample& s) { return s.dlq; }, kVermillion}},
             true);
  line_chart("ApproximateAgeOfOldestMessage (s, per CloudWatch period)", x,
             {{"age s", [](const Sample& s) { return s.oldest_age_s; }, kReddishPurple}}, false);
  line_chart("ConcurrentExecutions against the limit; pollers", x,
             {{"concurrency", [](const Sample& s) { return s.concurrency; }, kBluishGreen},
              {"limit", [](const Sample& s) { return s.concurrency_limit; }, kVermillion},
              {"pollers", [](const Sample& s) { return s.pollers; }, kBlue}},
             true);
  line_chart("Throttles, Errors, cold starts (per s)", x,
             {{"throttles", [](const Sample& s) { return s.throttles_per_s; }, kVermillion},
              {"errors", [](const Sample& s) { return s.errors_per_s; }, kOrange},
              {"cold starts", [](const Sample& s) { return s.cold_starts_per_s; }, kYellow}},
             false);
  line_chart("End-to-end latency of messages deleted in each interval", x,
             {{"p50", [](const Sample& s) { return s.p50_ms; }, kBluishGreen},
              {"p99", [](const Sample& s) { return s.p99_ms; }, kVermillion}},
             false, 100.0F, true);
  line_chart("Received and deleted (per s)", x,
             {{"received", [](const Sample& s) { return s.received_per_s; }, kSkyBlue},
              {"deleted", [](const Sample& s) { return s.deleted_per_s; }, kBluishGreen}},
             false);
  ImGui::End();
}

void Dashboard::environments() {
  ImGui::SetNextWindowPos(ImVec2(1144, 8), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(448, 330), ImGuiCond_FirstUseEver);
  ImGui::Begin("Execution environments");
  for (const Session* run : runs()) {
    if (pair_)
      ImGui::TextUnformatted(run == &pair_->left() ? pair_->left_label().c_str() : pair_->right_label().c_str());
    for (std::size_t fi = 0; fi < run->simulation().functions().size(); ++fi) {
      const auto& f = *run->simulation().functions()[fi];
      const EnvironmentCounts c = run->environment_counts(fi);
      ImGui::Text("%s: %u initialising, %u busy, %u idle, %u reclaimed (limit %u)", f.name().c_str(), c.initializing,
                  c.busy, c.idle, c.reclaimed, f.concurrency_limit());
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const ImVec2 p0 = ImGui::GetCursorScreenPos();
      const float avail = std::max(50.0F, ImGui::GetContentRegionAvail().x);
      const auto& envs = f.environments();
      // Cells shrink as environments multiply: 1,000 fit in the window.
      const float cell = envs.size() > 400 ? 7.0F : envs.size() > 100 ? 10.0F : 14.0F;
      const int per_row = std::max(1, static_cast<int>(avail / cell));
      for (std::size_t i = 0; i < envs.size(); ++i) {
        const float x = p0.x + static_cast<float>(static_cast<int>(i) % per_row) * cell;
        const float y = p0.y + static_cast<float>(static_cast<int>(i) / per_row) * cell;
        dl->AddRectFilled(ImVec2(x, y), ImVec2(x + cell - 1, y + cell - 1), environment_colour(envs[i].state));
      }
      const int rows = (static_cast<int>(envs.size()) + per_row - 1) / per_row;
      ImGui::Dummy(ImVec2(avail, static_cast<float>(rows) * cell + 4));
    }
  }
  legend_box(environment_colour(model::EnvironmentState::Initializing), "initialising");
  legend_box(environment_colour(model::EnvironmentState::Busy), "busy");
  legend_box(environment_colour(model::EnvironmentState::Idle), "idle");
  legend_box(environment_colour(model::EnvironmentState::Reclaimed), "reclaimed");
  ImGui::NewLine();
  ImGui::End();
}

void Dashboard::pollers_and_flow() {
  ImGui::SetNextWindowPos(ImVec2(1144, 346), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(448, 300), ImGuiCond_FirstUseEver);
  ImGui::Begin("Pollers and batches");
  Session& s = session();
  const model::Simulation& sim = s.simulation();
  const Sample last = s.samples().empty() ? Sample{} : s.samples().back();
  std::optional<std::uint64_t> clicked;
  for (const auto& mp : sim.event_source_mappings()) {
    const model::EventSourceMapping& m = *mp;
    ImGui::Text("%s → %s: %u pollers (target %u, cap %u), %llu records held", m.spec().queue.c_str(),
                m.spec().function.c_str(), m.active_pollers(), m.target_concurrency(), m.concurrency_cap(),
                static_cast<unsigned long long>(m.records_held()));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float avail = std::max(50.0F, ImGui::GetContentRegionAvail().x);
    const float cell = 12.0F;
    const int per_row = std::max(1, static_cast<int>(avail / cell));
    const float batch = static_cast<float>(std::max<std::uint32_t>(1, m.spec().batch_size));
    int drawn = 0;
    for (std::size_t i = 0; i < m.poller_count(); ++i) {
      if (m.poller_state(i) == model::PollerState::Retired) continue;
      const float x = p0.x + static_cast<float>(drawn % per_row) * cell;
      const float y = p0.y + static_cast<float>(drawn / per_row) * cell;
      dl->AddRectFilled(ImVec2(x, y), ImVec2(x + cell - 1, y + cell - 1), poller_colour(m.poller_state(i)));
      // The batch it holds, as a white bar filling the cell.
      const float fill = std::min(1.0F, static_cast<float>(m.poller_batch_size(i)) / batch);
      if (fill > 0)
        dl->AddRectFilled(ImVec2(x + 2, y + cell - 4), ImVec2(x + 2 + fill * (cell - 5), y + cell - 2),
                          IM_COL32(255, 255, 255, 220));
      // A click on a poller holding records opens the story of the first one.
      if (m.poller_batch_size(i) > 0 && ImGui::IsMouseHoveringRect(ImVec2(x, y), ImVec2(x + cell, y + cell))) {
        ImGui::SetTooltip("poller %zu: %zu records — click for the first one's story", i, m.poller_batch_size(i));
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) clicked = m.queue().message(m.poller_batch(i).front()).id;
      }
      ++drawn;
    }
    ImGui::Dummy(ImVec2(avail, static_cast<float>((drawn + per_row - 1) / per_row) * cell + 4));
  }
  legend_box(poller_colour(model::PollerState::Polling), "polling");
  legend_box(poller_colour(model::PollerState::Waiting), "batching");
  legend_box(poller_colour(model::PollerState::Invoking), "invoking");
  legend_box(poller_colour(model::PollerState::BackingOff), "backing off");
  ImGui::NewLine();

  // The flow: queue → pollers → function → deleted / DLQ, dots moving at the current rates.
  ImGui::Separator();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float w = std::max(300.0F, ImGui::GetContentRegionAvail().x);
  const float bw = 90, bh = 40;
  const ImVec2 q(o.x, o.y + 30), e(o.x + (w - bw) * 0.33F, o.y + 30), f(o.x + (w - bw) * 0.66F, o.y + 30);
  const ImVec2 del(o.x + w - bw, o.y), dlq(o.x + w - bw, o.y + 64);
  const auto box = [&](ImVec2 p, ImU32 c, const std::string& a, const std::string& b) {
    dl->AddRectFilled(p, ImVec2(p.x + bw, p.y + bh), c, 4);
    dl->AddText(ImVec2(p.x + 4, p.y + 4), IM_COL32(255, 255, 255, 255), a.c_str());
    dl->AddText(ImVec2(p.x + 4, p.y + 20), IM_COL32(240, 240, 240, 255), b.c_str());
  };
  const auto arrow = [&](ImVec2 a, ImVec2 b, float rate) {
    dl->AddLine(a, b, IM_COL32(150, 150, 150, 255), 1.5F);
    // Dots spaced by the rate: more traffic, more dots; they move with wall time.
    const int dots = std::clamp(static_cast<int>(std::log10(1.0F + rate) * 3.0F), rate > 0 ? 1 : 0, 8);
    for (int k = 0; k < dots; ++k) {
      const float t = static_cast<float>(std::fmod(wall_time_ * 0.6 + static_cast<double>(k) / dots, 1.0));
      dl->AddCircleFilled(ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t), 3.0F, palette::kYellow);
    }
  };
  box(q, palette::kBlue, "queue", fmt::format("{:.0f} vis", last.visible));
  box(e, IM_COL32(20, 90, 130, 255), "pollers", fmt::format("{:.0f} held", last.in_flight));
  box(f, IM_COL32(0, 110, 80, 255), "function", fmt::format("{:.0f} busy", last.concurrency));
  box(del, IM_COL32(60, 60, 70, 255), "deleted", fmt::format("{:.0f}/s", last.deleted_per_s));
  box(dlq, IM_COL32(160, 70, 0, 255), "DLQ", fmt::format("{:.0f}", last.dlq));
  arrow(ImVec2(q.x + bw, q.y + bh / 2), ImVec2(e.x, e.y + bh / 2), last.received_per_s);
  arrow(ImVec2(e.x + bw, e.y + bh / 2), ImVec2(f.x, f.y + bh / 2), last.received_per_s);
  arrow(ImVec2(f.x + bw, f.y + bh / 2), ImVec2(del.x, del.y + bh / 2), last.deleted_per_s);
  arrow(ImVec2(f.x + bw, f.y + bh / 2), ImVec2(dlq.x, dlq.y + bh / 2),
        s.samples().size() >= 2 ? std::max(0.0F, last.dlq - s.samples()[s.samples().size() - 2].dlq) : 0.0F);
  // A click on the queue lists the messages sent to it most recently; each opens its story.
  if (ImGui::IsMouseHoveringRect(q, ImVec2(q.x + bw, q.y + bh))) {
    ImGui::SetTooltip("click: the newest messages sent to the queue, and their stories");
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) ImGui::OpenPopup("recent messages");
  }
  if (ImGui::BeginPopup("recent messages")) {
    for (const auto& mp : sim.event_source_mappings()) {
      ImGui::TextUnformatted(mp->spec().queue.c_str());
      const auto& ids = s.log().recent_messages(mp->spec().queue);
      for (auto it = ids.rbegin(); it != ids.rend(); ++it)
        if (ImGui::Selectable(fmt::format("message {}", *it).c_str())) clicked = *it;
    }
    ImGui::EndPopup();
  }
  ImGui::Dummy(ImVec2(w, 110));
  ImGui::End();
  if (clicked) open_story(*clicked);
}

void Dashboard::counters() {
  ImGui::SetNextWindowPos(ImVec2(1144, 654), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(448, 334), ImGuiCond_FirstUseEver);
  ImGui::Begin("Verdict and counters");
  if (!ImGui::BeginTabBar("verdict-counters")) {
    ImGui::End();
    return;
  }
  // The verdict first: it is what a run is for (issue 15: the one judgement, shown by every output).
  if (ImGui::BeginTabItem("Verdict")) {
    verdict_panel();
    ImGui::EndTabItem();
  }
  const ImGuiTabItemFlags pick = show_counters_ ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
  show_counters_ = false;
  if (ImGui::BeginTabItem("Counters (AWS metric names)", nullptr, pick)) {
    counter_table();
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
  ImGui::End();
}

// The live run's judgement (gui/live_verdict: judge::judge, redone once per chart sample), per run side by side.
void Dashboard::verdict_panel() {
  const std::vector<const Session*> all = runs();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all.size() > 1) {
      if (i > 0) ImGui::Separator();
      ImGui::TextUnformatted(i == 0 ? "Left run:" : "Right run:");
    }
    const judge::Judgement& j = live_[i].of(*all[i]);
    const std::vector<VerdictLine> lines = verdict_lines(j);
    if (i == 0) verdict_shown_ = lines.front().text;
    for (const VerdictLine& l : lines) {
      const ImU32 c = l.state == VerdictLine::State::Pass   ? palette::kBluishGreen
                      : l.state == VerdictLine::State::Info ? palette::kGrey
                                                            : palette::kVermillion;
      ImGui::PushStyleColor(ImGuiCol_Text, palette::text(c));
      ImGui::TextWrapped("%s", l.text.c_str());
      ImGui::PopStyleColor();
    }
  }
}

void Dashboard::counter_table() {
  // Columns as wide as their longest entry, scrolled sideways when the window is narrower: an AWS metric name
  // (ApproximateNumberOfMessagesNotVisible) is never cut off.
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_Borders;
  if (pair_) {
    // Side by side: both values, the rows that differ highlighted.
    if (ImGui::BeginTable("counters", 4, flags)) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn("resource", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("metric", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("left", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("right", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableHeadersRow();
      for (const CounterDifference& c : pair_->counter_differences()) {
        ImGui::TableNextRow();
        if (c.differs()) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(110, 70, 0, 200));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.resource.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.metric.c_str());
        ImGui::TableNextColumn();
        c.in_left ? ImGui::Text("%.0f", c.left) : ImGui::TextUnformatted("—");
        ImGui::TableNextColumn();
        c.in_right ? ImGui::Text("%.0f", c.right) : ImGui::TextUnformatted("—");
      }
      ImGui::EndTable();
    }
    return;
  }
  if (ImGui::BeginTable("counters", 3, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("resource", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("metric", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (const Counter& c : session_->counters()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.resource.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.metric.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.0f", c.value);
    }
    ImGui::EndTable();
  }
}

void Dashboard::event_log() {
  ImGui::SetNextWindowPos(ImVec2(8, 996), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(1584, 190), ImGuiCond_FirstUseEver);
  ImGui::Begin("Event log");
  Session& s = session();
  ImGui::Checkbox("follow", &follow_log_);
  ImGui::SameLine();
  ImGui::Text(
      "(%llu similar lines left out: at most 3 of a kind per simulated second; click a message's line for "
      "its story)",
      static_cast<unsigned long long>(s.log().suppressed()));
  ImGui::BeginChild("lines");
  const auto& lines = s.log().lines();
  std::optional<std::uint64_t> clicked;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(lines.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const LogLine& l = lines[static_cast<std::size_t>(i)];
      ImGui::PushStyleColor(ImGuiCol_Text, log_colour(l.kind));
      const std::string text = fmt::format("{:9.3f} s  {}##{}", l.t, l.text, i);
      if (l.message_id) {
        if (ImGui::Selectable(text.c_str(), story_ && story_->message_id == *l.message_id)) clicked = *l.message_id;
      } else {
        ImGui::TextUnformatted(text.substr(0, text.rfind("##")).c_str());
      }
      ImGui::PopStyleColor();
    }
  }
  if (follow_log_) ImGui::SetScrollHereY(1.0F);
  ImGui::EndChild();
  ImGui::End();
  if (clicked) open_story(*clicked);
}

void Dashboard::story_window() {
  if (!story_ || !story_open_) return;
  ImGui::SetNextWindowPos(ImVec2(446, 560), ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(ImVec2(680, 420), ImGuiCond_Appearing);
  ImGui::Begin(fmt::format("Message {}'s story###story", story_->message_id).c_str(), &story_open_);
  const MessageStory& st = *story_;
  if (!st.found()) {
    ImGui::TextUnformatted("No such message in this run (yet).");
    ImGui::End();
    return;
  }
  ImGui::TextWrapped("Message %llu: %s.", static_cast<unsigned long long>(st.message_id), st.outcome.c_str());
  // The time line: one mark per event, coloured by kind, on a time axis in the unit that fits.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float w = std::max(200.0F, ImGui::GetContentRegionAvail().x - 24.0F);
  const double t0 = st.events.front().t, t1 = std::max(st.events.back().t, t0 + 1e-3);
  const float y = o.y + 20;
  const auto x_of = [&](double t) { return o.x + 12 + static_cast<float>((t - t0) / (t1 - t0)) * w; };
  dl->AddLine(ImVec2(o.x + 12, y), ImVec2(o.x + 12 + w, y), IM_COL32(150, 150, 150, 255), 2.0F);
  for (const Tick& t : time_axis(t0, t1, 6).ticks) {
    const float x = x_of(t.value);
    dl->AddLine(ImVec2(x, y - 4), ImVec2(x, y + 4), kAxisText);
    const ImVec2 size = ImGui::CalcTextSize(t.label.c_str());
    dl->AddText(ImVec2(x - size.x / 2, y + 8), kAxisText, t.label.c_str());
  }
  for (const StoryEvent& e : st.events) story_marker(dl, ImVec2(x_of(e.t), y), e.kind);
  ImGui::Dummy(ImVec2(w + 24, 44));
  // Every kind, wrapped: the steps, then the ends.
  int shown = 0;
  for (const StoryKind k :
       {StoryKind::Sent, StoryKind::Received, StoryKind::Throttled, StoryKind::Processed, StoryKind::Failed,
        StoryKind::VisibleAgain, StoryKind::Deleted, StoryKind::MovedToDlq, StoryKind::Expired, StoryKind::Filtered,
        StoryKind::Redriven, StoryKind::Purged, StoryKind::Refused}) {
    if (shown == 6 || shown == 10) ImGui::NewLine();
    ++shown;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    story_marker(ImGui::GetWindowDrawList(), ImVec2(p.x + 5, p.y + 8), k);
    ImGui::Dummy(ImVec2(12, 14));
    ImGui::SameLine();
    ImGui::TextUnformatted(story_kind_name(k));
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ImGui::Separator();
  ImGui::BeginChild("story lines");
  for (const StoryEvent& e : st.events) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette::text(story_colour(e.kind)));
    ImGui::TextWrapped("%10.3f s  %s", e.t, e.text.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace gui
