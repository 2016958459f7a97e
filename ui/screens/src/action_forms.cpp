#include "action_forms.hpp"

#include <ctime>

namespace tp::ui {
namespace {

FormField text(std::string name, std::string label, bool required = true) {
    FormField f;
    f.name = std::move(name);
    f.label_key = std::move(label);
    f.required = required;
    return f;
}

FormField choice(std::string name, std::string label, std::vector<FormChoice> choices, bool required = true) {
    FormField f;
    f.kind = FormField::Kind::Choice;
    f.name = std::move(name);
    f.label_key = std::move(label);
    f.required = required;
    f.choices = std::move(choices);
    return f;
}

// Local time `hour`:00 on the day after `now`.
Millis tomorrow_at(Millis now, int hour) {
    std::time_t t = static_cast<std::time_t>(now / 1000) + 24 * 3600;
    std::tm day{};
    localtime_r(&t, &day);
    day.tm_hour = hour;
    day.tm_min = 0;
    day.tm_sec = 0;
    return static_cast<Millis>(std::mktime(&day)) * 1000;
}

std::string answer(const std::map<std::string, std::string>& answers, const std::string& name) {
    auto it = answers.find(name);
    return it == answers.end() ? std::string() : it->second;
}

}  // namespace

FormSpec form_for(ActionType action) {
    FormSpec f;
    f.hint_key = "action." + std::string(spec(action).wire_name) + ".hint";
    switch (action) {
        case ActionType::StartReturn:
            f.fields = {choice("reason", "form.reason",
                               {{"damaged", "form.reason.damaged"},
                                {"wrong_item", "form.reason.wrong_item"},
                                {"does_not_fit", "form.reason.does_not_fit"},
                                {"changed_mind", "form.reason.changed_mind"},
                                {"other", "form.reason.other", "form.reason.other_text"}})};
            break;
        case ActionType::ChangeDelivery: f.fields = {text("address", "form.new_address")}; break;
        case ActionType::AddNote: f.fields = {text("text", "form.message")}; break;
        case ActionType::RequestCallback:
            f.fields = {text("topic", "form.callback_topic"),
                        choice("when", "form.callback_when",
                               {{"morning", "form.callback_morning"},
                                {"afternoon", "form.callback_afternoon"},
                                {"evening", "form.callback_evening"}})};
            break;
        case ActionType::OpenComplaint:
            f.fields = {choice("kind", "form.subject",
                               {{"complaint", "form.kind_complaint"},
                                {"service_request", "form.kind_service_request"}}),
                        text("text", "form.details")};
            break;
        case ActionType::UpdatePreferences:
            f.fields = {choice("language", "prefs.language",
                               {{"en", "language.en"}, {"es", "language.es"}, {"fr", "language.fr"}, {"de", "language.de"}},
                               false),
                        choice("preferred_channel", "prefs.channel",
                               {{"email", "prefs.channel.email"},
                                {"sms", "prefs.channel.sms"},
                                {"phone", "prefs.channel.phone"},
                                {"app", "prefs.channel.app"},
                                {"post", "prefs.channel.post"}},
                               false),
                        choice("contact_consent", "prefs.consent", {{"yes", "common.yes"}, {"no", "common.no"}}, false)};
            break;
        case ActionType::RefundPayout:
        case ActionType::IdentityChange: f.fields = {text("details", "form.details")}; break;
        default: break;
    }
    return f;
}

const FormChoice* find_choice(const FormField& field, const std::string& value) {
    for (const FormChoice& c : field.choices)
        if (c.value == value) return &c;
    return nullptr;
}

nlohmann::json form_payload(ActionType action, const std::map<std::string, std::string>& answers, Millis now,
                            const Customer* customer) {
    nlohmann::json p = nlohmann::json::object();
    switch (action) {
        case ActionType::StartReturn:
            // "Another reason" sends what the customer wrote, in their words.
            p["reason"] = answer(answers, "reason") == "other" ? answer(answers, "reason_text") : answer(answers, "reason");
            break;
        case ActionType::ChangeDelivery: p["address"] = answer(answers, "address"); break;
        case ActionType::AddNote: p["text"] = answer(answers, "text"); break;
        case ActionType::RequestCallback: {
            const std::string when = answer(answers, "when");
            p["topic"] = answer(answers, "topic");
            p["when"] = tomorrow_at(now, when == "morning" ? 9 : when == "afternoon" ? 14 : 18);
            break;
        }
        case ActionType::OpenComplaint:
            p["text"] = answer(answers, "text");
            p["kind"] = answer(answers, "kind");
            break;
        case ActionType::UpdatePreferences:
            for (const char* field : {"language", "preferred_channel"})
                if (!answer(answers, field).empty()) p[field] = answer(answers, field);
            if (!answer(answers, "contact_consent").empty()) p["contact_consent"] = answer(answers, "contact_consent") == "yes";
            if (customer) p["base_version"] = customer->version;
            break;
        case ActionType::RefundPayout:
        case ActionType::IdentityChange: p["details"] = answer(answers, "details"); break;
        default: break;
    }
    return p;
}

}  // namespace tp::ui
