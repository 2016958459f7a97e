// The technician's visit (nav.arg = the work order's case id), usable offline throughout. On the
// left, the work: check in, the checklist, parts used, notes and photos. On the right, the report
// the customer signs — the exact text, built from the visit; its SHA-256 ("signed document
// fingerprint") only behind a details button — the signature pad under it, the signer's printed
// name, and "complete", which sends the strokes bound to that hash and then completes. Complete
// is enabled only when checked in, every checklist item is done and the customer has signed:
// strokes of at least kSignatureMinLength in all, and their name typed; otherwise the screen says
// what is missing. The room for that message is kept whether it shows or not, so the pad never
// moves under the finger.
#include <imgui.h>

#include <cfloat>

#include "signature_pad.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/ui/status.hpp"
#include "visit_photo.hpp"
#include "visit_sections.hpp"

namespace tp::ui {
namespace {

const char* const kSep = " \u00B7 ";
// "<case id>|<document hash>" of the report the strokes on the pad were drawn under.
const char* const kSignedOver = "visit.sign.document";
// "1" while the report's fingerprint is shown.
const char* const kShowFingerprint = "visit.doc.details";

// Strokes belong to one document: when the report changes under a signature not yet sent (a
// note saved, a step done, another visit opened), the strokes are dropped and the customer signs
// again what is now shown.
void bind_strokes(ScreenEnv& env, const std::string& case_id, const std::string& hash) {
    std::string& over = env.state.fields[kSignedOver];
    const std::string now = case_id + "|" + hash;
    if (env.state.signature.empty()) {
        over.clear();
        return;
    }
    if (over.empty()) over = now;
    if (over == now) return;
    const bool same_visit = over.compare(0, case_id.size() + 1, case_id + "|") == 0;
    env.state.signature.clear();
    over.clear();
    if (same_visit) set_notice(env, env.ui.tr("visit.sign_again"), true);
}

std::string missing(const UiContext& ui, const VisitRecord& r, const ScreenState& state) {
    if (!r.checked_in) return ui.tr("visit.check_in_first");
    if (r.open_steps == 1) return ui.tr("visit.checklist_open_one");
    if (r.open_steps > 1) return ui.msg("visit.checklist_open", {{"count", static_cast<std::int64_t>(r.open_steps)}});
    if (r.signed_) return {};
    if (state.signature.empty()) return ui.tr("visit.sign_needed");
    if (stroke_length(state.signature) < kSignatureMinLength) return ui.tr("visit.sign_longer");
    auto name = state.fields.find(kSignerField);
    if (name == state.fields.end() || name->second.empty()) return ui.tr("visit.signer_needed");
    return {};
}

// The tallest message missing() can give, so its room is kept whichever shows.
float missing_room(const UiContext& ui, float width, float spacing) {
    ImFont* body = ui.fonts().body ? ui.fonts().body : ImGui::GetFont();
    float most = 0.0f;
    for (const std::string& text : {std::string(ui.tr("visit.check_in_first")), std::string(ui.tr("visit.checklist_open_one")),
                                    ui.msg("visit.checklist_open", {{"count", std::int64_t{99}}}), std::string(ui.tr("visit.sign_needed")),
                                    std::string(ui.tr("visit.sign_longer")), std::string(ui.tr("visit.signer_needed"))})
        most = std::max(most, body->CalcTextSizeA(body->FontSize, FLT_MAX, width, text.c_str()).y);
    return most + spacing;
}

// The report's fingerprint, for whoever asks: behind a details button.
void fingerprint(ScreenEnv& env, const std::string& hash) {
    std::string& shown = env.state.fields[kShowFingerprint];
    if (shown == "1") {
        std::string grouped;  // in groups of 8 hex digits, so it wraps like words
        for (std::size_t i = 0; i < hash.size(); i += 8) grouped += (i ? " " : "") + hash.substr(i, 8);
        muted_text(env.ui, env.ui.msg("visit.doc_fingerprint", {{"fingerprint", grouped}}));
        if (button(env.ui, "visit.doc.hide", env.ui.tr("visit.doc_hide"))) shown.clear();
    } else if (button(env.ui, "visit.doc.details", env.ui.tr("visit.doc_details"))) {
        shown = "1";
    }
}

void complete(ScreenEnv& env, const WorkOrderView& wo, const VisitRecord& r, const std::string& hash) {
    const std::string& id = wo.order.case_id;
    if (!r.signed_) {
        nlohmann::json strokes = env.state.signature;
        if (!issue_visit(env, ActionType::VisitSignature, id,
                         {{"strokes", std::move(strokes)}, {"document_hash", hash}, {"signer_name", env.state.fields[kSignerField]}}))
            return;
        env.state.signature.clear();
        env.state.fields[kSignedOver].clear();
        env.state.fields[kSignerField].clear();
    }
    issue_visit(env, ActionType::VisitComplete, id);
}

float label_width(const UiContext& ui, const std::string& label) {
    ImFont* font = ui.fonts().bold ? ui.fonts().bold : ImGui::GetFont();
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, label.c_str()).x + ui.theme().padding() * 2;
}

// Under the report: the pad and "clear" (or how the signature stands), "complete" (or how the
// completion stands) and what is still missing.
void signing(ScreenEnv& env, const WorkOrderView& wo, const VisitRecord& r, const std::string& hash, float pad_h,
             const std::string& why) {
    UiContext& ui = env.ui;
    const bool pad = pad_h > 0.0f;
    if (pad) {
        signature_pad(ui, "visit.sign.pad", ui.tr("visit.sign_here"), pad_h, env.state.signature);
        // The signer's printed name, with "clear" level with its box on the right.
        const std::string clear_label = ui.tr("visit.clear_signature");
        const float spacing = ui.theme().spacing();
        const float left = ImGui::GetCursorScreenPos().x;
        ImGui::BeginGroup();
        FieldOptions name;
        name.width = std::max(ui.theme().touch_height() * 3, ImGui::GetContentRegionAvail().x - label_width(ui, clear_label) - spacing);
        keyboard_field(env, kSignerField, ui.tr("visit.signer_name"), name);
        ImGui::EndGroup();
        const ImVec2 field_end = ImGui::GetItemRectMax();
        ImGui::SetCursorScreenPos(ImVec2(field_end.x + spacing, field_end.y - ui.theme().touch_height()));
        ButtonOptions clear;
        clear.enabled = !env.state.signature.empty();
        if (button(ui, "visit.sign.clear", clear_label, clear)) env.state.signature.clear();
        ImGui::SetCursorScreenPos(ImVec2(left, field_end.y + ImGui::GetStyle().ItemSpacing.y));
    } else if (r.signed_) {
        body_text(ui, "\u2713 " + std::string(ui.tr("visit.signed")));
        if (r.signature) command_chip(env, *r.signature);
    }
    if (r.completed) {
        body_text(ui, "\u2713 " + std::string(ui.tr("visit.completed")));
        if (r.complete) command_chip(env, *r.complete);
        return;
    }
    ButtonOptions done;
    done.tone = Tone::Primary;
    done.enabled = why.empty();
    if (button(ui, "visit.complete", action_name(ui, ActionType::VisitComplete), done)) complete(env, wo, r, hash);
    if (!why.empty()) {  // beside the button, in room kept for the longest message (missing_room)
        ImGui::SameLine(0, ui.theme().spacing());
        muted_text(ui, why);
    }
}

// Above the report: "You are signing" while it waits for the signature, then who signed it
// ("Signed by Ben Ortiz"; "Signed" when the signature was taken on another device).
std::string sign_heading(const UiContext& ui, const WorkOrderView& wo, const VisitRecord& r) {
    const std::string reference = case_reference(ui, wo.case_reference);
    if (!r.signed_) return ui.msg("visit.signing_document", {{"reference", reference}});
    const std::string signer = r.signature ? r.signature->payload.value("signer_name", "") : std::string();
    if (signer.empty()) return ui.msg("visit.signed_document", {{"reference", reference}});
    return ui.msg("visit.signed_document_by", {{"name", signer}, {"reference", reference}});
}

// The report the customer signs with its fingerprint, then the signing. When the report, the pad
// and the buttons fit, only the report scrolls, so the pad stays in reach; at large text sizes
// the whole column scrolls (the pad holds it still while a finger draws on it).
void sign_column(ScreenEnv& env, const WorkOrderView& wo, const VisitRecord& r, float bottom_reserve) {
    UiContext& ui = env.ui;
    const float spacing = ui.theme().spacing();
    const float touch = ui.theme().touch_height();
    const std::string document = visit_document(ui, wo, r);
    const std::string hash = sha256_hex(document);
    bind_strokes(env, wo.order.case_id, hash);
    const bool pad = !r.signed_ && !r.completed;
    const std::string why = r.completed ? std::string() : missing(ui, r, env.state);
    const std::string heading = sign_heading(ui, wo, r);

    const float width = ImGui::GetContentRegionAvail().x;
    const float pad_h = pad ? std::max(128.0f * ui.theme().text_scale, kMinTouchTarget * 2) : 0.0f;
    ImFont* body = ui.fonts().body ? ui.fonts().body : ImGui::GetFont();
    const auto text_h = [&](const std::string& text) {
        return text.empty() ? 0.0f : body->CalcTextSizeA(body->FontSize, FLT_MAX, width, text.c_str()).y + spacing;
    };
    ImFont* small = ui.fonts().small ? ui.fonts().small : body;
    const float name_row = pad ? small->FontSize + ImGui::GetStyle().ItemSpacing.y * 2 + touch : 0.0f;
    const float beside = width - label_width(ui, action_name(ui, ActionType::VisitComplete)) - spacing;
    const float why_room = r.completed ? 0.0f : std::max(0.0f, missing_room(ui, beside, spacing) - touch);
    const float below = (pad ? pad_h + spacing : touch) + name_row + touch + spacing + why_room;
    const float room = ImGui::GetContentRegionAvail().y - bottom_reserve - text_h(heading) - below;
    ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + width);
    if (room >= body->FontSize * 2.5f) {  // a few lines of the report, scrolled by a finger
        body_text(ui, heading);
        begin_body(env, "visit.signing_document", bottom_reserve + below);
        fingerprint(env, hash);
        body_text(ui, document);
        end_body();
        signing(env, wo, r, hash, pad_h, why);
    } else {
        begin_body(env, "visit.signing_document", bottom_reserve);
        body_text(ui, heading);
        fingerprint(env, hash);
        body_text(ui, document);
        signing(env, wo, r, hash, pad_h, why);
        end_body();
    }
    ImGui::PopTextWrapPos();
}

// While the signer's name is typed: only that field, under a quiet line naming the visit.
void signer_typing(ScreenEnv& env, const WorkOrderView& wo) {
    UiContext& ui = env.ui;
    muted_text(ui, ui.msg("visit.title", {{"reference", case_reference(ui, wo.case_reference)}}) + kSep +
                       wo.customer_name);
    keyboard_field(env, kSignerField, ui.tr("visit.signer_name"));
    notice_line(env);
}

void header(ScreenEnv& env, const WorkOrderView& wo, const VisitRecord& r) {
    UiContext& ui = env.ui;
    const WorkOrder& o = wo.order;
    screen_title(env, ui.msg("visit.title", {{"reference", case_reference(ui, wo.case_reference)}}), false);
    muted_text(ui, wo.customer_name + kSep + o.address + kSep +
                       ui.msg("tech.window", {{"start", when_text(env, o.window_start)}, {"end", clock_text(ui, o.window_end)}}));
    // The visit's status with this tablet's progress laid over it, how many of its steps wait
    // to sync, and every refusal with its reason.
    const char* status = r.completed ? "completed" : r.checked_in && o.status == "assigned" ? "checked_in" : nullptr;
    // Progress of this tablet's own shows as requested (pending) until the service confirms it.
    chip_beside(ui, work_order_status_name(ui, status ? std::string(status) : o.status),
                o.status == "cancelled"   ? ChipTone::Refused
                : o.status == "completed" ? ChipTone::Success
                : status                  ? ChipTone::Pending
                                          : ChipTone::Neutral);
    if (r.waiting > 0) chip_beside(ui, ui.msg("sync.pending_count", {{"count", static_cast<std::int64_t>(r.waiting)}}), ChipTone::Pending);
    for (const OutboxEntry* e : r.refused) command_chip(env, *e);
    notice_line(env);
}

}  // namespace

void draw_visit_flow(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "visit-flow");
    draw_screen_top(env);
    poll_photo(env);
    const WorkOrderView* wo = nullptr;
    for (const WorkOrderView& w : env.snap.work_orders)
        if (w.order.case_id == env.nav.arg) wo = &w;
    if (!wo) {
        screen_title(env, ui.tr("tech.title"), false);
        muted_text(ui, ui.tr("tech.empty"));
        back_button(env);
        end_screen();
        return;
    }
    const CaseView* view = env.snap.open_case ? &*env.snap.open_case : nullptr;
    const VisitRecord record = visit_record(*wo, view);
    const std::string& field = env.state.focused_field;
    if (field == kSignerField) {
        signer_typing(env, *wo);
    } else if (field == kNoteField) {
        draw_visit_typing(env, *wo, record);
    } else {
        header(env, *wo, record);
        const float spacing = ui.theme().spacing();
        const float reserve = ui.theme().touch_height() + spacing * 2;
        begin_body(env, "visit.work", reserve, (ImGui::GetContentRegionAvail().x - spacing * 2) * 0.5f);
        draw_visit_work(env, *wo, record);
        end_body();
        const ImVec2 below_work = ImGui::GetCursorPos();
        ImGui::SameLine(0, spacing * 2);
        ImGui::BeginGroup();
        sign_column(env, *wo, record, 0.0f);  // down to the bottom: "back" sits under the work
        ImGui::EndGroup();
        ImGui::SetCursorPos(below_work);
        if (back_button(env)) env.core.close_case();
    }
    if (focused_keyboard(env, 2000) == KeyboardResult::Done) env.state.focused_field.clear();
    end_screen();
}

}  // namespace tp::ui
