#include "visit_record.hpp"

#include "screen_kit.hpp"
#include "touchpoint/ui/strings.hpp"

namespace tp::ui {

const OutboxEntry* VisitRecord::part(const std::string& sku) const {
    for (const OutboxEntry* e : parts)
        for (const auto& p : e->payload.value("parts", nlohmann::json::array()))
            if (p.is_object() && p.value("sku", "") == sku) return e;
    return nullptr;
}

VisitRecord visit_record(const WorkOrderView& wo, const CaseView* view) {
    VisitRecord r;
    const nlohmann::json& local = wo.local_progress;
    if (view && view->summary.data.id == wo.order.case_id) {
        for (const OutboxEntry& e : view->own_commands) {
            r.waiting += e.state == CommandState::Pending;
            if (e.state == CommandState::Refused) {
                if (!e.dismissed) r.refused.push_back(&e);
                continue;
            }
            switch (e.action) {
                case ActionType::VisitCheckIn: r.check_in = &e; break;
                case ActionType::VisitStepDone: r.steps[e.payload.value("item_id", "")] = &e; break;
                case ActionType::VisitPartsUsed: r.parts.push_back(&e); break;
                case ActionType::VisitNote: r.notes.push_back(&e); break;
                case ActionType::VisitPhoto: r.photos.push_back(&e); break;
                case ActionType::VisitSignature: r.signature = &e; break;
                case ActionType::VisitComplete: r.complete = &e; break;
                default: break;
            }
        }
        // A signature taken on another device shows on the case's timeline.
        for (const TimelineEvent& ev : view->summary.data.timeline)
            if (ev.kind == "visit_signature") r.signed_ = true;
    }
    r.completed = wo.order.status == "completed" || local.value("completed", false) || r.complete;
    r.checked_in = r.completed || wo.order.status == "checked_in" || local.value("checked_in", false) || r.check_in;
    r.signed_ = r.signed_ || local.value("signed", false) || r.signature;
    const auto done_here = local.find("done");
    for (const ChecklistItem& item : wo.order.checklist) {
        bool done = item.done;
        if (done_here != local.end() && done_here->is_object() && done_here->contains(item.id))
            done = done_here->value(item.id, done);
        if (auto it = r.steps.find(item.id); it != r.steps.end()) done = it->second->payload.value("done", true);
        r.step_done[item.id] = done;
        if (!done) ++r.open_steps;
    }
    return r;
}

namespace {
// A part as the customer knows it: its name as recorded, else the planned part's name.
std::string part_name(const WorkOrderView& wo, const nlohmann::json& part) {
    std::string name = part.value("name", "");
    if (!name.empty()) return name;
    const std::string sku = part.value("sku", "");
    for (const Part& planned : wo.order.parts_planned)
        if (planned.sku == sku && !planned.name.empty()) return planned.name;
    return {};
}
}  // namespace

std::string visit_document(const UiContext& ui, const WorkOrderView& wo, const VisitRecord& record) {
    const std::string reference = case_reference(ui, wo.case_reference);
    std::string doc = ui.msg("visit.doc.title", {{"reference", reference}}) + "\n";
    doc += ui.msg("visit.doc.customer", {{"name", wo.customer_name}}) + "\n";
    doc += ui.msg("visit.doc.address", {{"address", wo.order.address}}) + "\n";
    if (!wo.technician_name.empty()) doc += ui.msg("visit.doc.technician", {{"name", wo.technician_name}}) + "\n";
    doc += std::string(ui.tr("visit.doc.checklist")) + "\n";
    for (const ChecklistItem& item : wo.order.checklist) {
        const auto it = record.step_done.find(item.id);
        const bool done = it != record.step_done.end() && it->second;
        doc += "  " + ui.msg(done ? "visit.doc.item_done" : "visit.doc.item_open", {{"item", local_text(ui, item.label, kReferenceLanguage)}}) + "\n";
    }
    doc += std::string(ui.tr("visit.doc.parts")) + "\n";
    bool any_part = false;
    for (const OutboxEntry* e : record.parts)
        for (const auto& p : e->payload.value("parts", nlohmann::json::array())) {
            if (!p.is_object()) continue;
            doc += "  " + ui.msg("visit.doc.part", {{"quantity", static_cast<std::int64_t>(p.value("quantity", 0))}, {"part", part_name(wo, p)}}) + "\n";
            any_part = true;
        }
    if (!any_part) doc += "  " + std::string(ui.tr("common.none")) + "\n";
    doc += std::string(ui.tr("visit.doc.notes")) + "\n";
    for (const OutboxEntry* e : record.notes) doc += "  " + e->payload.value("text", "") + "\n";
    if (record.notes.empty()) doc += "  " + std::string(ui.tr("common.none")) + "\n";
    return doc;
}

}  // namespace tp::ui
