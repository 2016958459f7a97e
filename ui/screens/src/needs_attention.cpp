// Staff: the requests the service refused, with what was asked, on which case, by whom and when,
// the reason in plain words, and what to do: take the alternative the service offered, or
// dismiss the entry once it is handled.
#include <imgui.h>

#include "screen_kit.hpp"
#include "touchpoint/ui/status.hpp"

namespace tp::ui {

void draw_needs_attention(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "needs-attention");
    draw_screen_top(env);
    screen_title(env, ui.tr("attention.title"), false);
    staff_bar(env, ScreenId::NeedsAttention);
    muted_text(ui, ui.tr("attention.subtitle"));
    notice_line(env);
    begin_body(env, "attention", 0.0f);
    if (env.snap.needs_attention.empty()) body_text(ui, ui.tr("attention.empty"));
    for (const OutboxEntry& cmd : env.snap.needs_attention) {
        ImGui::Separator();
        heading_text(ui, action_name(ui, cmd.action) + (cmd.case_id.empty() ? "" : " \u00B7 " + cmd.case_id));
        const std::string who = cmd.staff_id.empty() ? std::string(ui.tr("timeline.actor.customer")) : cmd.staff_id;
        muted_text(ui, format(ui.tr("attention.made_by"), {when_text(env, cmd.device_time), who}) + " \u00B7 " +
                           format(ui.tr("attention.refused_at"), {when_text(env, cmd.answered_at)}));
        const CommandLine line = command_line(env, cmd);
        chip(ui, line.text, line.tone);
        if (cmd.result && !cmd.result->alternative.empty()) {
            ButtonOptions alt;
            alt.tone = Tone::Primary;
            if (button(ui, "attention.alternative." + cmd.command_id, action_name(ui, cmd.result->alternative), alt)) {
                auto taken = env.core.take_alternative(cmd.command_id);
                if (accept(env, taken ? Status(Ok{}) : Status(taken.error())))
                    set_notice(env, ui.tr(env.snap.sync.online ? "status.saved" : "status.saved_queued"), false);
            }
            ImGui::SameLine();
        }
        if (button(ui, "attention.dismiss." + cmd.command_id, ui.tr("attention.dismiss")))
            accept(env, env.core.dismiss(cmd.command_id));
    }
    end_body();
    end_screen();
}

}  // namespace tp::ui
