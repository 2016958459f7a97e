// One case: where it stands (status, owner, due date, process steps) and its history from every
// channel, with this terminal's own requests on it — waiting to sync, confirmed, or refused with
// the reason and the offered alternative as a button — and the actions the case offers now.
#include <imgui.h>

#include <algorithm>

#include "case_actions.hpp"
#include "screen_kit.hpp"

namespace tp::ui {
namespace {

void header(ScreenEnv& env, const CaseSummary& s) {
    UiContext& ui = env.ui;
    const Case& c = s.data;
    screen_title(env, c.title.empty() ? case_kind_name(ui, c.kind) : c.title, false);
    body_text(ui, format(ui.tr("case.reference"), {c.reference.empty() ? c.id : c.reference}) + " \u00B7 " +
                      format(ui.tr("case.status"), {case_status_name(ui, c.status)}));
    std::string facts;
    if (!c.owning_team.empty()) facts = format(ui.tr("case.owning_team"), {c.owning_team});
    if (c.sla_due) facts += (facts.empty() ? "" : " \u00B7 ") + format(ui.tr("home.expected_by"), {when_text(env, c.sla_due)});
    if (!facts.empty()) muted_text(ui, facts);
    if (s.provisional) chip(ui, ui.tr("case.provisional"), ChipTone::Pending);
    else if (c.at_risk) chip(ui, ui.tr("home.at_risk"), ChipTone::Refused);
}

void steps(ScreenEnv& env, const Case& c) {
    UiContext& ui = env.ui;
    if (c.steps.empty()) return;
    heading_text(ui, ui.tr("case.steps"));
    for (std::size_t i = 0; i < c.steps.size(); ++i) {
        const ProcessStep& step = c.steps[i];
        const bool done = step.actual != 0;
        const bool current = static_cast<int>(i) == c.current_step && !done;
        std::string line = std::string(done ? "\u2713 " : current ? "\u25CF " : "\u25CB ") + step.name + " \u2014 ";
        line += done ? format(ui.tr("case.step_done"), {when_text(env, step.actual)})
                     : format(ui.tr("case.step_planned"), {when_text(env, step.planned)});
        if (done || current) body_text(ui, line);
        else muted_text(ui, line);
    }
}

// The history, newest first: the service's events, and this terminal's requests not yet in it.
void history(ScreenEnv& env, const CaseView& view) {
    UiContext& ui = env.ui;
    heading_text(ui, ui.tr("case.timeline"));
    for (const OutboxEntry& cmd : view.own_commands) {
        if (cmd.action == ActionType::Interaction || cmd.state == CommandState::Confirmed) continue;
        body_text(ui, action_name(ui, cmd.action));
        const CommandLine line = command_line(env, cmd);
        chip(ui, line.text, line.tone);
        if (cmd.state == CommandState::Refused && cmd.result && !cmd.result->alternative.empty()) {
            ButtonOptions alt;
            alt.tone = Tone::Primary;
            const std::string label = action_name(ui, cmd.result->alternative);
            if (button(ui, "case.alternative." + cmd.command_id, label, alt)) {
                auto taken = env.core.take_alternative(cmd.command_id);
                if (accept(env, taken ? Status(Ok{}) : Status(taken.error())))
                    set_notice(env, ui.tr(env.snap.sync.online ? "status.saved" : "status.saved_queued"), false);
            }
        }
        ImGui::Dummy(ImVec2(0, ui.theme().spacing() * 0.5f));
    }
    std::vector<const TimelineEvent*> events;
    for (const TimelineEvent& e : view.summary.data.timeline) events.push_back(&e);
    std::sort(events.begin(), events.end(), [](auto* a, auto* b) { return a->at > b->at; });
    for (const TimelineEvent* e : events) {
        body_text(ui, e->text);
        muted_text(ui, format(ui.tr("timeline.by_on"), {when_text(env, e->at), channel_name(ui, e->channel)}));
        for (const OutboxEntry& cmd : view.own_commands)
            if (!e->command_id.empty() && cmd.command_id == e->command_id && cmd.state == CommandState::Confirmed) {
                const CommandLine line = command_line(env, cmd);
                chip(ui, line.text, line.tone);
            }
    }
}

void actions(ScreenEnv& env, const CaseView& view) {
    UiContext& ui = env.ui;
    const auto offered = case_actions(env.snap, view.summary.data);
    if (!offered.empty()) heading_text(ui, ui.tr("case.actions"));
    for (const CaseAction& a : offered) {
        ButtonOptions o;
        o.width = kFillWidth;
        o.enabled = a.available;
        const std::string wire(spec(a.type).wire_name);
        if (button(ui, "case.action." + wire, action_name(ui, a.type), o)) {
            env.state.notice.clear();
            env.nav.go(ScreenId::ActionForm, wire + "|" + view.summary.data.id);
        }
        if (!a.available) muted_text(ui, ui.tr("offline.action_unavailable"));
    }
    ImGui::Dummy(ImVec2(0, ui.theme().spacing()));
    ButtonOptions receipt;
    receipt.width = kFillWidth;
    if (button(ui, "case.receipt", ui.tr("home.receipt"), receipt))
        env.nav.go(ScreenId::Receipt, view.summary.data.id);
}

}  // namespace

void draw_case_detail(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "case-detail");
    draw_screen_top(env);
    staff_bar(env, ScreenId::CaseDetail);
    if (!env.snap.open_case || env.snap.open_case->summary.data.id != env.nav.arg) {
        if (!env.nav.arg.empty()) (void)env.core.open_case(env.nav.arg);
        muted_text(ui, ui.tr("common.loading"));
        back_button(env);
        end_screen();
        return;
    }
    const CaseView& view = *env.snap.open_case;
    header(env, view.summary);
    notice_line(env);
    const float spacing = ui.theme().spacing();
    begin_body(env, "case", ui.theme().touch_height() + spacing * 2);
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::BeginChild("left", ImVec2(width * 0.62f, 0), false, ImGuiWindowFlags_NoScrollbar);
    steps(env, view.summary.data);
    ImGui::Dummy(ImVec2(0, spacing));
    history(env, view);
    ImGui::EndChild();
    ImGui::SameLine(0, spacing * 2);
    ImGui::BeginChild("right", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollbar);
    actions(env, view);
    ImGui::EndChild();
    end_body();
    if (back_button(env)) env.core.close_case();
    end_screen();
}

}  // namespace tp::ui
