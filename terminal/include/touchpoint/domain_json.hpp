#pragma once
// JSON form of the domain, shared by the terminal cache, the sync protocol and the reference
// service (docs/sync-protocol.md). Decoding tolerates missing fields (defaults) and throws
// nlohmann::json::exception on wrong types or unknown enum names; callers at a module boundary
// catch it and turn it into an error result.

#include <nlohmann/json.hpp>

#include "touchpoint/domain.hpp"

// LocalText: an object of language -> text; a plain string is English (older feeds and caches).
template <>
struct nlohmann::adl_serializer<tp::LocalText> {
    static void to_json(json& j, const tp::LocalText& text);
    static void from_json(const json& j, tp::LocalText& text);
};

namespace tp {

void to_json(nlohmann::json& j, Role v);
void from_json(const nlohmann::json& j, Role& v);
void to_json(nlohmann::json& j, Channel v);
void from_json(const nlohmann::json& j, Channel& v);
void to_json(nlohmann::json& j, CaseKind v);
void from_json(const nlohmann::json& j, CaseKind& v);

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Preferences, language, preferred_channel,
                                                accessibility, contact_consent)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Customer, id, name, phone, email, loyalty_number,
                                                segment, store_id, preferences, pin_salt, pin_hash,
                                                version)
// A step is {code, planned, actual}. A step of an older feed or cache has a `name` instead
// ("Return requested"), read as its code ("return_requested").
void to_json(nlohmann::json& j, const ProcessStep& s);
void from_json(const nlohmann::json& j, ProcessStep& s);
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TimelineEvent, id, at, device_time, actor, channel,
                                                kind, params, text, command_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Case, id, reference, local_reference, customer_id,
                                                kind, title, subject, status, steps, current_step,
                                                sla_due,
                                                at_risk, owning_team, origin_channel, version,
                                                timeline, delivered_at)
// An option is an object {id, text, start?, end?}; a plain string s reads as {"id": s, "text": s}.
void to_json(nlohmann::json& j, const InTrayOption& o);
void from_json(const nlohmann::json& j, InTrayOption& o);
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(InTrayItem, id, case_id, customer_id, kind, prompt,
                                                options, due, answer, answered_channel, answered_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Interaction, id, customer_id, case_id, channel,
                                                kind, params, summary, at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Offer, id, customer_id, title, body)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ChecklistItem, id, label, done)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Part, sku, name, quantity)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(WorkOrder, case_id, technician_id, customer_id,
                                                address, window_start, window_end, status,
                                                checklist, parts_planned)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Staff, id, name, role, store_id, pin_salt, pin_hash)

}  // namespace tp
