#include "domain_words.hpp"

#include "screen_kit.hpp"

namespace tp::ui {
namespace {

bool known(const UiContext& ui, const std::string& key) {
    return ui.strings().has(kReferenceLanguage, key);
}

// `prefix` + code when the tables know it, else `prefix` + "other".
std::string key_or_other(const UiContext& ui, std::string_view prefix, const std::string& code) {
    std::string key = std::string(prefix) + code;
    return known(ui, key) ? key : std::string(prefix) + "other";
}

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// Whether an integer parameter is a moment: named "date", "start", "end" or "*_at".
bool is_moment(std::string_view name) {
    return name == "date" || name == "start" || name == "end" || ends_with(name, "_at");
}

// The message arguments of a code's params: strings as they are (a "step" worded as a step, a
// "code" as a refusal), moments as dates, numbers, LocalText objects picked for the screen, plus
// {channel}.
MessageArgs params_args(const ScreenEnv& env, const nlohmann::json& params, Channel channel) {
    const UiContext& ui = env.ui;
    MessageArgs args;
    if (params.is_object()) {
        for (const auto& [name, value] : params.items()) {
            if (value.is_string()) {
                const std::string& s = value.get_ref<const std::string&>();
                if (name == "step") {
                    args.push_back({name, step_name(ui, s)});
                } else if (name == "code") {
                    CommandResult refusal;
                    refusal.code = s;
                    args.push_back({name, s});
                    args.push_back({"reason", refusal_reason(ui, refusal)});
                } else {
                    args.push_back({name, s});
                }
            } else if (value.is_number_integer()) {
                const auto n = value.get<std::int64_t>();
                if (is_moment(name)) args.push_back({name, Moment{n}});
                else args.push_back({name, n});
            } else if (value.is_number()) {
                args.push_back({name, value.get<double>()});
            } else if (value.is_boolean()) {
                args.push_back({name, std::string(value.get<bool>() ? "yes" : "no")});
            } else if (value.is_object()) {
                LocalText text;
                for (const auto& [language, t] : value.items())
                    if (t.is_string()) text.emplace(language, t.get<std::string>());
                args.push_back({name, local_text(env, text)});
            }
        }
    }
    args.push_back({"channel", channel_name(ui, channel)});
    return args;
}

}  // namespace

std::string_view fallback_language(const ScreenEnv& env) {
    return env.core.session().config().language;
}

std::string local_text(const UiContext& ui, const LocalText& text, std::string_view fallback) {
    return pick_text(text, ui.strings().language(), fallback);
}

std::string local_text(const ScreenEnv& env, const LocalText& text) {
    return local_text(env.ui, text, fallback_language(env));
}

std::string case_title(const ScreenEnv& env, const Case& c) {
    std::string authored = local_text(env, c.title);
    if (!authored.empty()) return authored;
    const std::string key = std::string("case.title.") + to_string(c.kind);
    if (!c.subject.empty() && known(env.ui, key)) return env.ui.msg(key, {{"subject", c.subject}});
    return case_kind_name(env.ui, c.kind);
}

std::string step_name(const UiContext& ui, const std::string& code) {
    return ui.msg(key_or_other(ui, "step.", code));
}

std::string event_text(const ScreenEnv& env, const TimelineEvent& e) {
    return env.ui.msg(key_or_other(env.ui, "event.", e.kind), params_args(env, e.params, e.channel));
}

std::string journey_text(const ScreenEnv& env, const Interaction& i) {
    return env.ui.msg(key_or_other(env.ui, "journey.", i.kind), params_args(env, i.params, i.channel));
}

std::string intray_kind_name(const UiContext& ui, const std::string& kind) {
    return ui.msg(key_or_other(ui, "intray.kind.", kind));
}

std::string option_text(const ScreenEnv& env, const InTrayOption& option) {
    if (option.start != 0 && option.end != 0)
        return env.ui.msg("intray.slot", {{"start", Moment{option.start}}, {"end", Moment{option.end}}});
    std::string text = local_text(env, option.text);
    return text.empty() ? option.id : text;
}

std::string answer_text(const ScreenEnv& env, const std::vector<InTrayOption>& options,
                        const std::string& answer) {
    for (const InTrayOption& o : options)
        if (o.id == answer) return option_text(env, o);
    return answer;
}

std::string work_order_status_name(const UiContext& ui, const std::string& status) {
    return ui.msg(key_or_other(ui, "tech.status.", status));
}

}  // namespace tp::ui
