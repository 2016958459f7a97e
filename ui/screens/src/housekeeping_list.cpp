#include "housekeeping_list.hpp"

#include <imgui.h>

#include "screen_kit.hpp"

namespace tp::ui {

void housekeeping_list(ScreenEnv& env) {
    if (env.snap.housekeeping.empty()) return;
    UiContext& ui = env.ui;
    heading_text(ui, ui.tr("diag.housekeeping"));
    muted_text(ui, ui.tr("diag.housekeeping_hint"));
    notice_line(env);  // a dismiss that failed says why
    for (const AttentionView& item : env.snap.housekeeping) {
        const OutboxEntry& cmd = item.command;
        ImGui::Separator();
        std::string whom = item.customer_name.empty() ? std::string(ui.tr("attention.unknown_customer"))
                                                      : item.customer_name;
        if (!item.case_reference.empty()) whom += " \u00B7 " + item.case_reference;
        body_text(ui, ui.msg("attention.asked", {{"action", action_name(ui, cmd.action)}}) + " \u00B7 " + whom +
                          " \u00B7 " + when_text(env, cmd.device_time));
        const CommandLine line = command_line(env, cmd);
        chip(ui, line.text, line.tone);
        if (button(ui, "diag.dismiss." + cmd.command_id, ui.tr("attention.dismiss")))
            accept(env, env.core.dismiss(cmd.command_id));
    }
    ImGui::Separator();
    ImGui::Dummy(ImVec2(0, ui.theme().spacing()));
}

}  // namespace tp::ui
