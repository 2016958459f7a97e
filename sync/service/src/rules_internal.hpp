#pragma once
// Shared by the rule files: the refusal thrown by a rule, payload readers that refuse malformed
// payloads as `invalid`, and the context a rule works in.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "case_rules.hpp"
#include "limits.hpp"
#include "touchpoint/actions.hpp"

namespace tp::service::rules {

constexpr Millis kDay = 24LL * 3600 * 1000;

struct Refusal {
    std::string code;
    std::string reason;
    std::string alternative;
    std::string alternative_text;
};

[[noreturn]] void refuse(std::string code, std::string reason, std::string alternative = {},
                         std::string alternative_text = {});
[[noreturn]] void invalid(std::string reason);

// Payload readers. Missing required fields and wrong types refuse with `invalid`.
std::string need_string(const nlohmann::json& p, const char* key, std::size_t max_len);
std::optional<std::string> opt_string(const nlohmann::json& p, const char* key,
                                      std::size_t max_len);
std::int64_t need_int(const nlohmann::json& p, const char* key);
std::optional<std::int64_t> opt_int(const nlohmann::json& p, const char* key);
std::optional<bool> opt_bool(const nlohmann::json& p, const char* key);
// An authored text: an object of language -> text (each language ≤ kLanguage bytes, each text
// ≤ max_len) or a plain string, which is English. Missing or null: nullopt.
std::optional<LocalText> opt_local_text(const nlohmann::json& p, const char* key,
                                        std::size_t max_len);

struct RuleContext {
    RuleContext(Sql& database, EntityStore& entities, const CommandRequest& request, Millis time,
                std::string actor_text)
        : db(database), store(entities), req(request), now(time), actor(std::move(actor_text)) {}

    Sql& db;
    EntityStore& store;
    const CommandRequest& req;
    Millis now;
    std::string actor;               // "customer", "rep:R1", "technician:T1", "automatic"
    std::optional<Customer> customer;
    std::optional<Case> target;      // the case acted on; its timeline gets the event
    std::string created_case_id;     // a case the command created
    std::int64_t created_case_version = 0;
    nlohmann::json extra = nlohmann::json::object();

    // Appends an event of `kind` with its named `params` and `text` (people's own words only),
    // stamped with the service time, the command's device time, actor and channel; bumps the
    // case version and saves the case.
    void record(Case& c, const std::string& kind, nlohmann::json params = nlohmann::json::object(),
                const std::string& text = {});
    // Short human reference for a new case, e.g. "TP-10042".
    std::string next_reference();
    // A new case id from payload field `new_case_id`: 1-64 characters of [A-Za-z0-9._:-], not
    // used by another case.
    std::string new_case_id();
    // The command's `local_reference` when it is this terminal's (req.local_reference_prefix and
    // digits) and no case has it yet; else empty: the case then has only its TP- reference.
    std::string accepted_local_reference();
    // A new open case of the command's customer about `subject` (data, e.g. a product name),
    // with steps of `step_codes`, not yet saved. Its title is left for the terminal to word.
    Case new_case(const std::string& id, CaseKind kind, const std::string& subject,
                  const std::vector<std::string>& step_codes, Millis sla_due,
                  const std::string& team);
    Case& need_target();
    const Customer& need_customer();
    // Whether the command's sender may see this customer's cases and items (req.in_scope).
    bool may_touch(const std::string& customer_id) const {
        return !req.in_scope || req.in_scope(customer_id);
    }
};

// The case acted on, which must be an order (else `invalid`).
Case& need_order(RuleContext& ctx);
// Marks the step of `step_code` reached at `at` (if not yet) and makes it the current step.
void set_step_reached(Case& c, const std::string& step_code, Millis at);

// The technician's visit actions (visit_rules.cpp).
void apply_visit_action(ActionType type, RuleContext& ctx);

// A back-office operation by wire name (back_office_rules.cpp); nullptr when there is none.
using BackOfficeHandler = void (*)(RuleContext&);
BackOfficeHandler back_office_handler(std::string_view name);

}  // namespace tp::service::rules
