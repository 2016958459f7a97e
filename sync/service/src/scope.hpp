#pragma once
// A terminal's scope (protocol §5): its store, the customers it served, and the work orders of
// the technicians verified on it. Growing the scope re-records the newly visible entities as
// changed so they reach the terminal through its feed. Runs inside the caller's transaction.

#include <string>

#include "auth.hpp"
#include "entity_store.hpp"

namespace tp::service {

// Makes the customer a served customer of the terminal. Does nothing when the customer is
// unknown, already served, or of the terminal's store.
void serve_customer(Sql& db, EntityStore& store, const TerminalIdentity& terminal,
                    const std::string& customer_id, Millis now);

// Adds the technician to the terminal's scope, with their work orders' customers as served
// customers. Returns the number of work orders that became visible (0 when already added).
int add_technician_to_scope(Sql& db, EntityStore& store, const TerminalIdentity& terminal,
                            const std::string& staff_id, Millis now);

// True when the customer is a served customer of the terminal (proved there earlier).
bool served_at(Sql& db, const TerminalIdentity& terminal, const std::string& customer_id);

// True when the customer's entities are in the terminal's scope.
bool customer_in_scope(Sql& db, EntityStore& store, const TerminalIdentity& terminal,
                       const std::string& customer_id);

}  // namespace tp::service
