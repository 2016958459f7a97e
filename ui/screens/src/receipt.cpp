// What the customer takes away (nav.arg = case id): the case reference, what was asked for and
// when, where it stands now, and a QR code of the address that follows the case on a phone. A
// case made here is shown by its local reference from the first moment (the QR code too), with
// the service's number beside it once confirmed; refused, the refusal shows here, in words, with
// what to do instead, and no code to follow.
#include <imgui.h>

#include <algorithm>

#include "case_history.hpp"
#include "screen_kit.hpp"
#include "shown_case.hpp"
#include "touchpoint/ui/qr.hpp"
#include "touchpoint/ui/status.hpp"

namespace tp::ui {
namespace {

// The reference the receipt gives the customer to keep: the one made here when the case was made
// here (printed at once, kept by the service as an alias of its own reference), else the service's.
std::string kept_reference(const Case& c) {
    return c.local_reference.empty() ? c.reference : c.local_reference;
}

// The case's page on the customer web site, by the reference the customer keeps; empty while the
// case has none.
std::string follow_url(const Case& c) {
    const std::string reference = kept_reference(c);
    return reference.empty() ? std::string() : "https://touchpoint.example/c/" + reference;
}

// When the case began: its first step done, else its earliest event.
Millis started_at(const Case& c) {
    if (!c.steps.empty() && c.steps.front().actual) return c.steps.front().actual;
    Millis first = 0;
    for (const TimelineEvent& e : c.timeline)
        if (!first || e.at < first) first = e.at;
    return first;
}

// "Requested at the kiosk 14:02" today, "Requested at the kiosk on 20/11 14:02" before. (The
// state chip of a pending request says it already.)
std::string requested_when(const ScreenEnv& env, const OutboxEntry& cmd) {
    const std::string when = when_text(env, cmd.device_time);
    if (when != clock_text(env.ui, cmd.device_time)) return env.ui.msg("receipt.requested_at", {{"when", when}});
    const char* key = cmd.staff_id.empty() ? "timeline.requested_at_kiosk" : "timeline.requested_in_store";
    return env.ui.msg(key, {{"when", when}});
}

void requests(ScreenEnv& env, const CaseView& view) {
    UiContext& ui = env.ui;
    const Case& c = view.summary.data;
    bool any = false;
    for (const OutboxEntry& cmd : view.own_commands) {
        if (cmd.action == ActionType::Interaction) continue;
        any = true;
        body_text(ui, request_text(ui, cmd));
        if (cmd.state != CommandState::Pending) muted_text(ui, requested_when(env, cmd));
        const CommandLine line = command_line(env, cmd);
        chip(ui, line.text, line.tone);
        ImGui::Dummy(ImVec2(0, ui.theme().spacing() * 0.5f));
    }
    if (!any)
        muted_text(ui, ui.msg("case.origin", {{"channel", channel_name(ui, c.origin_channel)}}) + " \u00B7 " +
                           when_text(env, started_at(c)));
}

void details(ScreenEnv& env, const CaseView& view) {
    UiContext& ui = env.ui;
    const Case& c = view.summary.data;
    body_text(ui, case_title(env, c));
    heading_text(ui, ui.msg("receipt.reference", {{"reference", case_reference(ui, kept_reference(c))}}));
    // A case made here shows the service's own number beside the kept one once it has it; the
    // line is there before, so nothing moves when the confirmation arrives.
    if (!c.local_reference.empty() && !view.summary.refused) {
        if (!c.reference.empty() && c.reference != c.local_reference)
            muted_text(ui, ui.msg("receipt.service_reference", {{"reference", c.reference}}));
        else
            muted_text(ui, ui.tr("receipt.service_reference_pending"));
    }
    body_text(ui, ui.msg("case.status", {{"status", case_status_name(ui, c.status)}}));
    if (view.summary.provisional) chip(ui, ui.tr("case.provisional"), ChipTone::Pending);
    else ImGui::Dummy(ImVec2(1.0f, chip_line_height(ui)));
    ImGui::Dummy(ImVec2(0, ui.theme().spacing() * 0.5f));
    requests(env, view);
}

void follow_code(ScreenEnv& env, const CaseSummary& summary) {
    UiContext& ui = env.ui;
    const Case& c = summary.data;
    const std::string url = follow_url(c);
    if (summary.refused || url.empty()) {
        body_text(ui, ui.tr(summary.refused ? "receipt.refused_no_code" : "receipt.code_follows"));
        return;
    }
    const float side = std::min(ImGui::GetContentRegionAvail().x, 300.0f);
    if (auto qr = encode_qr(url)) draw_qr(ui, *qr, side);
    body_text(ui, ui.tr("receipt.scan"));
    muted_text(ui, ui.tr("receipt.follow_address"));
    body_text(ui, url);
}

}  // namespace

void draw_receipt(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "receipt");
    draw_screen_top(env);
    screen_title(env, ui.tr("receipt.title"));
    const CaseView* view = shown_case(env, env.nav.arg);
    const float spacing = ui.theme().spacing();
    begin_body(env, "receipt", ui.theme().touch_height() + spacing);
    if (!view) {
        if (env.state.notice.empty()) muted_text(ui, ui.tr("common.loading"));
        notice_line(env);
    } else if (ImGui::BeginTable("receipt", 2)) {
        ImGui::TableSetupColumn("details", ImGuiTableColumnFlags_WidthStretch, 0.55f);
        ImGui::TableSetupColumn("code", ImGuiTableColumnFlags_WidthStretch, 0.45f);
        ImGui::TableNextColumn();
        details(env, *view);
        ImGui::TableNextColumn();
        ImGui::Indent(spacing);
        follow_code(env, view->summary);
        ImGui::Unindent(spacing);
        ImGui::EndTable();
    }
    end_body();
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
