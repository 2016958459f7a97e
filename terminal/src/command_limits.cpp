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

constexpr const char* kHowBytesCount =
    " (a letter with an accent counts 2, a symbol such as \u20AC counts 3). Please shorten it.";

std::optional<std::string> id_problem(const char* what, const std::string& id) {
    if (!is_valid_utf8(id))
        return std::string("The ") + what + " is not readable text (not UTF-8).";
    if (id.size() > limits::kId)
        return std::string("The ") + what + " is too long: at most " +
               std::to_string(limits::kId) + " bytes.";
    return std::nullopt;
}

// `value` is the field named `field`; present and not null.
std::optional<std::string> text_problem(std::string_view field, const json& value,
                                        std::size_t max_bytes) {
    const std::string name = "\"" + std::string(field) + "\"";
    if (!value.is_string()) return "The field " + name + " must be text.";
    const auto& text = value.get_ref<const std::string&>();
    if (!is_valid_utf8(text))
        return "The field " + name +
               " holds bytes that are not text (not UTF-8). Please type it again.";
    if (text.size() > max_bytes)
        return "The field " + name + " is too long: at most " + std::to_string(max_bytes) +
               " bytes" + kHowBytesCount;
    return std::nullopt;
}

std::optional<std::string> field_problem(const json& object, const PayloadTextLimit& limit) {
    if (!object.is_object()) return std::nullopt;
    auto it = object.find(limit.field);
    if (it == object.end() || it->is_null()) return std::nullopt;
    return text_problem(limit.field, *it, limit.max_bytes);
}

std::optional<std::string> limit_problem(const json& payload, const PayloadTextLimit& limit) {
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

std::optional<std::string> command_input_problem(const CommandDraft& draft) {
    if (auto p = id_problem("case id", draft.case_id)) return p;
    if (auto p = id_problem("customer id", draft.customer_id)) return p;
    if (auto p = id_problem("actor id", draft.actor_id)) return p;
    if (auto p = id_problem("staff id", draft.staff_id)) return p;
    if (!draft.payload.is_object() && !draft.payload.is_null())
        return "The request's details must be a JSON object.";
    for (const auto& limit : kPayloadTextLimits)
        if (limit.action == draft.action)
            if (auto p = limit_problem(draft.payload, limit)) return p;
    if (!json_text_is_valid(draft.payload))
        return "The request holds text that is not readable (not UTF-8). Please type it again.";
    return std::nullopt;
}

}  // namespace tp
