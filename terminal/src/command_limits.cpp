#include "touchpoint/command_limits.hpp"

#include <array>

#include "touchpoint/outbox.hpp"
#include "touchpoint/utf8.hpp"

namespace tp {
namespace {

using nlohmann::json;
using A = ActionType;

constexpr std::array kPayloadTextLimits{
    PayloadTextLimit{A::StartReturn, "", "new_case_id", limits::kId},
    PayloadTextLimit{A::StartReturn, "", "reason", limits::kText},
    PayloadTextLimit{A::ChangeDelivery, "", "address", limits::kAddress},
    PayloadTextLimit{A::RequestCallback, "", "new_case_id", limits::kId},
    PayloadTextLimit{A::RequestCallback, "", "topic", limits::kShortText},
    PayloadTextLimit{A::AddNote, "", "text", limits::kText},
    PayloadTextLimit{A::AnswerInTray, "", "item_id", limits::kItemId},
    PayloadTextLimit{A::AnswerInTray, "", "answer", limits::kText},
    PayloadTextLimit{A::UpdatePreferences, "", "language", limits::kLanguage},
    PayloadTextLimit{A::UpdatePreferences, "", "preferred_channel", limits::kKeyword},
    PayloadTextLimit{A::UpdatePreferences, "", "accessibility", limits::kShortText},
    PayloadTextLimit{A::OpenComplaint, "", "new_case_id", limits::kId},
    PayloadTextLimit{A::OpenComplaint, "", "text", limits::kText},
    PayloadTextLimit{A::OpenComplaint, "", "kind", limits::kKeyword},
    PayloadTextLimit{A::VisitStepDone, "", "item_id", limits::kItemId},
    PayloadTextLimit{A::VisitPartsUsed, "parts", "sku", limits::kId},
    PayloadTextLimit{A::VisitPartsUsed, "parts", "name", limits::kShortText},
    PayloadTextLimit{A::VisitNote, "", "text", limits::kText},
    PayloadTextLimit{A::VisitPhoto, "", "file_name", limits::kShortText},
    PayloadTextLimit{A::VisitPhoto, "", "sha256", limits::kSha256Hex},
    PayloadTextLimit{A::VisitPhoto, "", "bytes_base64", limits::kPhotoBase64},
    PayloadTextLimit{A::VisitSignature, "", "document_hash", limits::kSha256Hex},
    PayloadTextLimit{A::VisitSignature, "", "signer_name", limits::kShortText},
    PayloadTextLimit{A::Feedback, "", "comment", limits::kText},
    PayloadTextLimit{A::Interaction, "", "kind", limits::kKeyword},
    PayloadTextLimit{A::Interaction, "", "case_id", limits::kId},
};

// Text that is not UTF-8 (the field or id named in the detail).
Error unreadable_text(const std::string& what) {
    return Error{Errc::InvalidInput, "error.text_unreadable", what + " is not UTF-8",
                 {{"field", what}}};
}

// Text longer than `max_bytes` (a letter with an accent counts 2, a symbol such as € counts 3).
Error too_long(const std::string& what, std::size_t max_bytes) {
    return Error{Errc::InvalidInput, "error.text_too_long",
                 what + " is longer than " + std::to_string(max_bytes) + " bytes",
                 {{"field", what}, {"max_bytes", static_cast<std::int64_t>(max_bytes)}}};
}

std::optional<Error> id_problem(const char* what, const std::string& id) {
    if (!is_valid_utf8(id)) return unreadable_text(what);
    if (id.size() > limits::kId) return too_long(what, limits::kId);
    return std::nullopt;
}

// `value` is the field named `field`; present and not null.
std::optional<Error> text_problem(std::string_view field, const json& value,
                                  std::size_t max_bytes) {
    const std::string name(field);
    if (!value.is_string())
        return Error{Errc::InvalidInput, "error.request_incomplete", name + " is not text",
                     {{"field", name}}};
    const auto& text = value.get_ref<const std::string&>();
    if (!is_valid_utf8(text)) return unreadable_text(name);
    if (text.size() > max_bytes) return too_long(name, max_bytes);
    return std::nullopt;
}

std::optional<Error> field_problem(const json& object, const PayloadTextLimit& limit) {
    if (!object.is_object()) return std::nullopt;
    auto it = object.find(limit.field);
    if (it == object.end() || it->is_null()) return std::nullopt;
    return text_problem(limit.field, *it, limit.max_bytes);
}

std::optional<Error> limit_problem(const json& payload, const PayloadTextLimit& limit) {
    if (limit.list.empty()) return field_problem(payload, limit);
    auto list = payload.find(limit.list);
    if (list == payload.end() || !list->is_array()) return std::nullopt;
    for (const auto& item : *list)
        if (auto problem = field_problem(item, limit)) return problem;
    return std::nullopt;
}

}  // namespace

std::span<const PayloadTextLimit> payload_text_limits() {
    return kPayloadTextLimits;
}

std::optional<Error> command_input_problem(const CommandDraft& draft) {
    if (auto p = id_problem("case id", draft.case_id)) return p;
    if (auto p = id_problem("customer id", draft.customer_id)) return p;
    if (auto p = id_problem("actor id", draft.actor_id)) return p;
    if (auto p = id_problem("staff id", draft.staff_id)) return p;
    if (!draft.payload.is_object() && !draft.payload.is_null())
        return Error{Errc::InvalidInput, "error.request_incomplete", "payload is not an object"};
    for (const auto& limit : kPayloadTextLimits)
        if (limit.action == draft.action)
            if (auto p = limit_problem(draft.payload, limit)) return p;
    if (!json_text_is_valid(draft.payload))
        return unreadable_text("payload");
    return std::nullopt;
}

}  // namespace tp
