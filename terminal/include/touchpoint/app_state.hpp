#pragma once
// The snapshot the UI reads each frame: a const, self-contained copy of everything the screens
// show. Building it is the core's job; drawing it is the UI's.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "touchpoint/outbox.hpp"
#include "touchpoint/session.hpp"
#include "touchpoint/sync_status.hpp"
#include "touchpoint/views.hpp"

namespace tp {

// An online request the UI started (customer lookup beyond the cache, fetching a customer's
// context, verifying a staff PIN with the service). Polled each frame, never waited on.
struct OnlineRequest {
    enum class Phase { NotAttempted, InProgress, Failed, Succeeded };
    Phase phase = Phase::NotAttempted;
    std::string what;   // e.g. the query
    std::string error;  // string-table key, when Failed
    std::vector<CustomerHit> customers;  // lookup results
    // A result the service opens only once that customer proves their PIN here (protocol §13):
    // its customer id, and why the last PIN was not accepted, as a string-table key ("" before
    // any try).
    std::string needs_pin_for;
    std::string pin_error;
};

struct AppSnapshot {
    Millis now = 0;
    Channel channel = Channel::Kiosk;  // what this terminal records as its channel
    std::string store_id;

    SessionPhase phase = SessionPhase::Idle;
    Millis warning_remaining = 0;
    std::uint64_t session_generation = 0;
    std::string language = "en";  // the session's: chosen, else the customer's, else configured
    // The terminal's configured language (SessionConfig::language): what a privacy reset returns
    // to, and the fallback when authored content has no text in the session's language.
    std::string configured_language = "en";
    std::optional<Identity> identity;
    std::string identified_customer;  // waiting for the PIN

    std::optional<CustomerView> customer;
    std::optional<CaseView> open_case;
    std::string search_query;
    std::vector<CustomerHit> search_results;
    OnlineRequest online_lookup;                // staff: search beyond the cache
    std::vector<AttentionView> needs_attention;  // staff only (queries.hpp: what a rep can act on)
    std::vector<AttentionView> housekeeping;     // staff only: the other refusals (load_housekeeping)
    std::vector<StuckLane> stuck_lanes;        // staff only: lanes that are not moving
    std::vector<WorkOrderView> work_orders;    // technician only

    SyncStatus sync;
    OutboxCounts outbox;
    // Set when a read of this snapshot failed in the local database (a string-table key): the
    // snapshot is then incomplete, and its counts and lists may be empty without being so.
    std::optional<std::string> local_failure;
};

}  // namespace tp
