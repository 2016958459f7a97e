#pragma once
// Internal: reading outbox rows. A row is read whatever it holds; what makes it unsendable
// (an unreadable payload, an unknown action or role, text that is not UTF-8) is reported as its
// damage instead of throwing.

#include <string>
#include <vector>

#include "touchpoint/outbox.hpp"
#include "touchpoint/sqlite.hpp"

namespace tp::outbox_rows {

// Every state a row is written with (to_string(CommandState)). A lane's rows are read through
// outbox_state(state, lane, seq) as `state IN <kStates> AND lane = ?`.
#define TP_OUTBOX_STATES "('pending', 'held', 'confirmed', 'refused')"

struct Row {
    OutboxEntry entry;
    std::string damage;  // why the row cannot be sent as it is; "" when it can
};

// Rows of `SELECT <columns> FROM outbox <where>`, with ?1 bound to `bound` when it is not empty.
// Throws DbException.
std::vector<Row> select(Db& db, const std::string& where, const std::string& bound = {});

}  // namespace tp::outbox_rows
