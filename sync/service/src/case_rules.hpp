#pragma once
// The case rules of brief §3 (protocol §7): one command applied against the service's current
// state, or refused with a code, a plain-language reason and an alternative. Every applied or
// refused command that has a case appends an event to that case's timeline.

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "entity_store.hpp"
#include "touchpoint/domain.hpp"

namespace tp::service {

struct CommandRequest {
    std::string command_id;   // stamped on the timeline events it causes; may be empty
    std::string case_id;      // may be empty for customer-level actions
    std::string customer_id;  // may be empty when case_id names the customer's case
    std::string action;       // wire name
    nlohmann::json payload = nlohmann::json::object();
    Role role = Role::Customer;
    std::string actor_id;
    Channel channel = Channel::Kiosk;
    Millis device_time = 0;
    bool terminal = true;     // terminals: staff actors must be known staff of that role
    bool back_office = false; // channels: ship_order, deliver_order, cancel_visit, ...
    // Terminals: whether a customer is in the terminal's scope. A rule never reads or writes a
    // case or item of a customer outside it (they are "not known"); empty for channels.
    std::function<bool(const std::string& customer_id)> in_scope;
    // Terminals: what the local references of cases they make begin with (local_reference.hpp);
    // empty for channels, whose new cases get no local reference.
    std::string local_reference_prefix;
};

struct CommandResult {
    std::string status;  // "applied" or "refused"
    std::string code;
    std::string reason;
    std::string alternative;
    std::string alternative_text;
    std::string case_id;
    std::int64_t case_version = 0;
    Millis server_time = 0;
    nlohmann::json extra = nlohmann::json::object();  // merged into the wire result
    std::string customer_id;  // the customer acted for ("" if none); not sent
};

// The wire form of a result (protocol §6), with `command_id`.
nlohmann::json result_json(const std::string& command_id, const CommandResult& result);

// A refused result that is not the outcome of the rules (malformed envelope, duplicate seq).
CommandResult invalid_result(const std::string& reason, Millis now);
// A refused result for a command the terminal's scope or the actor's rights do not allow.
CommandResult forbidden_result(const std::string& reason, Millis now);

// Applies the command. Runs inside the caller's transaction (using a savepoint, so a refusal
// leaves nothing of the attempted effect but its timeline event). Throws StorageError only.
CommandResult apply_command(Sql& db, EntityStore& store, const CommandRequest& request, Millis now);

// Timeline channel of a terminal command by the actor's role: kiosk, store_terminal, technician.
Channel terminal_channel(Role role);

}  // namespace tp::service
