// One in-tray item (nav.arg = item id): what is asked, of which case and by when; the offered
// answers as big buttons (or a typed answer when none are offered); then where the answer stands:
// waiting to sync, confirmed, or refused because someone already answered it elsewhere — said
// with where and when. Items that need a phone or camera say so instead of offering a form.
#include <imgui.h>

#include <algorithm>

#include "choice_button.hpp"
#include "screen_kit.hpp"
#include "shown_case.hpp"
#include "touchpoint/domain_json.hpp"

namespace tp::ui {
namespace {

const char* const kAnswer = "intray.field.answer";  // the chosen option or the typed answer

// What the screen knew of the item while it was in the in-tray: an answered item leaves the
// snapshot, and the screen still has to say what it was and what became of it.
struct Known {
    std::string case_id, kind;
    LocalText prompt;
    std::vector<InTrayOption> options;
};

Known remember(ScreenEnv& env, const std::string& id, const InTrayView* item) {
    std::string& kept = env.state.fields["~intray." + id];
    if (item) kept = nlohmann::json(item->item).dump();
    InTrayItem known;
    if (!kept.empty()) {
        try {
            known = nlohmann::json::parse(kept).get<InTrayItem>();
        } catch (const nlohmann::json::exception&) {
            // Only this screen writes it; an unreadable one is as if nothing was known.
        }
    }
    return Known{known.case_id, known.kind, known.prompt, known.options};
}

const InTrayView* find_item(const AppSnapshot& snap, const std::string& id) {
    if (!snap.customer) return nullptr;
    for (const InTrayView& v : snap.customer->intray)
        if (v.item.id == id) return &v;
    return nullptr;
}

// This terminal's latest answer to the item.
const OutboxEntry* own_answer(const CaseView* view, const std::string& id) {
    if (!view) return nullptr;
    const OutboxEntry* found = nullptr;
    for (const OutboxEntry& cmd : view->own_commands)
        if (cmd.action == ActionType::AnswerInTray && cmd.payload.value("item_id", std::string()) == id) found = &cmd;
    return found;
}

// The latest answer to the item on the case's history that did not come from this terminal.
const TimelineEvent* answer_elsewhere(const CaseView* view, const std::string& id, const OutboxEntry* own) {
    if (!view) return nullptr;
    const TimelineEvent* found = nullptr;
    for (const TimelineEvent& e : view->summary.data.timeline) {
        if (e.kind != "answer_intray" || (own && e.command_id == own->command_id)) continue;
        if (e.params.value("item_id", std::string()) != id) continue;
        if (!found || e.at > found->at) found = &e;
    }
    return found;
}

// The answer an answer event carries, in words: the chosen option's, or the typed text.
std::string answer_of(const ScreenEnv& env, const TimelineEvent& e, const Known& known) {
    const std::string chosen = e.params.value("answer", std::string());
    return chosen.empty() ? e.text : answer_text(env, known.options, chosen);
}

void options(ScreenEnv& env, const InTrayItem& item) {
    UiContext& ui = env.ui;
    std::string& chosen = env.state.fields[kAnswer];
    if (item.options.empty()) {
        keyboard_field(env, kAnswer, ui.tr("intray.your_answer"));
        return;
    }
    muted_text(ui, ui.tr("intray.your_answer"));
    for (const InTrayOption& option : item.options) {
        ButtonOptions o;
        o.width = kFillWidth;
        o.height = ui.theme().touch_height() * 1.3f;
        choice_button(ui, "intray.option." + option.id, option_text(env, option), option.id, chosen, o);
    }
}

void submit(ScreenEnv& env, const InTrayItem& item) {
    UiContext& ui = env.ui;
    const std::string answer = env.state.fields[kAnswer];
    const bool offered = item.options.empty() ||
                         std::any_of(item.options.begin(), item.options.end(),
                                     [&](const InTrayOption& o) { return o.id == answer; });
    if (answer.empty() || !offered) {
        set_notice(env, ui.msg("form.required_missing", {{"field", ui.tr("intray.your_answer")}}), true);
        return;
    }
    auto sent = env.core.issue(ActionType::AnswerInTray, item.case_id, {{"item_id", item.id}, {"answer", answer}});
    if (!sent) {
        accept(env, sent.error());
        return;
    }
    env.state.fields.erase(kAnswer);
    env.state.focused_field.clear();
    set_notice(env, ui.tr(env.snap.sync.online ? "status.saved" : "status.saved_queued"), false);
}

// Where the item stands once answered, here or elsewhere.
void outcome(ScreenEnv& env, const OutboxEntry* own, const TimelineEvent* elsewhere, const Known& known) {
    UiContext& ui = env.ui;
    if (own)
        body_text(ui, ui.msg("timeline.request_with",
                             {{"action", ui.tr("intray.your_answer")},
                              {"detail", answer_text(env, known.options, own->payload.value("answer", std::string()))}}));
    const bool taken = own && own->state == CommandState::Refused && own->result && own->result->code == "already_answered";
    if (own && !taken) {
        const CommandLine line = command_line(env, *own);
        chip(ui, line.text, line.tone);
    } else if (elsewhere) {
        const std::string where = channel_name(ui, elsewhere->channel), when = when_text(env, elsewhere->at);
        if (taken) chip(ui, ui.msg("status.refused", {{"reason", ui.msg("refusal.answered_where_when", {{"channel", where}, {"when", when}})}}), ChipTone::Refused);
        else body_text(ui, ui.msg("intray.answered_elsewhere", {{"channel", where}, {"when", when}}));
        body_text(ui, ui.msg("intray.answer_given", {{"answer", answer_of(env, *elsewhere, known)}}));
    } else if (taken) {
        chip(ui, command_line(env, *own).text, ChipTone::Refused);
    }
}

}  // namespace

void draw_intray_answer(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "intray-answer");
    draw_screen_top(env);
    staff_bar(env, ScreenId::InTrayAnswer);
    const std::string& id = env.nav.arg;
    const InTrayView* item = find_item(env.snap, id);
    const Known known = remember(env, id, item);
    const CaseView* view = shown_case(env, known.case_id);
    const OutboxEntry* own = own_answer(view, id);

    screen_title(env, known.kind.empty() ? std::string(ui.tr("intray.title")) : intray_kind_name(ui, known.kind), false);
    const float spacing = ui.theme().spacing();
    begin_body(env, "intray", ui.theme().touch_height() + spacing + keyboard_reserve(env));
    if (const std::string prompt = local_text(env, known.prompt); !prompt.empty()) body_text(ui, prompt);
    std::string about;
    if (view) {
        const Case& c = view->summary.data;
        about = case_title(env, c) + " \u00B7 " + case_reference(ui, c);
    }
    if (item && item->item.due) about += (about.empty() ? "" : " \u00B7 ") + ui.msg("intray.due", {{"when", when_text(env, item->item.due)}});
    if (!about.empty()) muted_text(ui, about);
    ImGui::Dummy(ImVec2(0, spacing * 0.5f));

    const bool needs_device = item && item->item.options.empty() && (known.kind == "send_photo" || known.kind == "sign");
    const bool open = item && item->local_answer.empty() && (!own || own->state == CommandState::Refused);
    if (needs_device) body_text(ui, ui.tr("intray.not_here"));
    else if (open) options(env, item->item);
    if (!open || (own && own->state == CommandState::Refused)) outcome(env, own, item ? nullptr : answer_elsewhere(view, id, own), known);
    if (!item && !own && known.case_id.empty()) muted_text(ui, ui.tr("home.intray_empty"));
    notice_line(env);
    end_body();

    // Send stays where it is, disabled, once the item is answered, so Back never moves into
    // its place under a finger tapping twice.
    if (!needs_device) {
        ButtonOptions send;
        send.tone = Tone::Primary;
        send.enabled = open;
        if (button(ui, "intray.submit", ui.tr("common.send"), send) && open) submit(env, item->item);
        ImGui::SameLine(0, spacing);
    }
    if (back_button(env)) env.state.fields.erase(kAnswer);
    if (focused_keyboard(env, 500) == KeyboardResult::Done) env.state.focused_field.clear();
    end_screen();
}

}  // namespace tp::ui
