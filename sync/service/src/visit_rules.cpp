// The technician's visit actions (brief §3, protocol §7): check in, step done, parts used, note,
// photo, signature, complete.

#include "rules_internal.hpp"
#include "text.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/utf8.hpp"

namespace tp::service::rules {
namespace {

constexpr std::size_t kSignatureMaxNumbers = 40000;

WorkOrder checked_work_order(RuleContext& ctx, ActionType type) {
    Case& c = ctx.need_target();
    auto wo = ctx.store.work_order(c.id);
    if (!wo) invalid("This case has no visit.");
    if (wo->technician_id != ctx.req.actor_id)
        refuse("not_assigned", "This visit is assigned to another technician.", "",
               "Call dispatch");
    if (wo->status == "cancelled")
        refuse("visit_cancelled", "This visit was cancelled by dispatch.", "", "Call dispatch");
    if (wo->status == "completed" && type != ActionType::VisitNote)
        refuse("visit_completed", "This visit is already complete.", "", "Call dispatch");
    return *wo;
}

void store_attachment(RuleContext& ctx, const std::string& kind, const std::string& file_name,
                      const std::string& sha256, const std::optional<std::string>& bytes,
                      const std::string& body) {
    auto stmt = ctx.db.prepare(
        "INSERT INTO attachments(id, case_id, kind, file_name, sha256, bytes, body, created_at) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    stmt.bind_all(new_uuid(), ctx.target->id, kind, file_name, sha256);
    if (bytes)
        stmt.bind(6, std::string_view(*bytes));
    else
        stmt.bind_null(6);
    stmt.bind(7, body).bind(8, ctx.now).run();
}

// The parts as data, "2 × Drain pump (PMP-220), 1 × …": quantities, names and skus only.
std::string parts_text(const nlohmann::json& parts) {
    if (!parts.is_array() || parts.empty()) invalid("List the parts used.");
    std::string text;
    bool first = true;
    for (const auto& part : parts) {
        if (!part.is_object()) invalid("Each part needs a sku, a name and a quantity.");
        std::string sku = need_string(part, "sku", limits::kId);
        std::string name = need_string(part, "name", limits::kShortText);
        std::int64_t quantity = need_int(part, "quantity");
        if (quantity < 1 || quantity > 1000) invalid("A part's quantity must be 1 to 1000.");
        if (!first) text += ", ";
        text += std::to_string(quantity) + " × " + name + " (" + sku + ")";
        first = false;
    }
    return text;
}

std::string signature_body(const nlohmann::json& strokes) {
    if (!strokes.is_array() || strokes.empty()) invalid("The signature has no strokes.");
    std::size_t numbers = 0;
    for (const auto& stroke : strokes) {
        if (!stroke.is_array() || stroke.size() < 2 || stroke.size() % 2 != 0)
            invalid("Each signature stroke is a list of x, y pairs.");
        for (const auto& v : stroke)
            if (!v.is_number()) invalid("Each signature stroke is a list of x, y pairs.");
        numbers += stroke.size();
    }
    if (numbers > kSignatureMaxNumbers) invalid("The signature is too large.");
    return strokes.dump();
}

}  // namespace

void apply_visit_action(ActionType type, RuleContext& ctx) {
    WorkOrder wo = checked_work_order(ctx, type);
    Case& c = *ctx.target;
    const auto& p = ctx.req.payload;
    switch (type) {
        case ActionType::VisitCheckIn: {
            if (wo.status == "assigned") wo.status = "checked_in";
            ctx.store.save(wo);
            for (std::size_t i = 0; i < c.steps.size(); ++i)
                if (c.steps[i].code == "on_site") {
                    if (c.steps[i].actual == 0) c.steps[i].actual = ctx.now;
                    c.current_step = static_cast<int>(i);
                }
            ctx.record(c, "visit_check_in");
            return;
        }
        case ActionType::VisitStepDone: {
            std::string item_id = need_string(p, "item_id", limits::kItemId);
            ChecklistItem* item = nullptr;
            for (auto& i : wo.checklist)
                if (i.id == item_id) item = &i;
            if (!item) invalid("This checklist item is not part of the visit.");
            item->done = opt_bool(p, "done").value_or(true);
            ctx.store.save(wo);
            ctx.record(c, "visit_step_done",
                       {{"item_id", item->id}, {"item", item->label}, {"done", item->done ? "yes" : "no"}});
            return;
        }
        case ActionType::VisitPartsUsed:
            ctx.record(c, "visit_parts_used", {{"parts", parts_text(p.value("parts", nlohmann::json()))}});
            return;
        case ActionType::VisitNote:
            ctx.record(c, "visit_note", nlohmann::json::object(), need_string(p, "text", limits::kText));
            return;
        case ActionType::VisitPhoto: {
            std::string file_name = need_string(p, "file_name", limits::kShortText);
            std::string sha = need_string(p, "sha256", limits::kSha256Hex);
            if (!is_sha256_hex(sha)) invalid("The photo checksum must be a SHA-256 in hex.");
            std::optional<std::string> bytes;
            if (auto encoded = opt_string(p, "bytes_base64", limits::kPhotoBase64)) {
                bytes = base64_decode(*encoded);
                if (!bytes) invalid("The photo is not valid base64.");
                if (bytes->size() > limits::kPhotoBytes)
                    invalid("The photo is larger than 512 KiB.");
                std::string actual = sha256_hex(*bytes);
                std::string expected = fold_for_search(sha);  // lowercases the hex digits
                if (actual != expected) invalid("The photo does not match its checksum.");
            }
            store_attachment(ctx, "photo", file_name, sha, bytes, "");
            ctx.record(c, "visit_photo", {{"file_name", file_name}});
            return;
        }
        case ActionType::VisitSignature: {
            std::string body = signature_body(p.value("strokes", nlohmann::json()));
            std::string document = need_string(p, "document_hash", limits::kSha256Hex);
            if (!is_sha256_hex(document))
                invalid("The signed document's hash must be a SHA-256 in hex.");
            const std::string signer = opt_string(p, "signer_name", limits::kShortText).value_or("");
            store_attachment(ctx, "signature", "signature.json", document, std::nullopt, body);
            ctx.record(c, "visit_signature",
                       {{"signed_by", signer.empty() ? "customer" : "name"},
                        {"signer", signer},
                        {"document", std::string(utf8_prefix(document, 12))}});
            return;
        }
        case ActionType::VisitComplete: {
            wo.status = "completed";
            ctx.store.save(wo);
            c.status = "completed";
            for (auto& step : c.steps)
                if (step.actual == 0) step.actual = ctx.now;
            if (!c.steps.empty()) c.current_step = static_cast<int>(c.steps.size()) - 1;
            ctx.record(c, "visit_complete");
            return;
        }
        default:
            invalid("This action is not known to the service.");
    }
}

}  // namespace tp::service::rules
