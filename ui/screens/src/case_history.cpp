#include "case_history.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstring>

#include "screen_kit.hpp"

namespace tp::ui {
namespace {

const char* const kSep = " \u00B7 ";

bool known(const UiContext& ui, const std::string& key) { return ui.strings().has(kReferenceLanguage, key); }

// The refused command's words carried over to its alternative (a refused note becomes the
// new case's text).
nlohmann::json carried_payload(const OutboxEntry& refused) {
    nlohmann::json p = nlohmann::json::object();
    if (refused.payload.contains("text")) p["text"] = refused.payload["text"];
    return p;
}

// The refusal offers an action not taken yet: no later request of that action on the case.
bool alternative_open(const CaseView& view, const OutboxEntry& cmd) {
    if (cmd.state != CommandState::Refused || !cmd.result || cmd.result->alternative.empty()) return false;
    const auto alt = action_from_wire(cmd.result->alternative);
    if (!alt) return false;
    return std::none_of(view.own_commands.begin(), view.own_commands.end(),
                        [&](const OutboxEntry& o) { return o.seq > cmd.seq && o.action == *alt; });
}

// The alternative as a button; disabled, with the reason in words, when the case's state already
// rules it out (an order not delivered yet cannot be returned).
void alternative_button(ScreenEnv& env, const CaseView& view, const OutboxEntry& cmd) {
    UiContext& ui = env.ui;
    const std::string ruled_out = alternative_ruled_out(env, cmd, &view.summary.data);
    ButtonOptions alt;
    alt.tone = Tone::Primary;
    alt.enabled = ruled_out.empty();
    const bool tapped =
        button(ui, "case.alternative." + cmd.command_id, action_name(ui, cmd.result->alternative), alt);
    if (!ruled_out.empty()) muted_text(ui, ui.msg("case.not_possible", {{"reason", foreseen_text(ui, ruled_out)}}));
    if (!tapped) return;
    auto taken = env.core.take_alternative(cmd.command_id, carried_payload(cmd));
    if (accept(env, taken ? Status(Ok{}) : Status(taken.error())))
        set_notice(env, ui.tr(env.snap.sync.online ? "status.saved" : "status.saved_queued"), false);
}

float chip_width(const UiContext& ui, const std::string& text) {
    ImFont* small = ui.fonts().small ? ui.fonts().small : ImGui::GetFont();
    return small->CalcTextSizeA(small->FontSize, FLT_MAX, 0.0f, text.c_str()).x + ui.theme().padding() * 1.2f;
}

// The muted "who, via where" line, then the request's state on the same line when it fits. A
// state too long for the column is shown as several chips, split where its parts are joined.
void meta_line(ScreenEnv& env, const std::string& meta, const OutboxEntry* cmd) {
    UiContext& ui = env.ui;
    const float column = ImGui::GetContentRegionAvail().x;
    if (!meta.empty()) muted_text(ui, meta);
    if (!cmd) return;
    const CommandLine line = command_line(env, *cmd);
    std::vector<std::string> parts{line.text};
    if (chip_width(ui, line.text) > column) {
        parts.clear();
        std::size_t from = 0;
        for (std::size_t at; (at = line.text.find(kSep, from)) != std::string::npos; from = at + std::strlen(kSep))
            parts.push_back(line.text.substr(from, at - from));
        parts.push_back(line.text.substr(from));
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0 || !meta.empty()) {
            ImGui::SameLine(0, ui.theme().spacing() * 0.5f);
            if (ImGui::GetContentRegionAvail().x < chip_width(ui, parts[i])) ImGui::NewLine();
        }
        chip(ui, parts[i], line.tone);
    }
}

}  // namespace

std::string request_text(const UiContext& ui, const OutboxEntry& cmd) {
    const std::string action = action_name(ui, cmd.action);
    const nlohmann::json& p = cmd.payload;
    auto with = [&](const std::string& words) { return ui.msg("timeline.request_with", {{"action", action}, {"detail", words}}); };
    for (const char* field : {"text", "address", "topic", "answer"})
        if (p.contains(field) && p[field].is_string() && !p[field].get<std::string>().empty())
            return with(p[field].get<std::string>());
    if (p.contains("reason") && p["reason"].is_string() && known(ui, "form.reason." + p["reason"].get<std::string>()))
        return with(ui.tr("form.reason." + p["reason"].get<std::string>()));
    return action;
}

std::vector<HistoryEntry> merged_history(const CaseView& view) {
    std::vector<HistoryEntry> out;
    for (const TimelineEvent& e : view.summary.data.timeline) {
        HistoryEntry h{e.at, &e, nullptr};
        for (const OutboxEntry& cmd : view.own_commands)
            if (!e.command_id.empty() && cmd.command_id == e.command_id) h.command = &cmd;
        out.push_back(h);
    }
    for (const OutboxEntry& cmd : view.own_commands) {
        if (cmd.action == ActionType::Interaction) continue;
        if (cmd.state == CommandState::Refused && cmd.dismissed) continue;
        const bool in_timeline = std::any_of(out.begin(), out.end(), [&](const HistoryEntry& h) { return h.command == &cmd; });
        if (!in_timeline) out.push_back(HistoryEntry{cmd.device_time, nullptr, &cmd});
    }
    std::stable_sort(out.begin(), out.end(), [](const HistoryEntry& a, const HistoryEntry& b) { return a.at > b.at; });
    return out;
}

std::string actor_name(const ScreenEnv& env, const std::string& actor, Channel channel) {
    const UiContext& ui = env.ui;
    const std::string role = actor.substr(0, actor.find(':'));
    // The customer reads "You"; staff serving them read their name.
    if (role == "customer") {
        if (env.snap.identity && env.snap.identity->role == Role::Customer) return ui.tr("timeline.actor.customer");
        if (env.snap.customer && !env.snap.customer->customer.name.empty()) return env.snap.customer->customer.name;
        return ui.tr("timeline.actor.the_customer");
    }
    if (role == "rep") return ui.tr(channel == Channel::CallCenter ? "timeline.actor.agent" : "timeline.actor.staff");
    const std::string key = "timeline.actor." + role;
    return known(ui, key) ? std::string(ui.tr(key)) : std::string();
}

void draw_case_history(ScreenEnv& env, const CaseView& view) {
    UiContext& ui = env.ui;
    const float spacing = ui.theme().spacing();
    // Times in a column of their own, unless that leaves too little room for the text (large
    // text): then each entry's time leads its "who" line.
    const float time_width = ImGui::CalcTextSize("00.00. 00:00").x + spacing;
    const bool time_column = time_width * 5.0f < ImGui::GetContentRegionAvail().x;
    for (const HistoryEntry& h : merged_history(view)) {
        const std::string when = when_text(env, h.at);
        if (time_column) {
            const float x = ImGui::GetCursorPosX();
            muted_text(ui, when);
            ImGui::SameLine(x + time_width);
        }
        const std::string lead = time_column ? std::string() : when + kSep;
        ImGui::BeginGroup();
        if (h.event && !(h.command && h.command->state == CommandState::Refused)) {
            body_text(ui, event_text(env, *h.event));
            if (!h.event->text.empty()) body_text(ui, h.event->text);
            const std::string who = actor_name(env, h.event->actor, h.event->channel);
            const std::string via = ui.msg("timeline.via", {{"channel", channel_name(ui, h.event->channel)}});
            meta_line(env, lead + (who.empty() ? via : who + kSep + via), h.command);
        } else {
            const OutboxEntry& cmd = *h.command;
            body_text(ui, request_text(ui, cmd));
            const std::string who = cmd.staff_id.empty() ? actor_name(env, "customer", env.snap.channel)
                                                         : std::string(ui.tr("timeline.actor.staff"));
            meta_line(env, lead + who, &cmd);
            if (alternative_open(view, cmd)) alternative_button(env, view, cmd);
        }
        ImGui::EndGroup();
        ImGui::Dummy(ImVec2(0, spacing * 0.5f));
    }
}

}  // namespace tp::ui
