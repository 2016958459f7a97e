// The form of one action (nav.arg "<action wire name>|<case id>", the case id empty for actions
// that create a case): the fields its payload needs, typed on the on-screen keyboard or chosen
// with big buttons. Required fields are checked with a plain message. Sending records the command
// (queued when offline) and goes back to the case, or to the receipt of a case it created. While
// a field is being typed only that field is shown, so the keyboard fits below it. A "please fill
// in" message goes as soon as the field it names is filled.
#include <imgui.h>

#include "action_forms.hpp"
#include "choice_button.hpp"
#include "screen_kit.hpp"
#include "shown_case.hpp"
#include "touchpoint/ui/status.hpp"

namespace tp::ui {
namespace {

std::string field_id(const FormField& f) { return "form.field." + f.name; }
std::string choice_key(const FormField& f) { return "form.choice." + f.name; }
std::string answer_key(const FormField& f) { return f.kind == FormField::Kind::Text ? field_id(f) : choice_key(f); }
// The text a choice asks for (FormChoice::text_label_key), e.g. "form.field.reason_text".
std::string choice_text_id(const FormField& f) { return "form.field." + f.name + "_text"; }
// The field whose "please fill in" message is shown, so it can go once that field is filled.
const std::string kMissing = "form.missing";

// The choice of `f` chosen now that asks for a text, if any.
const FormChoice* chosen_with_text(ScreenEnv& env, const FormField& f) {
    if (f.kind != FormField::Kind::Choice) return nullptr;
    const FormChoice* c = find_choice(f, env.state.fields[choice_key(f)]);
    return c && !c->text_label_key.empty() ? c : nullptr;
}

// Draws `f`; while typing (`typing_only`), only its text part.
void draw_field(ScreenEnv& env, const FormField& f, bool typing_only) {
    UiContext& ui = env.ui;
    std::string label = ui.tr(f.label_key);
    if (!f.required) label += std::string(" ") + ui.tr("common.optional");
    if (f.kind == FormField::Kind::Text) {
        keyboard_field(env, field_id(f), label);
        return;
    }
    if (!typing_only) {
        muted_text(ui, label);
        std::string& chosen = env.state.fields[choice_key(f)];
        for (std::size_t i = 0; i < f.choices.size(); ++i) {
            const FormChoice& c = f.choices[i];
            if (i > 0) next_in_row(ui, ui.tr(c.label_key));
            choice_button(ui, choice_key(f) + "." + c.value, ui.tr(c.label_key), c.value, chosen);
        }
    }
    if (const FormChoice* c = chosen_with_text(env, f)) keyboard_field(env, choice_text_id(f), ui.tr(c->text_label_key));
    ImGui::Dummy(ImVec2(0, ui.theme().spacing() * 0.5f));
}

bool shown_while_typing(ScreenEnv& env, const FormField& f) {
    return field_id(f) == env.state.focused_field || choice_text_id(f) == env.state.focused_field;
}

// The "please fill in" message goes once the field it names has a value.
void drop_answered_notice(ScreenEnv& env) {
    auto missing = env.state.fields.find(kMissing);
    if (missing == env.state.fields.end() || missing->second.empty()) return;
    auto answered = env.state.fields.find(missing->second);
    if (answered == env.state.fields.end() || answered->second.empty()) return;
    if (env.state.notice_is_error) env.state.notice.clear();
    env.state.fields.erase(missing);
}

void ask_for(ScreenEnv& env, const std::string& answer_id, std::string_view label) {
    set_notice(env, env.ui.msg("form.required_missing", {{"field", std::string(label)}}), true);
    env.state.fields[kMissing] = answer_id;
}

void forget_answers(ScreenEnv& env, const FormSpec& form) {
    for (const FormField& f : form.fields) {
        env.state.fields.erase(answer_key(f));
        env.state.fields.erase(choice_text_id(f));
    }
    env.state.fields.erase(kMissing);
    env.state.focused_field.clear();
}

void submit(ScreenEnv& env, ActionType action, const std::string& case_id, const FormSpec& form) {
    UiContext& ui = env.ui;
    std::map<std::string, std::string> answers;
    for (const FormField& f : form.fields) {
        const std::string value = env.state.fields[answer_key(f)];
        if (f.required && value.empty()) {
            ask_for(env, answer_key(f), ui.tr(f.label_key));
            return;
        }
        answers[f.name] = value;
        if (const FormChoice* c = chosen_with_text(env, f)) {
            const std::string text = env.state.fields[choice_text_id(f)];
            if (text.empty()) {
                ask_for(env, choice_text_id(f), ui.tr(c->text_label_key));
                return;
            }
            answers[f.name + "_text"] = text;
        }
    }
    const Customer* customer = env.snap.customer ? &env.snap.customer->customer : nullptr;
    nlohmann::json payload = form_payload(action, answers, env.snap.now, customer);
    if (action == ActionType::UpdatePreferences && payload.size() <= 1) {  // only base_version
        set_notice(env, ui.msg("form.required_missing", {{"field", ui.tr("prefs.title")}}), true);
        return;
    }
    auto recorded = env.core.issue(action, case_id, std::move(payload));
    if (!recorded) {
        accept(env, recorded.error());
        return;
    }
    forget_answers(env, form);
    set_notice(env, ui.tr(env.snap.sync.online ? "status.saved" : "status.saved_queued"), false);
    env.nav.back();
    if (spec(action).effect == LocalEffect::NewCase && recorded->payload.contains("new_case_id")) {
        const std::string created = recorded->payload["new_case_id"].get<std::string>();
        (void)env.core.open_case(created);
        env.nav.go(ScreenId::Receipt, created);
    }
}

// "Order: Washing machine · Reference TP-10002" for an action on a case.
void about_case(ScreenEnv& env, const std::string& case_id) {
    const CaseView* view = shown_case(env, case_id);
    if (!view) return;
    const Case& c = view->summary.data;
    body_text(env.ui, case_title(env, c) + " \u00B7 " +
                          env.ui.msg("case.reference", {{"reference", case_reference(env.ui, c)}}));
}

}  // namespace

void draw_action_form(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "action-form");
    draw_screen_top(env);
    const auto bar = env.nav.arg.find('|');
    const std::string case_id = bar == std::string::npos ? std::string() : env.nav.arg.substr(bar + 1);
    const auto action = action_from_wire(env.nav.arg.substr(0, bar));
    if (!action) {
        body_text(ui, ui.tr("error.generic"));
        back_button(env);
        end_screen();
        return;
    }
    const FormSpec form = form_for(*action);
    const bool typing = !env.state.focused_field.empty();
    if (typing) {  // a quiet title, to leave the keyboard its room
        muted_text(ui, action_name(ui, *action));
    } else {
        screen_title(env, action_name(ui, *action), false);
        muted_text(ui, ui.tr(form.hint_key));
        about_case(env, case_id);
    }
    const bool allowed = allowed_with_connectivity(*action, env.snap.sync.online);
    const float spacing = ui.theme().spacing();
    if (!typing) begin_body(env, "form", ui.theme().touch_height() + spacing * 2);
    drop_answered_notice(env);
    for (const FormField& f : form.fields)
        if (!typing || shown_while_typing(env, f)) draw_field(env, f, typing);
    if (!allowed) muted_text(ui, ui.tr("offline.action_unavailable"));
    notice_line(env);
    if (!typing) end_body();
    ImGui::Dummy(ImVec2(0, spacing * 0.5f));
    // With large text and a tall keyboard layout, the buttons wait for the keyboard's done key.
    const float room = ImGui::GetWindowHeight() - ImGui::GetCursorPosY() - keyboard_reserve(env);
    if (typing && room < ui.theme().touch_height() + spacing * 2) {
        if (focused_keyboard(env, 500) == KeyboardResult::Done) env.state.focused_field.clear();
        end_screen();
        return;
    }
    ButtonOptions send;
    send.tone = Tone::Primary;
    send.enabled = allowed;
    if (button(ui, "form.submit", ui.tr("form.submit"), send)) submit(env, *action, case_id, form);
    ImGui::SameLine(0, spacing);
    if (button(ui, "common.cancel", ui.tr("common.cancel"))) {
        forget_answers(env, form);
        env.state.notice.clear();
        env.nav.back();
    }
    if (focused_keyboard(env, 500) == KeyboardResult::Done) env.state.focused_field.clear();
    end_screen();
}

}  // namespace tp::ui
