#pragma once
// The action table of brief §3: the one place that says, for every user action, who may issue
// it, whether it may be queued offline, and what it changes optimistically on the terminal.
// The UI reads it to enable/disable controls; the outbox and the sync engine read it to decide
// what may be queued; the reference service reads it to check roles.

#include <optional>
#include <span>
#include <string_view>

#include "touchpoint/domain.hpp"

namespace tp {

enum class ActionType {
    StartReturn,
    ChangeDelivery,
    CancelOrder,
    RequestCallback,
    AddNote,
    AnswerInTray,
    UpdatePreferences,
    OpenComplaint,
    VisitCheckIn,
    VisitStepDone,
    VisitPartsUsed,
    VisitNote,
    VisitPhoto,
    VisitSignature,
    VisitComplete,
    Feedback,
    Interaction,
    RefundPayout,    // needs a live answer: never queued
    IdentityChange,  // needs a live answer: never queued
};

enum class OfflinePolicy {
    Queue,           // queued; shown as done-pending until the service confirms
    QueueAsRequest,  // queued as a request; shown as "requested", never as done
    OnlineOnly,      // needs a live answer; disabled offline with the reason shown first
};

// What recording the command changes in the local cache, in the same transaction as the outbox
// row. The overlay is cleared when the service answers the command (confirmed or refused).
enum class LocalEffect {
    TimelineOnly,     // a pending event on the case timeline
    RequestedStatus,  // the case shows "<action> requested"
    NewCase,          // a provisional case appears (return, complaint, callback)
    InTrayAnswered,   // the in-tray item shows the local answer
    Preferences,      // the customer's preferences show the local values
    VisitProgress,    // the work order shows the local progress
    None,             // automatic interactions: nothing visible
};

enum RoleBit : unsigned { kCustomer = 1u, kRep = 2u, kTechnician = 4u, kAutomatic = 8u };

struct ActionSpec {
    ActionType type;
    std::string_view wire_name;  // name used in the outbox, the protocol and string tables
    unsigned roles;              // RoleBit mask
    OfflinePolicy offline;
    LocalEffect effect;
    bool needs_case;  // false: acts on the customer (new case, preferences, ...)
    std::optional<ActionType> refusal_alternative;  // offered when the service refuses
};

// Every action, in the order of brief §3.
std::span<const ActionSpec> action_table();
const ActionSpec& spec(ActionType type);
std::optional<ActionType> action_from_wire(std::string_view wire_name);

bool role_may_issue(Role role, ActionType type);
// True when the action may be issued right now given connectivity: queued actions always,
// online-only actions only when online.
bool allowed_with_connectivity(ActionType type, bool online);

// How long after delivery an order may be returned (brief §3, start_return).
constexpr Millis kReturnWindow = 30LL * 24 * 3600 * 1000;

// The refusal the service's rules will answer for `type` on `c` at `now`, when the case's own
// state already decides it: the refusal code (protocol §8), e.g. "outside_return_window";
// nullopt when the action may be accepted. An order returns once: a return of an order that
// already has one the service accepted is "return_already_open". The terminal uses it to disable actions before
// anyone asks, offline too; the reference service uses it to decide, so both agree.
std::optional<std::string_view> foreseen_refusal(ActionType type, const Case& c, Millis now);

}  // namespace tp
