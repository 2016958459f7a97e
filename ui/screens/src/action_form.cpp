// The form of one action (nav.arg "<action wire name>|<case id>"): the fields its payload needs,
// typed on the on-screen keyboard or chosen with big buttons; required fields are checked with a
// plain message. Sending records the command (queued when offline) and shows where it stands.
#include <imgui.h>

#include "action_forms.hpp"
#include "screen_kit.hpp"

namespace tp::ui {
namespace {

std::string field_id(const FormField& f) { return "form.field." + f.name; }
std::string choice_key(const FormField& f) { return "form.choice." + f.name; }

void draw_field(ScreenEnv& env, const FormField& f) {
    UiContext& ui = env.ui;
    std::string label = ui.tr(f.label_key);
    if (!f.required) label += std::string(" ") + ui.tr("common.optional");
    if (f.kind == FormField::Kind::Text) {
        keyboard_field(env, field_id(f), label);
        return;
    }
    muted_text(ui, label);
    std::string& chosen = env.state.fields[choice_key(f)];
    for (std::size_t i = 0; i < f.choices.size(); ++i) {
        const FormChoice& c = f.choices[i];
        if (i > 0) next_in_row(ui, ui.tr(c.label_key));
        ButtonOptions o;
        o.selected = chosen == c.value;
        o.tone = o.selected ? Tone::Primary : Tone::Secondary;
        if (button(ui, choice_key(f) + "." + c.value, ui.tr(c.label_key), o)) chosen = c.value;
    }
}

void submit(ScreenEnv& env, ActionType action, const std::string& case_id, const FormSpec& form) {
    UiContext& ui = env.ui;
    std::map<std::string, std::string> answers;
    for (const FormField& f : form.fields) {
        const std::string value = env.state.fields[f.kind == FormField::Kind::Text ? field_id(f) : choice_key(f)];
        if (f.required && value.empty()) {
            set_notice(env, format(ui.tr("form.required_missing"), {ui.tr(f.label_key)}), true);
            return;
        }
        answers[f.name] = value;
    }
    const Customer* customer = env.snap.customer ? &env.snap.customer->customer : nullptr;
    nlohmann::json payload = form_payload(action, answers, env.snap.now, customer);
    if (action == ActionType::UpdatePreferences && payload.size() <= 1) {
        set_notice(env, format(ui.tr("form.required_missing"), {ui.tr("prefs.title")}), true);
        return;
    }
    auto recorded = env.core.issue(action, case_id, std::move(payload));
    if (!recorded) {
        accept(env, recorded.error());
        return;
    }
    for (const FormField& f : form.fields) {
        env.state.fields.erase(field_id(f));
        env.state.fields.erase(choice_key(f));
    }
    env.state.focused_field.clear();
    set_notice(env, ui.tr(env.snap.sync.online ? "status.saved" : "status.saved_queued"), false);
    env.nav.back();
    if (spec(action).effect == LocalEffect::NewCase && recorded->payload.contains("new_case_id")) {
        const std::string created = recorded->payload["new_case_id"].get<std::string>();
        (void)env.core.open_case(created);
        env.nav.go(ScreenId::Receipt, created);
    }
}

}  // namespace

void draw_action_form(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "action-form");
    draw_screen_top(env);
    const auto bar = env.nav.arg.find('|');
    const std::string wire = env.nav.arg.substr(0, bar);
    const std::string case_id = bar == std::string::npos ? std::string() : env.nav.arg.substr(bar + 1);
    const auto action = action_from_wire(wire);
    if (!action) {
        body_text(ui, ui.tr("error.generic"));
        back_button(env);
        end_screen();
        return;
    }
    const FormSpec form = form_for(*action);
    screen_title(env, action_name(ui, *action), false);
    muted_text(ui, ui.tr(form.hint_key));
    if (env.snap.open_case && env.snap.open_case->summary.data.id == case_id)
        body_text(ui, format(ui.tr("case.reference"), {env.snap.open_case->summary.data.reference}));

    const bool allowed = allowed_with_connectivity(*action, env.snap.sync.online);
    begin_body(env, "form", keyboard_reserve(env) + ui.theme().touch_height() + ui.theme().spacing() * 2);
    for (const FormField& f : form.fields) draw_field(env, f);
    if (!allowed) muted_text(ui, ui.tr("offline.action_unavailable"));
    notice_line(env);
    end_body();

    ButtonOptions send;
    send.tone = Tone::Primary;
    send.enabled = allowed;
    if (button(ui, "form.submit", ui.tr("form.submit"), send)) submit(env, *action, case_id, form);
    ImGui::SameLine();
    if (button(ui, "form.cancel", ui.tr("common.cancel"))) {
        env.state.focused_field.clear();
        env.state.notice.clear();
        env.nav.back();
    }
    if (focused_keyboard(env, 500) == KeyboardResult::Done) env.state.focused_field.clear();
    end_screen();
}

}  // namespace tp::ui
