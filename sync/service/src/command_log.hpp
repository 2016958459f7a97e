#pragma once
// Exactly-once command handling (protocol §6): each command is recorded with its result in the
// transaction of its effect; a resend returns the recorded result and applies nothing.

#include <nlohmann/json.hpp>

#include "auth.hpp"
#include "context.hpp"

namespace tp::service {

// Applies a terminal's batch, one transaction per command, in order. `commands` is the request's
// "commands" array (checked by the caller). Returns the "results" array. Takes the database
// mutex itself, per command; notifies the change notifier after each commit.
// Throws DbException on database failure (earlier commands stay committed).
nlohmann::json apply_batch(ServiceContext& ctx, const TerminalIdentity& terminal,
                           const nlohmann::json& commands);

// Applies one command from a digital channel (`body` as in protocol §6) on case `case_id`,
// exactly once when it has a command_id. Returns {"result": ..., "case": ...}. Throws ApiError
// for a malformed body, DbException on database failure.
nlohmann::json apply_channel_command(ServiceContext& ctx, const std::string& case_id,
                                     const nlohmann::json& body);

}  // namespace tp::service
