// "How did we do?": a score from 0 to 10 on big buttons, an optional comment typed on the
// on-screen keyboard, and send; then a thank-you that ends on the customer's home. nav.arg may
// name the case the feedback is about (empty: the visit as a whole).
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "choice_button.hpp"
#include "screen_kit.hpp"
#include "touchpoint/ui/status.hpp"

namespace tp::ui {
namespace {

const char* const kComment = "feedback.comment";
const char* const kScore = "~feedback.score";  // UI-local: the chosen score, "" until chosen
const char* const kSent = "~feedback.sent";    // UI-local: "1" once sent

void forget(ScreenEnv& env) {
    for (const char* key : {kComment, kScore, kSent}) env.state.fields.erase(key);
    env.state.focused_field.clear();
}

// 0 … 10 across the screen, with what the ends of the scale mean below them.
void scores(ScreenEnv& env) {
    UiContext& ui = env.ui;
    const float gap = ui.theme().spacing() * 0.5f;
    const float width = std::max(kMinTouchTarget, std::floor((ImGui::GetContentRegionAvail().x - gap * 10) / 11) - 1.0f);
    std::string& chosen = env.state.fields[kScore];
    for (int n = 0; n <= 10; ++n) {
        const std::string label = std::to_string(n);
        if (n > 0) {
            ImGui::SameLine(0, gap);
            if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
        }
        ButtonOptions o;
        o.width = width;
        o.height = ui.theme().touch_height() * 1.3f;
        choice_button(ui, "feedback.score." + label, label, label, chosen, o);
    }
    const std::string high = ui.tr("feedback.scale_high");
    const float x = ImGui::GetCursorPosX();
    muted_text(ui, ui.tr("feedback.scale_low"));
    ImGui::SameLine(std::max(x + ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(high.c_str()).x,
                             ImGui::GetCursorPosX() + ui.theme().spacing()));
    muted_text(ui, high);
}

void send(ScreenEnv& env) {
    UiContext& ui = env.ui;
    const std::string score = env.state.fields[kScore];
    if (score.empty()) {
        set_notice(env, ui.tr("feedback.choose_score"), true);
        return;
    }
    nlohmann::json payload = {{"score", std::stoi(score)}};
    if (!env.state.fields[kComment].empty()) payload["comment"] = env.state.fields[kComment];
    auto sent = env.core.issue(ActionType::Feedback, env.nav.arg, std::move(payload));
    if (!accept(env, sent ? Status(Ok{}) : Status(sent.error()))) return;
    forget(env);
    env.state.fields[kSent] = "1";
    set_notice(env, ui.tr(env.snap.sync.online ? "status.saved" : "status.saved_queued"), false);
}

void thanks(ScreenEnv& env) {
    UiContext& ui = env.ui;
    screen_title(env, ui.tr("feedback.thanks"));
    notice_line(env);
    const float bottom = ImGui::GetWindowHeight() - ui.theme().touch_height() - ImGui::GetStyle().WindowPadding.y;
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY() + ui.theme().spacing(), bottom));
    ButtonOptions done;
    done.tone = Tone::Primary;
    if (button(ui, "common.done", ui.tr("common.done"), done)) {
        forget(env);
        env.state.notice.clear();
        env.nav.reset_to(ScreenId::CustomerHome);
    }
}

}  // namespace

void draw_feedback(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "feedback");
    draw_screen_top(env);
    if (env.state.fields[kSent] == "1") {
        thanks(env);
        end_screen();
        return;
    }
    const bool typing = env.state.focused_field == kComment;
    const float spacing = ui.theme().spacing();
    if (typing) {  // only the comment, so the keyboard fits below it at every text size
        muted_text(ui, ui.tr("feedback.title"));
    } else {
        screen_title(env, ui.tr("feedback.title"), false);
        begin_body(env, "feedback", ui.theme().touch_height() + spacing * 2);
        body_text(ui, ui.tr("feedback.question"));
        ImGui::Dummy(ImVec2(0, spacing * 0.25f));
        scores(env);
        ImGui::Dummy(ImVec2(0, spacing));
    }
    keyboard_field(env, kComment, ui.tr("feedback.comment") + std::string(" ") + ui.tr("common.optional"));
    notice_line(env);
    if (!typing) end_body();
    ImGui::Dummy(ImVec2(0, spacing * 0.5f));

    const float room = ImGui::GetWindowHeight() - ImGui::GetCursorPosY() - keyboard_reserve(env);
    if (!typing || room >= ui.theme().touch_height() + spacing * 2) {
        ButtonOptions go;
        go.tone = Tone::Primary;
        if (button(ui, "feedback.send", ui.tr("feedback.send"), go)) send(env);
        ImGui::SameLine(0, spacing);
        if (back_button(env)) forget(env);
    }
    if (focused_keyboard(env, 1000) == KeyboardResult::Done) env.state.focused_field.clear();
    end_screen();
}

}  // namespace tp::ui
