// The single view of the customer: greeting, open cases with their current step and SLA, what
// waits for them in the in-tray, recent activity across every channel, preferences and offers.
// A rep serving the customer sees the same, with the staff bar above, and every heading speaks
// to the rep about the customer ("José García's open cases") instead of to the customer.
#include <imgui.h>

#include "screen_kit.hpp"
#include "touchpoint/ui/status.hpp"

namespace tp::ui {
namespace {

// The text of `key` ("home.open_cases") as the screen's reader needs it: addressed to the customer
// in self-service; in assisted mode "home.assisted.<rest>", about the customer by name.
std::string home_text(const ScreenEnv& env, std::string_view key) {
    if (!is_staff(env.snap) || !env.snap.customer) return std::string(env.ui.tr(key));
    const std::string assisted = "home.assisted." + std::string(key.substr(key.find('.') + 1));
    return env.ui.msg(assisted, {{"name", env.snap.customer->customer.name}});
}

// The same for a text whose self-service key is not a "home." one ("prefs.channel"): `self` to the
// customer, `assisted` (a pattern with {name}) about the customer by name to the staff member.
std::string home_text(const ScreenEnv& env, std::string_view self, std::string_view assisted) {
    if (!is_staff(env.snap) || !env.snap.customer) return std::string(env.ui.tr(self));
    return env.ui.msg(assisted, {{"name", env.snap.customer->customer.name}});
}

void cases_section(ScreenEnv& env, const CustomerView& view) {
    UiContext& ui = env.ui;
    heading_text(ui, home_text(env, "home.open_cases"));
    int open = 0;
    for (const CaseSummary& c : view.cases) {
        const Case& data = c.data;
        if (!is_open_case(data) && !c.pending) continue;
        ++open;
        std::string detail = case_status_name(ui, data.status);
        if (data.current_step >= 0 && data.current_step < static_cast<int>(data.steps.size()))
            detail += " \u00B7 " + ui.msg("home.current_step", {{"step", step_name(ui, data.steps[data.current_step].code)}});
        if (data.sla_due) detail += " \u00B7 " + ui.msg("home.due", {{"when", when_text(env, data.sla_due)}});
        RowOptions row;
        row.detail = detail;
        if (c.refused) {
            row.chip = case_status_name(ui, data.status);
            row.chip_tone = ChipTone::Refused;
        } else if (c.pending || c.provisional) {
            row.chip = ui.tr("status.waiting_to_sync");
            row.chip_tone = ChipTone::Pending;
        } else if (data.at_risk) {
            row.chip = ui.tr("home.at_risk");
            row.chip_tone = ChipTone::Refused;
        }
        const std::string title =
            case_title(env, data) + " \u00B7 " + case_reference(ui, data);
        if (list_row(ui, "home.case." + data.id, title, row) && accept(env, env.core.open_case(data.id)))
            env.nav.go(ScreenId::CaseDetail, data.id);
    }
    if (open == 0) muted_text(ui, home_text(env, "home.no_cases"));
}

void intray_section(ScreenEnv& env, const CustomerView& view) {
    UiContext& ui = env.ui;
    heading_text(ui, home_text(env, "home.intray"));
    if (view.intray.empty()) muted_text(ui, home_text(env, "home.intray_empty"));
    for (const InTrayView& item : view.intray) {
        RowOptions row;
        row.detail = local_text(env, item.item.prompt);
        if (!item.local_answer.empty()) {
            row.chip = ui.tr("intray.answered_here");
            row.chip_tone = ChipTone::Pending;
        } else if (item.item.due) {
            row.chip = ui.msg("intray.due", {{"when", when_text(env, item.item.due)}});
        }
        if (list_row(ui, "home.intray." + item.item.id, intray_kind_name(ui, item.item.kind), row))
            env.nav.go(ScreenId::InTrayAnswer, item.item.id);
    }
}

void journey_section(ScreenEnv& env, const CustomerView& view) {
    UiContext& ui = env.ui;
    heading_text(ui, ui.tr("home.journey"));
    if (view.journey.empty()) muted_text(ui, ui.tr("home.journey_empty"));
    std::size_t shown = 0;
    for (const Interaction& i : view.journey) {
        if (++shown > 6) break;
        body_text(ui, journey_text(env, i));
        if (!i.summary.empty()) body_text(ui, i.summary);
        muted_text(ui, ui.msg("timeline.by_on", {{"when", when_text(env, i.at)}, {"channel", channel_name(ui, i.channel)}}));
    }
}

void side_section(ScreenEnv& env, const CustomerView& view) {
    UiContext& ui = env.ui;
    const Preferences& p = view.customer.preferences;
    heading_text(ui, home_text(env, "home.preferences"));
    body_text(ui, std::string(ui.tr("prefs.language")) + ": " + ui.strings().tr_in(p.language, "language.name"));
    body_text(ui, home_text(env, "prefs.channel", "home.assisted.channel") + " " +
                      ui.tr("prefs.channel." + p.preferred_channel));
    if (p.contact_consent) body_text(ui, home_text(env, "prefs.consent", "home.assisted.consent"));
    if (view.preferences_pending) chip(ui, ui.tr("status.waiting_to_sync"), ChipTone::Pending);
    if (!view.offers.empty()) {
        ImGui::Dummy(ImVec2(0, ui.theme().spacing()));
        heading_text(ui, home_text(env, "home.offers"));
        for (const Offer& o : view.offers) {
            body_text(ui, local_text(env, o.title));
            muted_text(ui, local_text(env, o.body));
        }
    }
}

}  // namespace

void draw_customer_home(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "customer-home");
    draw_screen_top(env);
    staff_bar(env, ScreenId::CustomerHome);
    if (!env.snap.customer) {
        muted_text(ui, ui.tr("common.loading"));
        end_screen();
        return;
    }
    const CustomerView& view = *env.snap.customer;
    notice_line(env);

    const float spacing = ui.theme().spacing();
    const bool staff = is_staff(env.snap);
    const std::string new_request = home_text(env, "home.new_request");
    const float foot = staff ? button_row_height(ui, {new_request, ui.tr("common.done")})
                             : button_row_height(ui, {new_request, ui.tr("feedback.title"), ui.tr("home.language"),
                                                      ui.tr("home.finish")});
    begin_body(env, "home", foot + spacing);
    // The greeting scrolls away with the rest, leaving the cases the room on a short window.
    screen_title(env, is_staff(env.snap) ? home_text(env, "home.greeting") : ui.msg("home.greeting", {{"name", view.customer.name}}));
    // Two columns of a table, as tall as what they hold: the body itself grows and scrolls (by
    // dragging, with its cue). Columns as child windows of the body's height would each hide
    // their overflow where no drag reaches it.
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(spacing, 0.0f));
    if (ImGui::BeginTable("columns", 2)) {
        ImGui::TableSetupColumn("main", ImGuiTableColumnFlags_WidthFixed, width * 0.62f);
        ImGui::TableSetupColumn("side", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x);
        cases_section(env, view);
        ImGui::Dummy(ImVec2(0, spacing));
        intray_section(env, view);
        ImGui::Dummy(ImVec2(0, spacing));
        journey_section(env, view);
        ImGui::PopTextWrapPos();
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x);
        side_section(env, view);
        ImGui::PopTextWrapPos();
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
    end_body();
    if (button(ui, "home.new_request", new_request)) env.nav.go(ScreenId::ActionForm, "open_complaint|");
    if (!staff) {
        next_in_row(ui, ui.tr("feedback.title"));
        if (button(ui, "home.feedback", ui.tr("feedback.title"))) env.nav.go(ScreenId::Feedback);
        next_in_row(ui, ui.tr("home.language"));
        if (button(ui, "home.language", ui.tr("home.language"))) env.nav.go(ScreenId::Language);
    }
    next_in_row(ui, ui.tr(staff ? "common.done" : "home.finish"));
    ButtonOptions done;
    done.tone = Tone::Primary;
    if (staff) {
        if (button(ui, "home.release", ui.tr("common.done"), done)) {
            env.core.release_customer();
            env.nav.reset_to(ScreenId::CustomerSearch);
        }
    } else if (button(ui, "home.finish", ui.tr("home.finish"), done)) {
        env.core.end_session();
    }
    end_screen();
}

}  // namespace tp::ui
