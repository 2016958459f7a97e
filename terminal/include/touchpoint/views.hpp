#pragma once
// What the screens show, read from the local store: server state with the terminal's pending
// commands laid over it. Plain values; the UI never sees the database.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "touchpoint/domain.hpp"
#include "touchpoint/outbox.hpp"

namespace tp {

struct CaseSummary {
    Case data;                     // server state (timeline included on case detail only)
    bool pending = false;          // the terminal has unanswered commands on this case
    std::string requested_action;  // e.g. "cancel_order" while a request waits for the service
    bool provisional = false;      // created here, not yet confirmed by the service
    bool refused = false;          // created here and refused by the service (status "refused");
                                   // kept until the refusal is dismissed; provisional is false
};

struct InTrayView {
    InTrayItem item;
    std::string local_answer;  // answered here, waiting for the service
};

struct CustomerView {
    Customer customer;  // preferences include local pending changes
    bool preferences_pending = false;
    std::vector<CaseSummary> cases;    // open cases first, newest first
    std::vector<InTrayView> intray;    // unanswered items, soonest due first
    std::vector<Interaction> journey;  // most recent first
    std::vector<Offer> offers;
};

struct CaseView {
    CaseSummary summary;
    std::vector<OutboxEntry> own_commands;  // this terminal's commands on the case, in order
};

// foreseen_refusal over the case as this terminal shows it: the case's own state, and a return
// of it asked for here that the service has not refused ("return_already_open").
std::optional<std::string_view> foreseen_refusal(ActionType type, const CaseView& view, Millis now);

// A refused or held command in staff "needs attention", with what a rep needs to act on it: whom
// it is for and which case (never shown as ids), and who made it.
struct AttentionView {
    OutboxEntry command;
    std::string customer_id;     // whom it concerns ("" when not known to this terminal)
    std::string customer_name;   // "" when the customer is not cached
    std::string case_reference;  // the case's reference; "" for customer-level commands
    std::string staff_name;      // who made it, when a staff member did ("" otherwise)
    // The case as cached here, so a refusal's alternative the case already rules out
    // (foreseen_refusal) can be shown so before anyone taps it; nullopt for customer-level
    // commands and cases this terminal does not hold.
    std::optional<Case> case_data;
};

struct WorkOrderView {
    WorkOrder order;
    std::string customer_name;
    std::string case_reference;
    std::string technician_name;  // "" when the technician is not cached here
    nlohmann::json local_progress = nlohmann::json::object();  // pending visit progress
    bool pending = false;
};

struct CustomerHit {
    std::string id;
    std::string name;
    std::string loyalty_number;
    std::string email;
    std::string phone;
};

}  // namespace tp
