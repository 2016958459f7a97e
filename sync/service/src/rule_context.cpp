// The context rules work in, and the payload readers that refuse malformed payloads.

#include <algorithm>

#include "rules_internal.hpp"
#include "schema.hpp"
#include "touchpoint/domain_json.hpp"
#include "touchpoint/local_reference.hpp"

namespace tp::service::rules {

void refuse(std::string code, std::string reason, std::string alternative,
            std::string alternative_text) {
    throw Refusal{std::move(code), std::move(reason), std::move(alternative),
                  std::move(alternative_text)};
}

void invalid(std::string reason) {
    refuse("invalid", std::move(reason));
}

std::optional<std::string> opt_string(const nlohmann::json& p, const char* key,
                                      std::size_t max_len) {
    auto it = p.find(key);
    if (it == p.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) invalid(std::string("The field \"") + key + "\" must be text.");
    const auto& s = it->get_ref<const std::string&>();
    if (s.size() > max_len) invalid(std::string("The field \"") + key + "\" is too long.");
    return s;
}

std::string need_string(const nlohmann::json& p, const char* key, std::size_t max_len) {
    auto s = opt_string(p, key, max_len);
    if (!s || s->empty()) invalid(std::string("The field \"") + key + "\" is required.");
    return *s;
}

std::optional<std::int64_t> opt_int(const nlohmann::json& p, const char* key) {
    auto it = p.find(key);
    if (it == p.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer())
        invalid(std::string("The field \"") + key + "\" must be a whole number.");
    return it->get<std::int64_t>();
}

std::int64_t need_int(const nlohmann::json& p, const char* key) {
    auto v = opt_int(p, key);
    if (!v) invalid(std::string("The field \"") + key + "\" is required.");
    return *v;
}

std::optional<bool> opt_bool(const nlohmann::json& p, const char* key) {
    auto it = p.find(key);
    if (it == p.end() || it->is_null()) return std::nullopt;
    if (!it->is_boolean()) invalid(std::string("The field \"") + key + "\" must be true or false.");
    return it->get<bool>();
}

std::optional<LocalText> opt_local_text(const nlohmann::json& p, const char* key,
                                        std::size_t max_len) {
    auto it = p.find(key);
    if (it == p.end() || it->is_null()) return std::nullopt;
    if (it->is_string()) return LocalText{{"en", *opt_string(p, key, max_len)}};
    if (!it->is_object())
        invalid(std::string("The field \"") + key + "\" must be text or a map of languages.");
    LocalText text;
    for (const auto& [language, value] : it->items()) {
        if (language.empty() || language.size() > limits::kLanguage)
            invalid(std::string("The field \"") + key + "\" names a language that is not one.");
        if (!value.is_string())
            invalid(std::string("The field \"") + key + "\" must map languages to text.");
        if (value.get_ref<const std::string&>().size() > max_len)
            invalid(std::string("The field \"") + key + "\" is too long.");
        text.emplace(language, value.get<std::string>());
    }
    return text;
}

void RuleContext::record(Case& c, const std::string& kind, nlohmann::json params,
                         const std::string& text) {
    TimelineEvent e;
    e.id = c.id + "-E" + std::to_string(c.timeline.size() + 1);
    e.at = now;
    e.device_time = req.device_time;
    e.actor = actor;
    e.channel = req.channel;
    e.kind = kind;
    e.params = std::move(params);
    e.text = text;
    e.command_id = req.command_id;
    c.timeline.push_back(std::move(e));
    ++c.version;
    store.save(c);
}

std::string RuleContext::next_reference() {
    return "TP-" + std::to_string(10000 + next_counter(db, "case_reference"));
}

std::string RuleContext::new_case_id() {
    std::string id = need_string(req.payload, "new_case_id", limits::kId);
    bool ok = std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.' || c == ':';
    });
    if (!ok) invalid("The new case id may only use letters, digits and - _ . :");
    if (store.find_case(id)) invalid("The new case id is already used by another case.");
    return id;
}

std::string RuleContext::accepted_local_reference() {
    auto reference = opt_string(req.payload, "local_reference", limits::kId).value_or("");
    if (!is_local_reference(reference, req.local_reference_prefix)) return {};
    if (store.case_by_reference(reference)) return {};
    return reference;
}

Case RuleContext::new_case(const std::string& id, CaseKind kind, const std::string& subject,
                           const std::vector<std::string>& step_codes, Millis sla_due,
                           const std::string& team) {
    Case c;
    c.id = id;
    c.reference = next_reference();
    c.local_reference = accepted_local_reference();
    c.customer_id = need_customer().id;
    c.kind = kind;
    c.subject = subject;
    c.status = "open";
    for (std::size_t i = 0; i < step_codes.size(); ++i)
        c.steps.push_back({step_codes[i], i == 0 ? now : 0, i == 0 ? now : 0});
    c.current_step = 0;
    c.sla_due = sla_due;
    c.owning_team = team;
    c.origin_channel = req.channel;
    return c;
}

Case& RuleContext::need_target() {
    if (!target) invalid("This action needs a case.");
    return *target;
}

const Customer& RuleContext::need_customer() {
    if (!customer) invalid("This action needs a customer.");
    return *customer;
}

Case& need_order(RuleContext& ctx) {
    Case& c = ctx.need_target();
    if (c.kind != CaseKind::Order) invalid("This action only applies to an order.");
    return c;
}

void set_step_reached(Case& c, const std::string& step_code, Millis at) {
    for (std::size_t i = 0; i < c.steps.size(); ++i) {
        if (c.steps[i].code != step_code) continue;
        if (c.steps[i].actual == 0) c.steps[i].actual = at;
        c.current_step = static_cast<int>(i);
    }
}

}  // namespace tp::service::rules
