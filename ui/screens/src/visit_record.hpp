#pragma once
// Where a visit stands, from three sources: the service's work order, this terminal's pending
// progress laid over it, and this terminal's own commands on the case (which keep their
// payloads: the parts, notes and photos recorded, each with its state). Plus the document the
// customer signs, made from that record.

#include <map>
#include <string>
#include <vector>

#include "touchpoint/app_state.hpp"
#include "touchpoint/ui/context.hpp"

namespace tp::ui {

// Pointers into the snapshot the record was made from: valid for the frame that made it.
struct VisitRecord {
    bool checked_in = false;
    bool signed_ = false;
    bool completed = false;
    int open_steps = 0;
    int waiting = 0;  // this terminal's commands on the visit not yet answered
    // Checklist item id → done: this terminal's latest tick or untick of it, else the pending
    // progress, else the service's work order.
    std::map<std::string, bool> step_done;

    // This terminal's latest command of each kind, and every part, note and photo recorded here
    // that the service has not refused, in the order they were made.
    const OutboxEntry* check_in = nullptr;
    const OutboxEntry* signature = nullptr;
    const OutboxEntry* complete = nullptr;
    std::map<std::string, const OutboxEntry*> steps;  // item id → its command
    std::vector<const OutboxEntry*> parts, notes, photos;
    std::vector<const OutboxEntry*> refused;  // every refused command on the visit

    // The part `sku` recorded here, if any.
    const OutboxEntry* part(const std::string& sku) const;
};

// `view` is the open case when it is this visit's case (for the commands), else null.
VisitRecord visit_record(const WorkOrderView& wo, const CaseView* view);

// The text the customer signs, in the screen's language: the visit, the checklist with each
// item's result, the parts used and the notes, one fact per line in a fixed order. It names the
// case by its reference, the technician by name (no line when the name is not known here) and
// parts by name: nothing a customer would read as a code. The same
// record in the same language always gives the same text, byte for byte.
std::string visit_document(const UiContext& ui, const WorkOrderView& wo, const VisitRecord& record);

}  // namespace tp::ui
