#pragma once
// The outbox: every user action is a command row, written in the same transaction as its
// optimistic local effect and committed with synchronous=FULL. Rows are peeked by the sync
// engine and changed only on the service's answer; refused rows stay visible (case timeline and
// needs-attention) until someone dismisses or resubmits them.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "touchpoint/actions.hpp"
#include "touchpoint/domain.hpp"
#include "touchpoint/error.hpp"
#include "touchpoint/store.hpp"

namespace tp {

enum class CommandState { Pending, Confirmed, Refused };
const char* to_string(CommandState s);

struct CommandDraft {
    ActionType action = ActionType::AddNote;
    std::string case_id;  // required when spec(action).needs_case
    std::string customer_id;
    nlohmann::json payload = nlohmann::json::object();
    Role role = Role::Customer;
    std::string actor_id;  // customer id, staff id or technician id
    std::string staff_id;  // the rep who assisted, if any
};

// The service's answer to one command (docs/sync-protocol.md).
struct CommandResult {
    std::string status;  // "applied" or "refused"
    std::string code;
    std::string reason;
    std::string alternative;  // wire name of the offered action, may be empty
    std::string alternative_text;
    std::string case_id;
    std::int64_t case_version = 0;
    Millis server_time = 0;
};

struct OutboxEntry {
    std::int64_t seq = 0;  // the per-terminal sequence number
    std::string command_id;
    ActionType action = ActionType::AddNote;
    std::string lane;  // commands of one lane apply in seq order
    std::int64_t lane_prev_seq = 0;
    std::string case_id;
    std::string customer_id;
    nlohmann::json payload;
    Role role = Role::Customer;
    std::string actor_id;
    std::string staff_id;
    Millis device_time = 0;
    CommandState state = CommandState::Pending;
    int attempts = 0;
    std::optional<CommandResult> result;
    Millis answered_at = 0;
    bool dismissed = false;
};

struct OutboxCounts {
    int pending = 0;
    int refused = 0;            // refused and not dismissed
    Millis oldest_pending = 0;  // device time of the oldest pending command, 0 if none
};

// Records the command and its local effect atomically and durably. NewCase actions get a
// `new_case_id` in their payload if they have none. Fails with InvalidInput when the draft
// lacks what its action needs (the database is then unchanged).
Result<OutboxEntry> record_command(Store& store, const CommandDraft& draft, Millis device_time);

// Up to `max` pending commands, oldest first; within a lane always a prefix of its pending rows.
std::vector<OutboxEntry> next_batch(Store& store, std::size_t max);

// Stores the service's answers; refused commands drop their overlays at once, applied ones
// when the cache has caught up (see cache.hpp). Unknown command ids are ignored.
Status record_results(Store& store,
                      const std::vector<std::pair<std::string, CommandResult>>& results,
                      Millis now);
// Counts one more push attempt for each command (diagnostics and backoff).
Status note_attempts(Store& store, const std::vector<std::int64_t>& seqs,
                     const std::string& outcome, Millis now);

OutboxCounts outbox_counts(Store& store);
std::vector<OutboxEntry> needs_attention(Store& store);
std::vector<OutboxEntry> commands_for_case(Store& store, const std::string& case_id);
std::optional<OutboxEntry> find_command(Store& store, const std::string& command_id);
Status dismiss_command(Store& store, const std::string& command_id);

}  // namespace tp
