#pragma once
// Exactly-once command handling (protocol §6): each command is recorded with its result in the
// transaction of its effect; a resend returns the recorded result and applies nothing.

#include <nlohmann/json.hpp>

#include "auth.hpp"
#include "context.hpp"

namespace tp::service {

// Decides a terminal's batch, in order, each command on its own: its own savepoint, its own
// result. `commands` is the request's "commands" array (checked by the caller). Returns the
// "results" array: exactly one result per command, in the same order, whatever happens.
//  - A malformed command is refused `invalid` alone; its neighbours are decided as usual.
//  - A command whose application raises anything but a database failure is rolled back and
//    answered `retry`/`internal` (not recorded).
//  - A database failure rolls back the command it hit; that command and every later one are
//    answered `retry`/`unavailable` (not recorded) without touching the database again.
//  - The batch is decided in one feed-writer transaction, each command in a savepoint of it, and
//    committed once: when that commit fails, or a command cannot be undone to its savepoint,
//    nothing of the batch is recorded and every command is answered `retry`/`unavailable`. A
//    serialization failure runs the whole batch again; a conflicting write (a unique value taken)
//    is the command's own failure, answered `retry`/`internal`.
// Notifies the change notifier once, after the commit.
// Throws nothing but std::bad_alloc.
nlohmann::json apply_batch(ServiceContext& ctx, const TerminalIdentity& terminal,
                           const nlohmann::json& commands);

// Applies one command from a digital channel (`body` as in protocol §6) on case `case_id`,
// exactly once when it has a command_id. Returns {"result": ..., "case": ...}. Throws ApiError
// for a malformed body, StorageError on database failure (nothing is then applied).
nlohmann::json apply_channel_command(ServiceContext& ctx, const std::string& case_id,
                                     const nlohmann::json& body);

}  // namespace tp::service
