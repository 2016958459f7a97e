// Staff: how this terminal's link to the service is doing — connection, last sync, next retry,
// what waits and what was refused (with the refusals no rep can act on, to dismiss), the last
// error in plain words — and plots of queue depth and sync latency over the recent history, with
// "sync now". When the terminal could not read its own database the counts are unknown, and the
// screen says so instead of showing zeros.
#include <imgui.h>

#include <algorithm>

#include "error_words.hpp"
#include "housekeeping_list.hpp"
#include "screen_kit.hpp"
#include "touchpoint/ui/imgui_color.hpp"
#include "touchpoint/ui/status.hpp"

namespace tp::ui {
namespace {

// One row of the facts table (label, value).
void fact(UiContext& ui, const char* key, const std::string& value) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    muted_text(ui, ui.tr(key));
    ImGui::TableSetColumnIndex(1);
    body_text(ui, value);
}

// A line plot of `values` (oldest first) in a framed box, with its title and latest value.
void plot(ScreenEnv& env, const std::string& title, const std::vector<float>& values, const std::string& latest) {
    UiContext& ui = env.ui;
    heading_text(ui, title + ": " + latest);
    const ImVec2 size(ImGui::GetContentRegionAvail().x, 120.0f * ui.theme().text_scale);
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + size.x, min.y + size.y);
    ImGui::Dummy(size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(min, max, to_u32(ui.palette().surface), ui.theme().rounding());
    dl->AddRect(min, max, to_u32(ui.palette().border), ui.theme().rounding());
    if (values.size() < 2) return;
    const float top = std::max(1.0f, *std::max_element(values.begin(), values.end()));
    const float pad = 10.0f;
    std::vector<ImVec2> points;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const float x = min.x + pad + (size.x - 2 * pad) * static_cast<float>(i) / static_cast<float>(values.size() - 1);
        const float y = max.y - pad - (size.y - 2 * pad) * std::max(0.0f, values[i]) / top;
        points.emplace_back(x, y);
    }
    dl->AddPolyline(points.data(), static_cast<int>(points.size()), to_u32(ui.palette().primary), 0, 2.5f);
    const std::string scale = std::to_string(static_cast<int>(top));
    dl->AddText(ImVec2(min.x + pad, min.y + 4), to_u32(ui.palette().text_muted), scale.c_str());
}

}  // namespace

void draw_sync_diagnostics(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "sync-diagnostics");
    draw_screen_top(env);
    screen_title(env, ui.tr("diag.title"), false);
    staff_bar(env, ScreenId::SyncDiagnostics);
    const SyncStatus& s = env.snap.sync;
    const bool unreadable = env.snap.local_failure.has_value();
    const std::string unknown = ui.tr("diag.unknown");
    const auto count = [&](int n) { return unreadable ? unknown : std::to_string(n); };
    begin_body(env, "diagnostics", ui.theme().touch_height() + ui.theme().spacing() * 2);
    if (!s.enrolled) body_text(ui, ui.tr("diag.not_enrolled"));
    housekeeping_list(env);  // first: the one part of this screen staff act on
    ImGui::BeginTable("facts", 2);
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, 380.0f * ui.theme().text_scale);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    fact(ui, "diag.connection",
         s.revoked     ? std::string(ui.tr("diag.revoked"))
         : s.untrusted ? std::string(ui.tr("diag.untrusted"))
         : s.online    ? ui.msg("diag.online_since", {{"when", when_text(env, s.online_since)}})
                       : ui.msg("diag.offline_since", {{"when", when_text(env, s.offline_since)}}));
    if (s.unencrypted) fact(ui, "diag.encryption", ui.tr("diag.unencrypted"));
    fact(ui, "diag.last_sync", s.last_sync ? when_text(env, s.last_sync) : std::string(ui.tr("sync.never")));
    if (!s.online && s.next_retry) fact(ui, "diag.next_retry", when_text(env, s.next_retry));
    if (unreadable)
        fact(ui, "diag.local_data", ui.tr("diag.local_unreadable"));
    else if (!s.local_error.empty())
        fact(ui, "diag.local_data", key_words(ui, s.local_error, "error.storage"));
    fact(ui, "diag.pending", count(env.snap.outbox.pending));
    if (env.snap.outbox.oldest_pending) fact(ui, "diag.oldest_pending", when_text(env, env.snap.outbox.oldest_pending));
    fact(ui, "diag.refused", count(env.snap.outbox.refused));
    if (env.snap.outbox.held) fact(ui, "diag.held", count(env.snap.outbox.held));
    for (const auto& lane : env.snap.stuck_lanes) {
        // Why in plain words: the held reason's key worded, else what the last attempt met.
        std::string why = key_words(ui, lane.why, "error.request_cannot_send");
        if (lane.state != CommandState::Held)
            why = ui.tr(lane.why == "retry:out_of_order" ? "diag.why_order"
                        : lane.why.rfind("retry:", 0) == 0 || lane.why == "unavailable"
                            ? "diag.why_service"
                            : "diag.why_network");
        fact(ui, "diag.stuck",
             ui.msg("diag.stuck_line", {{"case", lane.case_id.empty() ? std::string("\u2014") : lane.case_id}, {"since", when_text(env, lane.since)}, {"why", why}}));
    }
    if (s.consecutive_failures) fact(ui, "diag.failures", std::to_string(s.consecutive_failures));
    if (!s.last_error.empty()) fact(ui, "diag.last_error", key_words(ui, s.last_error));
    fact(ui, "diag.terminal", s.terminal_id.empty() ? "\u2014" : s.terminal_id);
    fact(ui, "diag.store", s.store_id.empty() ? "\u2014" : s.store_id);
    ImGui::EndTable();

    std::vector<float> depth, latency;
    for (const SyncSample& sample : s.history) {
        depth.push_back(static_cast<float>(sample.pending));
        latency.push_back(static_cast<float>(std::max(0, sample.latency_ms)));
    }
    ImGui::Dummy(ImVec2(0, ui.theme().spacing()));
    // The two plots side by side, as tall as they are, so a list above them scrolls the body.
    if (ImGui::BeginTable("plots", 2)) {
        ImGui::TableNextColumn();
        plot(env, ui.tr("diag.pending"), depth, count(env.snap.outbox.pending));
        ImGui::TableNextColumn();
        const int last_latency = s.history.empty() ? 0 : s.history.back().latency_ms;
        plot(env, ui.tr("diag.connection"), latency,
             last_latency < 0 ? std::string(ui.tr("sync.offline"))
                              : ui.msg("diag.latency", {{"ms", static_cast<std::int64_t>(last_latency)}}));
        ImGui::EndTable();
    }
    end_body();

    ButtonOptions now;
    now.tone = Tone::Primary;
    if (button(ui, "diag.sync_now", ui.tr("diag.sync_now"), now)) env.online.sync_now();
    ImGui::SameLine();
    back_button(env);
    if (is_staff(env.snap)) {  // closing the kiosk asks for the PIN again (exit_kiosk.cpp)
        next_in_row(ui, ui.tr("diag.exit"));
        if (button(ui, "diag.exit", ui.tr("diag.exit"))) {
            env.state.notice.clear();
            field_text(env, "exit.field").clear();
            env.nav.go(ScreenId::ExitKiosk);
        }
    }
    end_screen();
}

}  // namespace tp::ui
