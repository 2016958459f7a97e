#pragma once
// The outbox: every user action is a command row, written in the same transaction as its
// optimistic local effect and committed with synchronous=FULL. Rows are peeked by the sync
// engine and changed only on the service's answer; refused rows stay visible (case timeline and
// needs-attention) until someone dismisses or resubmits them.
//
// States: pending (waiting for the service's answer), confirmed and refused (decided by the
// service: only its answer naming the command moves a row there), held (the terminal cannot
// send it: the service called it invalid, or the row is damaged; never shown as refused, kept
// for staff with the reason, and it does not hold back later commands of its lane).

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "touchpoint/actions.hpp"
#include "touchpoint/domain.hpp"
#include "touchpoint/error.hpp"
#include "touchpoint/store.hpp"

namespace tp {

enum class CommandState { Pending, Confirmed, Refused, Held };
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
    std::string held_reason;  // held: why, for staff, as a string-table key (no customer data)
    Millis held_at = 0;
};

struct OutboxCounts {
    int pending = 0;
    int refused = 0;            // refused and not dismissed
    int held = 0;               // held and not dismissed
    Millis oldest_pending = 0;  // device time of the oldest pending command, 0 if none
};

// Records the command and its local effect atomically and durably. NewCase actions get a
// `new_case_id` in their payload if they have none. Fails with InvalidInput when the draft
// lacks what its action needs (the database is then unchanged). The command's seq (its
// terminal_seq) is one more than the highest ever given: the highest in the outbox or the
// high-water mark that deleting outbox rows leaves (keep_seq_high_water, outbox_retention.hpp),
// so a seq the service has recorded is never given again.
Result<OutboxEntry> record_command(Store& store, const CommandDraft& draft, Millis device_time);

// Up to `max` pending commands, oldest first; within a lane always a prefix of its pending rows.
// Lanes in `skip_lanes` are left out whole. A row that cannot be sent as it is (unreadable
// payload, unknown action, text that is not UTF-8) is held on the way with a reason instead of
// being returned. A database failure yields an error, never an empty batch.
Result<std::vector<OutboxEntry>> next_batch(Store& store, std::size_t max,
                                            const std::set<std::string>& skip_lanes = {});

// Holds a pending command the terminal cannot send (the service called it invalid): it leaves
// the queue, keeps its local record for staff, and drops its optimistic effect. `reason` is
// a string-table key staff read it by.
Status hold_command(Store& store, const std::string& command_id, const std::string& reason,
                    Millis now);
// Staff: send a held command again (it becomes pending at the end of its lane's order).
Status release_held(Store& store, const std::string& command_id);

// The service answered `command_id` out_of_order because it has no command `missing_seq` of this
// terminal. Re-links the command to the predecessor the service can still receive: the nearest
// pending command of its lane before it (skipping held ones), or none. Returns true when the
// link changed (the command is then sent again at once), false when it must simply wait for its
// pending predecessor.
Result<bool> relink_after_out_of_order(Store& store, const std::string& command_id,
                                       std::int64_t missing_seq);
// After enrolling under a new terminal id the service knows none of this outbox's sequence
// numbers: every pending command that points at a non-pending predecessor is re-linked as above.
// Returns how many commands were re-linked.
Result<int> relink_for_new_terminal(Store& store);

// A lane that is not moving: its first pending command has been sent `min_attempts` times or more
// without a decision, or it is held. For the diagnostics screen.
struct StuckLane {
    std::string case_id;      // may be empty for customer-level commands
    std::string command_id;
    CommandState state = CommandState::Pending;
    int attempts = 0;
    Millis since = 0;         // device time of the stuck command
    std::string why;          // the last outcome ("retry:out_of_order", ...) or the held reason
};
Result<std::vector<StuckLane>> stuck_lanes(Store& store, int min_attempts = 3);

// Stores the service's answers and counts each answered command's push attempt (outcome
// "answered"), in one transaction; refused commands drop their overlays at once, applied ones
// when the cache has caught up (see cache.hpp). Unknown command ids are ignored.
Status record_results(Store& store,
                      const std::vector<std::pair<std::string, CommandResult>>& results,
                      Millis now);
// Counts one more push attempt for each command (diagnostics and backoff).
Status note_attempts(Store& store, const std::vector<std::int64_t>& seqs,
                     const std::string& outcome, Millis now);

// Database failures are reported to the store (Store::report_failure) and count as nothing.
OutboxCounts outbox_counts(Store& store);
// Refused and held commands that are not dismissed, oldest first.
std::vector<OutboxEntry> needs_attention(Store& store);
// Every command the service has not confirmed — pending, held and refused, dismissed or not — in
// seq order: what the staff export of a disabled terminal carries. Throws nothing; a database
// failure is reported through the store and gives an empty list.
std::vector<OutboxEntry> unconfirmed_commands(Store& store);
std::vector<OutboxEntry> commands_for_case(Store& store, const std::string& case_id);
std::optional<OutboxEntry> find_command(Store& store, const std::string& command_id);
// Staff: drop a refused or held command from needs-attention.
Status dismiss_command(Store& store, const std::string& command_id);

}  // namespace tp
