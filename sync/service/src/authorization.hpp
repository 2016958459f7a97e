#pragma once
// Who may read and change what (protocol §13, docs/security.md). Every route admits its caller
// through admit(); reads and commands ask the functions below. The rules in one place:
//
//   - a terminal sees its store's customers, the customers it served (each proved by the
//     customer's PIN through the service, a rep of their store, or a technician's work order),
//     and the work orders of technicians verified on it;
//   - a customer actor acts only for themself, on their own cases, with a non-empty id;
//   - staff act only at a terminal of their own store; a technician only on their own work
//     orders (the visit rules refuse another's as not_assigned);
//   - `automatic` (the terminal's own records) only for customers in the terminal's scope;
//   - channels act through the back-office route only.
//
// All functions run inside the caller's transaction.

#include <optional>
#include <string>

#include "auth.hpp"
#include "case_rules.hpp"
#include "entity_store.hpp"

namespace tp::service {

// The authenticated caller of a request and the proofs it presented.
struct Principal {
    enum class Kind { Anonymous, Terminal, Channel, Operator } kind = Kind::Anonymous;
    TerminalIdentity terminal;                // Kind::Terminal
    std::optional<Staff> staff;               // a live staff grant of this terminal
    std::optional<std::string> customer_id;   // a live customer grant of this terminal
};

// What a route needs of its caller.
enum class Access {
    Open,               // anyone (health; enrollment proves itself with its code)
    Terminal,           // a terminal's token
    TerminalOrChannel,  // a terminal's token or a channel key
    Channel,            // a channel key (terminals are told to use /v1/commands)
    Operator,           // the operator key
};

// Throws ApiError 401 unauthorized when the caller has no credentials the route accepts, 403
// forbidden when it has valid ones of the wrong kind.
void admit(const Principal& who, Access access);

// How much of a customer a lookup answer may show this caller.
enum class CustomerView { Masked, Full };
CustomerView lookup_view(const Principal& who, const Customer& customer);

// The customer as `view` allows, never with their PIN verifier.
Customer shown(Customer customer, CustomerView view);

// Whether a masked lookup may answer `customer` for `query`: only when the query is one of the
// customer's identifiers whole (e-mail, loyalty number, or phone digits), so a masked answer
// cannot be unmasked by searching pieces of it.
bool identifies_exactly(std::string_view query, const Customer& customer);

// True when the caller may read the customer's whole context: a channel; a terminal holding
// the customer's grant; a terminal with a rep of the customer's store signed in; a terminal the
// customer was already served at (proved earlier, or a verified technician's work order).
bool may_read_context(Sql& db, const Principal& who, const Customer& customer);

// True when the caller may read the case: a channel, or a terminal whose scope holds the
// case's customer.
bool may_read_case(Sql& db, EntityStore& store, const Principal& who, const Case& c);

// Why the terminal may not issue this command (a `forbidden` refusal), or nullopt when it may.
// Commands naming unknown cases or customers pass: the case rules refuse them as invalid.
std::optional<std::string> command_forbidden(Sql& db, EntityStore& store,
                                             const TerminalIdentity& terminal,
                                             const CommandRequest& req);

}  // namespace tp::service
