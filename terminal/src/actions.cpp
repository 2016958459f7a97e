#include "touchpoint/actions.hpp"

#include <array>
#include <stdexcept>

namespace tp {
namespace {

using A = ActionType;
using P = OfflinePolicy;
using E = LocalEffect;
constexpr unsigned kCR = kCustomer | kRep;
constexpr unsigned kAll = kCustomer | kRep | kTechnician;

constexpr std::array kTable{
    ActionSpec{A::StartReturn, "start_return", kCR, P::Queue, E::NewCase, true, std::nullopt},
    ActionSpec{A::ChangeDelivery, "change_delivery", kCR, P::QueueAsRequest, E::RequestedStatus,
               true, A::StartReturn},
    ActionSpec{A::CancelOrder, "cancel_order", kCR, P::QueueAsRequest, E::RequestedStatus, true,
               A::StartReturn},
    ActionSpec{A::RequestCallback, "request_callback", kCR, P::Queue, E::NewCase, false,
               std::nullopt},
    ActionSpec{A::AddNote, "add_note", kAll, P::Queue, E::TimelineOnly, true, A::OpenComplaint},
    ActionSpec{A::AnswerInTray, "answer_intray", kAll, P::Queue, E::InTrayAnswered, true,
               std::nullopt},
    ActionSpec{A::UpdatePreferences, "update_preferences", kCR, P::Queue, E::Preferences, false,
               std::nullopt},
    ActionSpec{A::OpenComplaint, "open_complaint", kCR, P::Queue, E::NewCase, false, std::nullopt},
    ActionSpec{A::VisitCheckIn, "visit_check_in", kTechnician, P::Queue, E::VisitProgress, true,
               std::nullopt},
    ActionSpec{A::VisitStepDone, "visit_step_done", kTechnician, P::Queue, E::VisitProgress, true,
               std::nullopt},
    ActionSpec{A::VisitPartsUsed, "visit_parts_used", kTechnician, P::Queue, E::VisitProgress, true,
               std::nullopt},
    ActionSpec{A::VisitNote, "visit_note", kTechnician, P::Queue, E::TimelineOnly, true,
               std::nullopt},
    ActionSpec{A::VisitPhoto, "visit_photo", kTechnician, P::Queue, E::TimelineOnly, true,
               std::nullopt},
    ActionSpec{A::VisitSignature, "visit_signature", kTechnician, P::Queue, E::VisitProgress, true,
               std::nullopt},
    ActionSpec{A::VisitComplete, "visit_complete", kTechnician, P::Queue, E::VisitProgress, true,
               std::nullopt},
    ActionSpec{A::Feedback, "feedback", kCustomer, P::Queue, E::TimelineOnly, false, std::nullopt},
    ActionSpec{A::Interaction, "interaction", kAutomatic, P::Queue, E::None, false, std::nullopt},
    ActionSpec{A::RefundPayout, "refund_payout", kCR, P::OnlineOnly, E::None, true, std::nullopt},
    ActionSpec{A::IdentityChange, "identity_change", kCR, P::OnlineOnly, E::None, false,
               std::nullopt},
};

unsigned bit(Role role) {
    switch (role) {
        case Role::Customer:
            return kCustomer;
        case Role::Rep:
            return kRep;
        case Role::Technician:
            return kTechnician;
        case Role::Automatic:
            return kAutomatic;
    }
    return 0;
}

}  // namespace

std::span<const ActionSpec> action_table() {
    return kTable;
}

const ActionSpec& spec(ActionType type) {
    for (const auto& s : kTable)
        if (s.type == type) return s;
    throw std::logic_error("action missing from the action table");
}

std::optional<ActionType> action_from_wire(std::string_view wire_name) {
    for (const auto& s : kTable)
        if (s.wire_name == wire_name) return s.type;
    return std::nullopt;
}

bool role_may_issue(Role role, ActionType type) {
    return (spec(type).roles & bit(role)) != 0;
}

bool allowed_with_connectivity(ActionType type, bool online) {
    return online || spec(type).offline != OfflinePolicy::OnlineOnly;
}

namespace {
bool is_dispatched(const Case& order) {
    return order.status == "shipped" || order.status == "delivered";
}

// The service appends a start_return event to an order when it accepts a return of it; a
// refused return leaves none.
bool has_return(const Case& order) {
    for (const TimelineEvent& e : order.timeline)
        if (e.kind == "start_return") return true;
    return false;
}
}  // namespace

std::optional<std::string_view> foreseen_refusal(ActionType type, const Case& c, Millis now) {
    switch (type) {
        case A::StartReturn:
            if (c.kind != CaseKind::Order) return std::nullopt;
            if (c.status != "delivered" || c.delivered_at == 0) return "not_delivered";
            if (has_return(c)) return "return_already_open";
            if (now - c.delivered_at > kReturnWindow) return "outside_return_window";
            return std::nullopt;
        case A::ChangeDelivery:
            if (c.kind != CaseKind::Order) return std::nullopt;
            if (c.status == "cancelled") return "order_cancelled";
            if (is_dispatched(c)) return "already_dispatched";
            return std::nullopt;
        case A::CancelOrder:
            if (c.kind != CaseKind::Order) return std::nullopt;
            if (c.status == "cancelled") return "already_cancelled";
            if (is_dispatched(c)) return "already_shipped";
            return std::nullopt;
        case A::AddNote:
            if (c.status == "closed" || c.status == "cancelled") return "case_closed";
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

}  // namespace tp
