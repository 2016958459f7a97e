#pragma once
// Fleet health and remote wipe (docs/operations.md): each terminal's latest heartbeat, the
// operator's wipe orders, and the list the operator reads. Functions run inside the caller's
// transaction.

#include <optional>
#include <string>
#include <vector>

#include "storage/sql.hpp"
#include "touchpoint/service/service.hpp"

namespace tp::service {

// Replaces the terminal's stored heartbeat with `health` (received_at included).
void record_heartbeat(Sql& db, const std::string& terminal_id, const TerminalHealth& health);

// Every enrolled terminal with its health and wipe state, oldest enrollment first.
std::vector<TerminalRecord> fleet(Sql& db);

// Orders a wipe of `terminal_id`; the first order's time. nullopt: no such terminal.
std::optional<Millis> order_wipe(Sql& db, const std::string& terminal_id, Millis now);

// True when a wipe is ordered for the terminal and it has not reported it done.
bool wipe_pending(Sql& db, const std::string& terminal_id);

// The terminal reports its wipe done: wiped_at is recorded (the first report's time) and the
// terminal is revoked. nullopt when no wipe was ordered for it.
std::optional<Millis> record_wiped(Sql& db, const std::string& terminal_id, Millis now);

}  // namespace tp::service
