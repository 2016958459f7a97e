// Staff: the refused requests a rep can act on (queries.hpp: load_needs_attention) — for whom
// (the customer's name, tapping it opens that customer as customer search does), on which case
// (its reference), what was asked, who made it and when, the reason in plain words, and what to
// do: take the alternative the service offered, or dismiss the entry once it is handled.
#include <imgui.h>

#include "screen_kit.hpp"
#include "touchpoint/ui/status.hpp"

namespace tp::ui {
namespace {

// Who made the request, as the rep reads it: a staff member's name, else the customer's.
std::string made_by(const UiContext& ui, const AttentionView& item) {
    if (!item.command.staff_id.empty())
        return item.staff_name.empty() ? std::string(ui.tr("timeline.actor.staff")) : item.staff_name;
    return item.customer_name.empty() ? std::string(ui.tr("timeline.actor.the_customer")) : item.customer_name;
}

void open_customer(ScreenEnv& env, const AttentionView& item) {
    if (item.customer_id.empty()) {
        set_notice(env, env.ui.tr("attention.unknown_customer"), true);
        return;
    }
    env.state.focused_field.clear();
    if (accept(env, env.core.serve_customer(item.customer_id))) env.nav.go(ScreenId::CustomerHome);
}

void attention_row(ScreenEnv& env, const AttentionView& item) {
    UiContext& ui = env.ui;
    const OutboxEntry& cmd = item.command;
    std::string title = item.customer_name.empty() ? std::string(ui.tr("attention.unknown_customer")) : item.customer_name;
    if (!item.case_reference.empty()) title += " \u00B7 " + item.case_reference;
    const std::string detail = ui.msg("attention.asked", {{"action", action_name(ui, cmd.action)}}) + " \u00B7 " +
                               ui.msg("attention.made_by", {{"when", when_text(env, cmd.device_time)}, {"who", made_by(ui, item)}});
    RowOptions row;
    row.enabled = !item.customer_id.empty();
    if (list_row(ui, "attention.open." + cmd.command_id, title, row)) open_customer(env, item);
    body_text(ui, detail);
    const CommandLine line = command_line(env, cmd);
    chip(ui, line.text, line.tone);
    if (cmd.answered_at) muted_text(ui, ui.msg("attention.refused_at", {{"when", when_text(env, cmd.answered_at)}}));
    std::string ruled_out;
    if (cmd.result && !cmd.result->alternative.empty()) {
        ruled_out = alternative_ruled_out(env, cmd, item.case_data ? &*item.case_data : nullptr);
        ButtonOptions alt;
        alt.tone = Tone::Primary;
        alt.enabled = ruled_out.empty();
        if (button(ui, "attention.alternative." + cmd.command_id, action_name(ui, cmd.result->alternative), alt)) {
            auto taken = env.core.take_alternative(cmd.command_id);
            if (accept(env, taken ? Status(Ok{}) : Status(taken.error())))
                set_notice(env, ui.tr(env.snap.sync.online ? "status.saved" : "status.saved_queued"), false);
        }
        ImGui::SameLine();
    }
    if (button(ui, "attention.dismiss." + cmd.command_id, ui.tr("attention.dismiss")))
        accept(env, env.core.dismiss(cmd.command_id));
    if (!ruled_out.empty()) muted_text(ui, ui.msg("case.not_possible", {{"reason", foreseen_text(ui, ruled_out)}}));
}

}  // namespace

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
    for (const AttentionView& item : env.snap.needs_attention) {
        ImGui::Separator();
        attention_row(env, item);
    }
    end_body();
    end_screen();
}

}  // namespace tp::ui
