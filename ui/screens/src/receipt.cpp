// What the customer takes away (nav.arg = case id): the case reference, what was asked and when,
// where it stands right now, and a QR code to follow the case on a phone.
#include <imgui.h>

#include "screen_kit.hpp"
#include "touchpoint/ui/qr.hpp"

namespace tp::ui {

// The address the QR code carries: the case's page on the customer web site, by case id (the
// id is the same on the terminal and the service, even before the service confirmed the case).
std::string follow_url(const std::string& case_id) { return "https://touchpoint.example/cases/" + case_id; }

void draw_receipt(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "receipt");
    draw_screen_top(env);
    screen_title(env, ui.tr("receipt.title"));
    const std::string& case_id = env.nav.arg;
    if (!env.snap.open_case || env.snap.open_case->summary.data.id != case_id) (void)env.core.open_case(case_id);
    const float spacing = ui.theme().spacing();
    const float qr_side = 260.0f * ui.theme().text_scale;

    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - qr_side - spacing * 3);
    if (env.snap.open_case && env.snap.open_case->summary.data.id == case_id) {
        const CaseView& view = *env.snap.open_case;
        const Case& c = view.summary.data;
        heading_text(ui, c.title.empty() ? case_kind_name(ui, c.kind) : c.title);
        body_text(ui, format(ui.tr("receipt.reference"), {c.reference.empty() ? c.id : c.reference}));
        body_text(ui, format(ui.tr("case.status"), {case_status_name(ui, c.status)}));
        for (const OutboxEntry& cmd : view.own_commands) {
            if (cmd.action == ActionType::Interaction) continue;
            body_text(ui, action_name(ui, cmd.action) + " \u00B7 " +
                              format(ui.tr("receipt.requested_at"), {when_text(env, cmd.device_time)}));
            const CommandLine line = command_line(env, cmd);
            chip(ui, line.text, line.tone);
        }
    }
    ImGui::Dummy(ImVec2(0, spacing));
    body_text(ui, ui.tr("receipt.scan"));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SameLine(0, spacing * 3);
    if (auto qr = encode_qr(follow_url(case_id))) draw_qr(ui, *qr, qr_side);

    const float bottom = ImGui::GetWindowHeight() - ui.theme().touch_height() - ImGui::GetStyle().WindowPadding.y;
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY() + spacing, bottom));
    ButtonOptions done;
    done.tone = Tone::Primary;
    if (button(ui, "receipt.done", ui.tr("common.done"), done)) {
        env.state.notice.clear();
        env.core.close_case();
        env.nav.reset_to(ScreenId::CustomerHome);
    }
    end_screen();
}

}  // namespace tp::ui
