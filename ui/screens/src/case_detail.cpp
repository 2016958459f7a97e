// One case (nav.arg = case id): what it is and where it stands (kind, reference, status, owning
// team, due date, process steps), its history from every channel merged with this terminal's
// own requests — waiting to sync, confirmed, or refused with the reason and the offered
// alternative as a button — and the actions the case offers the signed-in role now. Actions the
// case's state already rules out (the return period has ended) and actions that need a live
// answer while offline are disabled, with the reason shown beside them. Everything is
// drawn from the snapshot each frame, so confirmations from sync appear with no user action.
#include <imgui.h>

#include <algorithm>

#include "case_actions.hpp"
#include "case_history.hpp"
#include "screen_kit.hpp"
#include "shown_case.hpp"

namespace tp::ui {
namespace {

const char* const kSep = " \u00B7 ";

void header(ScreenEnv& env, const CaseSummary& s) {
    UiContext& ui = env.ui;
    const Case& c = s.data;
    screen_title(env, case_title(env, c), false);
    body_text(ui, ui.msg("case.reference", {{"reference", case_reference(ui, c)}}) + kSep +
                      ui.msg("case.status", {{"status", case_status_name(ui, c.status)}}));
    std::string facts = case_kind_name(ui, c.kind);
    if (!c.owning_team.empty()) facts += kSep + ui.msg("case.owning_team", {{"team", c.owning_team}});
    if (c.sla_due) facts += kSep + ui.msg("home.expected_by", {{"when", when_text(env, c.sla_due)}});
    muted_text(ui, facts);
    std::vector<std::pair<std::string, ChipTone>> chips;
    if (s.provisional) chips.emplace_back(ui.tr("case.provisional"), ChipTone::Pending);
    if (s.refused) chips.emplace_back(case_status_name(ui, c.status), ChipTone::Refused);
    if (!s.requested_action.empty())
        chips.emplace_back(std::string(ui.tr("status.requested")) + kSep + action_name(ui, s.requested_action), ChipTone::Pending);
    if (c.at_risk) chips.emplace_back(ui.tr("home.at_risk"), ChipTone::Refused);
    for (std::size_t i = 0; i < chips.size(); ++i) {
        if (i > 0) ImGui::SameLine(0, ui.theme().spacing());
        chip(ui, chips[i].first, chips[i].second);
    }
}

// The step the case is at: the recorded current step, or the first one after it not done yet.
int current_step(const Case& c) {
    for (int i = std::max(c.current_step, 0); i < static_cast<int>(c.steps.size()); ++i)
        if (c.steps[static_cast<std::size_t>(i)].actual == 0) return i;
    return -1;
}

// The process steps, one under the other: a mark (done, current, planned), the step and its
// date beside it when the line has room.
void steps(ScreenEnv& env, const Case& c) {
    UiContext& ui = env.ui;
    if (c.steps.empty()) return;
    heading_text(ui, ui.tr("case.steps"));
    const int current = current_step(c);
    for (std::size_t i = 0; i < c.steps.size(); ++i) {
        const ProcessStep& step = c.steps[i];
        const bool done = step.actual != 0;
        const bool now = static_cast<int>(i) == current;
        const std::string name = std::string(done ? "\u2713 " : now ? "\u25CF " : "\u25CB ") + step_name(ui, step.code);
        const std::string date = done ? ui.msg("case.step_done", {{"when", when_text(env, step.actual)}})
                                      : ui.msg("case.step_planned", {{"when", when_text(env, step.planned)}});
        if (done || now) body_text(ui, name);
        else muted_text(ui, name);
        ImGui::SameLine(0, ui.theme().spacing() * 0.5f);
        if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(date.c_str()).x) {
            ImGui::NewLine();
            ImGui::Indent(ImGui::CalcTextSize("\u2713 ").x);
            muted_text(ui, date);
            ImGui::Unindent(ImGui::CalcTextSize("\u2713 ").x);
        } else {
            muted_text(ui, date);
        }
    }
    ImGui::Dummy(ImVec2(0, ui.theme().spacing() * 0.5f));
}

void actions(ScreenEnv& env, const CaseView& view) {
    UiContext& ui = env.ui;
    const Case& c = view.summary.data;
    auto offered = case_actions(env.snap, view);  // those possible now first
    std::stable_partition(offered.begin(), offered.end(), [](const CaseAction& a) { return a.available; });
    if (!offered.empty()) heading_text(ui, ui.tr("case.actions"));
    for (const CaseAction& a : offered) {
        ButtonOptions o;
        o.width = kFillWidth;
        o.enabled = a.available;
        const std::string wire(spec(a.type).wire_name);
        if (button(ui, "case.action." + wire, action_name(ui, a.type), o)) {
            env.state.notice.clear();
            env.nav.go(ScreenId::ActionForm, wire + "|" + c.id);
        }
        if (!a.refusal.empty()) muted_text(ui, ui.msg("case.not_possible", {{"reason", foreseen_text(ui, a.refusal)}}));
        else if (!a.available) muted_text(ui, ui.tr("offline.action_unavailable"));
    }
    ImGui::Dummy(ImVec2(0, ui.theme().spacing()));
    ButtonOptions receipt;
    receipt.width = kFillWidth;
    if (button(ui, "case.receipt", ui.tr("home.receipt"), receipt)) {
        env.state.notice.clear();
        env.nav.go(ScreenId::Receipt, c.id);
    }
    ImGui::Dummy(ImVec2(0, ui.theme().spacing()));
}

}  // namespace

void draw_case_detail(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "case-detail");
    draw_screen_top(env);
    staff_bar(env, ScreenId::CaseDetail);
    const CaseView* view = shown_case(env, env.nav.arg);
    if (!view) {
        screen_title(env, ui.tr("case.timeline"), false);
        if (env.state.notice.empty()) muted_text(ui, ui.tr("common.loading"));
        notice_line(env);
    } else {
        header(env, view->summary);
        notice_line(env);
        // The history scrolls on the left; what can be done, then the steps, on the right.
        const float spacing = ui.theme().spacing();
        const float reserve = ui.theme().touch_height() + spacing;
        begin_body(env, "story", reserve, ImGui::GetContentRegionAvail().x * 0.64f);
        heading_text(ui, ui.tr("case.timeline"));
        draw_case_history(env, *view);
        end_body();
        ImGui::SameLine(0, spacing * 2);
        begin_body(env, "actions", reserve);
        actions(env, *view);
        steps(env, view->summary.data);
        end_body();
    }
    if (back_button(env)) env.core.close_case();
    end_screen();
}

}  // namespace tp::ui
