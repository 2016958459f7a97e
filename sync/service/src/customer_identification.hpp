#pragma once
// A customer proving who they are at a terminal that does not hold their verifier (protocol
// §13): their PIN checked by the service, for a rep of the terminal's store serving them.
//
// Tries are bounded twice, and each try is counted before its PIN is checked (so tries at the
// same moment never exceed a limit):
//   - per customer, whichever terminal they come from: 5 wrong PINs in a row lock the customer's
//     online identification (config customer_lockout, doubling with each lock, at most 24 h);
//   - per terminal, across customers: 10 wrong PINs lock the terminal's online identification
//     the same way, so PINs cannot be sprayed over many customers.
// An unknown customer costs what a real check costs and counts against the terminal. The KDF
// runs outside the database mutex, within ctx.pin_checks.

#include <string>

#include "auth.hpp"
#include "context.hpp"

namespace tp::service {

enum class CustomerIdentification { Verified, WrongPin, CustomerLocked, TerminalLocked };

// Throws StorageError.
CustomerIdentification identify_customer(ServiceContext& ctx, const TerminalIdentity& terminal,
                                         const std::string& customer_id, const std::string& pin);

}  // namespace tp::service
