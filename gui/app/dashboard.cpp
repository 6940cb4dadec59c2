#include "gui/app/dashboard.hpp"

#include <imgui.h>

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <functional>

namespace gui {

namespace {

struct Series {
  const char* name;
  std::function<float(const Sample&)> value;
  ImU32 colour;
};

// A line chart of the samples: several series on one y axis from 0 to their maximum, the newest at the right.
void line_chart(const char* title, const std::deque<Sample>& samples, const std::vector<Series>& series,
                float height = 110.0F) {
  ImGui::TextUnformatted(title);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float w = std::max(100.0F, ImGui::GetContentRegionAvail().x - 4.0F);
  const ImVec2 p1(p0.x + w, p0.y + height);
  dl->AddRectFilled(p0, p1, IM_COL32(22, 26, 32, 255));
  dl->AddRect(p0, p1, IM_COL32(90, 90, 100, 255));
  float y_max = 1.0F;
  for (const Series& s : series)
    for (const Sample& x : samples) y_max = std::max(y_max, s.value(x));
  y_max *= 1.1F;
  const std::size_t n = samples.size();
  if (n >= 2) {
    const double t0 = samples.front().t, t1 = samples.back().t;
    const double span = std::max(1e-9, t1 - t0);
    // At most one point per pixel: a long run still draws in constant time.
    const std::size_t stride = std::max<std::size_t>(1, n / static_cast<std::size_t>(w));
    for (const Series& s : series) {
      ImVec2 prev{};
      bool first = true;
      for (std::size_t i = 0; i < n; i += stride) {
        const Sample& x = samples[i];
        const ImVec2 p(p0.x + static_cast<float>((x.t - t0) / span) * w,
                       p1.y - std::clamp(s.value(x) / y_max, 0.0F, 1.0F) * height);
        if (!first) dl->AddLine(prev, p, s.colour, 1.5F);
        prev = p;
        first = false;
      }
    }
    dl->AddText(ImVec2(p0.x + 4, p1.y - 16), IM_COL32(160, 160, 160, 255), fmt::format("{:.0f} s", t0).c_str());
    const std::string end = fmt::format("{:.0f} s", t1);
    dl->AddText(ImVec2(p1.x - ImGui::CalcTextSize(end.c_str()).x - 4, p1.y - 16), IM_COL32(160, 160, 160, 255),
                end.c_str());
  }
  dl->AddText(ImVec2(p0.x + 4, p0.y + 2), IM_COL32(160, 160, 160, 255), fmt::format("{:.4g}", y_max).c_str());
  ImGui::Dummy(ImVec2(w, height));
  // Legend with the latest values.
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (i > 0) ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(series[i].colour), "%s %.4g", series[i].name,
                       samples.empty() ? 0.0 : static_cast<double>(series[i].value(samples.back())));
  }
}

ImU32 environment_colour(model::EnvironmentState s) {
  switch (s) {
    case model::EnvironmentState::Initializing:
      return IM_COL32(240, 200, 60, 255);
    case model::EnvironmentState::Busy:
      return IM_COL32(80, 200, 120, 255);
    case model::EnvironmentState::Idle:
      return IM_COL32(70, 120, 200, 255);
    case model::EnvironmentState::Reclaimed:
      return IM_COL32(60, 60, 66, 255);
  }
  return IM_COL32(255, 0, 255, 255);
}

ImU32 poller_colour(model::PollerState s) {
  switch (s) {
    case model::PollerState::Polling:
      return IM_COL32(70, 120, 200, 255);
    case model::PollerState::Waiting:
      return IM_COL32(110, 150, 210, 255);
    case model::PollerState::Invoking:
      return IM_COL32(80, 200, 120, 255);
    case model::PollerState::BackingOff:
      return IM_COL32(230, 90, 70, 255);
    case model::PollerState::Retired:
      return IM_COL32(60, 60, 66, 255);
  }
  return IM_COL32(255, 0, 255, 255);
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

void Dashboard::open(const std::string& scenario_file) {
  const double speed = session_->speed();
  session_ = std::make_unique<Session>(scenario_file);
  session_->set_speed(speed);
  seed_input_ = static_cast<int>(session_->seed());
  sync_inputs();
  status_ = "opened " + scenario_file;
}

void Dashboard::sync_inputs() {
  const model::Simulation& sim = session_->simulation();
  if (sim.event_source_mappings().empty()) return;  // direct invocations only: no mapping to edit
  const auto& m = *sim.event_source_mappings().at(session_->selected_mapping());
  batch_size_ = static_cast<int>(m.spec().batch_size);
  window_s_ = static_cast<float>(m.spec().maximum_batching_window.seconds());
  max_concurrency_ = static_cast<int>(m.spec().scaling.maximum_concurrency.value_or(1000));
  const model::FunctionSpec& f = m.function().spec();
  reserved_ = static_cast<int>(f.reserved_concurrency.value_or(0));
  memory_ = static_cast<int>(f.memory_size_mb);
  visibility_s_ = static_cast<float>(m.queue().spec().visibility_timeout.seconds());
  max_receive_ =
      m.queue().spec().redrive_policy ? static_cast<int>(m.queue().spec().redrive_policy->max_receive_count) : 0;
}

void Dashboard::frame(double wall_dt_s) {
  wall_time_ += wall_dt_s;
  // The simulation gets most of a 60 fps frame; drawing gets the rest.
  session_->advance(wall_dt_s, 0.010);
  controls();
  charts();
  environments();
  pollers_and_flow();
  counters();
  event_log();
}

void Dashboard::controls() {
  ImGui::SetNextWindowPos(ImVec2(8, 8), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(420, 980), ImGuiCond_FirstUseEver);
  ImGui::Begin("sqsim: controls");
  Session& s = *session_;
  const model::Simulation& sim = s.simulation();
  ImGui::TextWrapped("%s", sim.spec().description.empty() ? sim.spec().name.c_str() : sim.spec().description.c_str());
  ImGui::Text("t = %.1f s of %.0f s   seed %llu   %s", s.now_s(), sim.spec().duration.seconds(),
              static_cast<unsigned long long>(s.seed()),
              s.finished() ? "finished" : (s.playing() ? "running" : "paused"));
  ImGui::Text("%llu events", static_cast<unsigned long long>(sim.engine().events_processed()));
  if (ImGui::Button(s.playing() ? "Pause" : "Play")) s.playing() ? s.pause() : s.play();
  ImGui::SameLine();
  if (ImGui::Button("Step")) s.step();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  ImGui::InputInt("##seed", &seed_input_);
  ImGui::SameLine();
  if (ImGui::Button("Restart with seed")) {
    s.restart(static_cast<std::uint64_t>(std::max(0, seed_input_)));
    sync_inputs();
  }
  // The controls show the session's speed (a script may have set it) and change it only when touched.
  max_speed_ = s.speed() == 0;
  if (!max_speed_) speed_log10_ = static_cast<float>(std::log10(s.speed()));
  bool changed = ImGui::Checkbox("as fast as possible", &max_speed_);
  if (!max_speed_) {
    changed = ImGui::SliderFloat("speed (log10 x)", &speed_log10_, 0.0F, 4.0F, "%.2f") || changed;
    ImGui::SameLine();
    ImGui::Text("%.0fx", std::pow(10.0, static_cast<double>(speed_log10_)));
  }
  if (changed) s.set_speed(max_speed_ ? 0.0 : std::pow(10.0, static_cast<double>(speed_log10_)));

  if (ImGui::CollapsingHeader("Lessons", ImGuiTreeNodeFlags_DefaultOpen)) {
    const char* current =
        lesson_ >= 0 ? lessons_[static_cast<std::size_t>(lesson_)].title.c_str() : "(pick a scenario)";
    if (ImGui::BeginCombo("scenario", current)) {
      for (std::size_t i = 0; i < lessons_.size(); ++i) {
        if (ImGui::Selectable(lessons_[i].title.c_str(), static_cast<int>(i) == lesson_)) {
          lesson_ = static_cast<int>(i);
          open(lessons_[i].file.string());
        }
      }
      ImGui::EndCombo();
    }
    if (lesson_ >= 0) ImGui::TextWrapped("Watch: %s", lessons_[static_cast<std::size_t>(lesson_)].watch.c_str());
  }

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
    const auto apply = [&](const char* id, const std::function<void()>& f) {
      ImGui::SameLine();
      if (ImGui::Button(id)) {
        try {
          f();
          status_.clear();
        } catch (const std::exception& e) {
          status_ = e.what();
        }
      }
    };
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("BatchSize", &batch_size_);
    apply("Apply##bs", [&] { s.set_batch_size(static_cast<std::uint32_t>(std::max(0, batch_size_))); });
    ImGui::SetNextItemWidth(120);
    ImGui::InputFloat("BatchingWindow s", &window_s_, 0.5F, 5.0F, "%.1f");
    apply("Apply##bw", [&] { s.set_batching_window(static_cast<double>(window_s_)); });
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("MaximumConcurrency", &max_concurrency_);
    apply("Apply##mc", [&] { s.set_maximum_concurrency(static_cast<std::uint32_t>(std::max(0, max_concurrency_))); });
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("Reserved conc.", &reserved_);
    apply("Apply##rc", [&] { s.set_reserved_concurrency(static_cast<std::uint32_t>(std::max(0, reserved_))); });
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("Memory MB", &memory_, 64, 512);
    apply("Apply##mem", [&] { s.set_memory(static_cast<std::uint32_t>(std::max(0, memory_))); });
    ImGui::SetNextItemWidth(120);
    ImGui::InputFloat("VisibilityTimeout s", &visibility_s_, 5.0F, 60.0F, "%.0f");
    apply("Apply##vt", [&] { s.set_visibility_timeout(static_cast<double>(visibility_s_)); });
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("maxReceiveCount", &max_receive_);
    apply("Apply##mrc", [&] { s.set_max_receive_count(static_cast<std::uint32_t>(std::max(0, max_receive_))); });
  }
  if (ImGui::CollapsingHeader("GameDay faults", ImGuiTreeNodeFlags_DefaultOpen)) {
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
  }
  if (ImGui::CollapsingHeader("Session", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::Text("%zu changes", s.changes().size());
    if (ImGui::Button("Export scenario + timeline")) {
      try {
        const auto p = s.export_to(export_dir_);
        status_ = "wrote " + p.string() + " (replay: sqsim run " + p.string() + ")";
      } catch (const std::exception& e) {
        status_ = e.what();
      }
    }
    for (const Change& c : s.changes()) ImGui::BulletText("%.1f s: %s", c.at_s, c.description.c_str());
  }
  if (!status_.empty()) ImGui::TextWrapped("%s", status_.c_str());
  ImGui::End();
}

void Dashboard::charts() {
  ImGui::SetNextWindowPos(ImVec2(436, 8), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(700, 980), ImGuiCond_FirstUseEver);
  ImGui::Begin("Charts");
  const auto& x = session_->samples();
  line_chart("Queue: ApproximateNumberOfMessagesVisible / NotVisible, DLQ", x,
             {{"visible", [](const Sample& s) { return s.visible; }, IM_COL32(90, 160, 250, 255)},
              {"in flight", [](const Sample& s) { return s.in_flight; }, IM_COL32(250, 200, 80, 255)},
              {"DLQ", [](const Sample& s) { return s.dlq; }, IM_COL32(240, 80, 80, 255)}});
  line_chart("ApproximateAgeOfOldestMessage (s, per CloudWatch period)", x,
             {{"age s", [](const Sample& s) { return s.oldest_age_s; }, IM_COL32(200, 140, 250, 255)}});
  line_chart("ConcurrentExecutions against the limit; pollers", x,
             {{"concurrency", [](const Sample& s) { return s.concurrency; }, IM_COL32(80, 200, 120, 255)},
              {"limit", [](const Sample& s) { return s.concurrency_limit; }, IM_COL32(240, 80, 80, 255)},
              {"pollers", [](const Sample& s) { return s.pollers; }, IM_COL32(90, 160, 250, 255)}});
  line_chart("Throttles, Errors, cold starts (per s)", x,
             {{"throttles", [](const Sample& s) { return s.throttles_per_s; }, IM_COL32(240, 80, 80, 255)},
              {"errors", [](const Sample& s) { return s.errors_per_s; }, IM_COL32(250, 160, 60, 255)},
              {"cold starts", [](const Sample& s) { return s.cold_starts_per_s; }, IM_COL32(240, 220, 90, 255)}});
  line_chart("End-to-end latency (ms) of messages deleted in each interval", x,
             {{"p50", [](const Sample& s) { return s.p50_ms; }, IM_COL32(80, 200, 120, 255)},
              {"p99", [](const Sample& s) { return s.p99_ms; }, IM_COL32(240, 80, 80, 255)}});
  line_chart("Received and deleted (per s)", x,
             {{"received", [](const Sample& s) { return s.received_per_s; }, IM_COL32(90, 160, 250, 255)},
              {"deleted", [](const Sample& s) { return s.deleted_per_s; }, IM_COL32(80, 200, 120, 255)}});
  ImGui::End();
}

void Dashboard::environments() {
  ImGui::SetNextWindowPos(ImVec2(1144, 8), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(448, 330), ImGuiCond_FirstUseEver);
  ImGui::Begin("Execution environments");
  const model::Simulation& sim = session_->simulation();
  for (std::size_t fi = 0; fi < sim.functions().size(); ++fi) {
    const auto& f = *sim.functions()[fi];
    const EnvironmentCounts c = session_->environment_counts(fi);
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
  const model::Simulation& sim = session_->simulation();
  const Sample last = session_->samples().empty() ? Sample{} : session_->samples().back();
  for (const auto& mp : sim.event_source_mappings()) {
    const model::EventSourceMapping& m = *mp;
    ImGui::Text("%s -> %s: %u pollers (target %u, cap %u), %llu records held", m.spec().queue.c_str(),
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
      ++drawn;
    }
    ImGui::Dummy(ImVec2(avail, static_cast<float>((drawn + per_row - 1) / per_row) * cell + 4));
  }
  legend_box(poller_colour(model::PollerState::Polling), "polling");
  legend_box(poller_colour(model::PollerState::Waiting), "batching");
  legend_box(poller_colour(model::PollerState::Invoking), "invoking");
  legend_box(poller_colour(model::PollerState::BackingOff), "backing off");
  ImGui::NewLine();

  // The flow: queue -> pollers -> function -> deleted / DLQ, dots moving at the current rates.
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
    dl->AddText(ImVec2(p.x + 4, p.y + 20), IM_COL32(230, 230, 230, 255), b.c_str());
  };
  const auto arrow = [&](ImVec2 a, ImVec2 b, float rate) {
    dl->AddLine(a, b, IM_COL32(150, 150, 150, 255), 1.5F);
    // Dots spaced by the rate: more traffic, more dots; they move with wall time.
    const int dots = std::clamp(static_cast<int>(std::log10(1.0F + rate) * 3.0F), rate > 0 ? 1 : 0, 8);
    for (int k = 0; k < dots; ++k) {
      const float t = static_cast<float>(std::fmod(wall_time_ * 0.6 + static_cast<double>(k) / dots, 1.0));
      dl->AddCircleFilled(ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t), 3.0F, IM_COL32(250, 220, 90, 255));
    }
  };
  box(q, IM_COL32(40, 80, 150, 255), "queue", fmt::format("{:.0f} vis", last.visible));
  box(e, IM_COL32(40, 110, 140, 255), "pollers", fmt::format("{:.0f} held", last.in_flight));
  box(f, IM_COL32(40, 130, 80, 255), "function", fmt::format("{:.0f} busy", last.concurrency));
  box(del, IM_COL32(60, 60, 70, 255), "deleted", fmt::format("{:.0f}/s", last.deleted_per_s));
  box(dlq, IM_COL32(150, 40, 40, 255), "DLQ", fmt::format("{:.0f}", last.dlq));
  arrow(ImVec2(q.x + bw, q.y + bh / 2), ImVec2(e.x, e.y + bh / 2), last.received_per_s);
  arrow(ImVec2(e.x + bw, e.y + bh / 2), ImVec2(f.x, f.y + bh / 2), last.received_per_s);
  arrow(ImVec2(f.x + bw, f.y + bh / 2), ImVec2(del.x, del.y + bh / 2), last.deleted_per_s);
  arrow(ImVec2(f.x + bw, f.y + bh / 2), ImVec2(dlq.x, dlq.y + bh / 2),
        session_->samples().size() >= 2
            ? std::max(0.0F, last.dlq - session_->samples()[session_->samples().size() - 2].dlq)
            : 0.0F);
  ImGui::Dummy(ImVec2(w, 110));
  ImGui::End();
}

void Dashboard::counters() {
  ImGui::SetNextWindowPos(ImVec2(1144, 654), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(448, 334), ImGuiCond_FirstUseEver);
  ImGui::Begin("Counters (AWS metric names)");
  if (ImGui::BeginTable("counters", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Borders)) {
    ImGui::TableSetupColumn("resource");
    ImGui::TableSetupColumn("metric");
    ImGui::TableSetupColumn("value");
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
  ImGui::End();
}

void Dashboard::event_log() {
  ImGui::SetNextWindowPos(ImVec2(8, 996), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(1584, 190), ImGuiCond_FirstUseEver);
  ImGui::Begin("Event log");
  ImGui::Checkbox("follow", &follow_log_);
  ImGui::SameLine();
  ImGui::Text("(%llu similar lines left out: at most 3 of a kind per simulated second)",
              static_cast<unsigned long long>(session_->log().suppressed()));
  ImGui::BeginChild("lines");
  const auto& lines = session_->log().lines();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(lines.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const LogLine& l = lines[static_cast<std::size_t>(i)];
      const ImVec4 c = l.kind == "dlq" || l.kind == "error"            ? ImVec4(1.0F, 0.45F, 0.4F, 1)
                       : l.kind == "throttled" || l.kind == "returned" ? ImVec4(1.0F, 0.8F, 0.4F, 1)
                       : l.kind == "change"                            ? ImVec4(0.5F, 0.8F, 1.0F, 1)
                                                                       : ImVec4(0.85F, 0.85F, 0.85F, 1);
      ImGui::TextColored(c, "%9.3f s  %s", l.t, l.text.c_str());
    }
  }
  if (follow_log_) ImGui::SetScrollHereY(1.0F);
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace gui
