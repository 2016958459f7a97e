#pragma once
// A customer proving who they are at a terminal that does not hold their verifier (protocol
// §13): their PIN checked by the service. Failures count per customer, whichever terminal they
// come from, so guessing is bounded service-wide: 5 wrong PINs in a row lock the
// customer's online identification for `lockout`. Runs inside the caller's transaction; the
// failure count is written even when the answer is a refusal, so the caller must commit.

#include <chrono>
#include <string>

#include "entity_store.hpp"

namespace tp::service {

enum class CustomerIdentification { Verified, WrongPin, Locked };

// An unknown customer id, or one without a PIN, answers WrongPin and records nothing.
CustomerIdentification identify_customer(Db& db, EntityStore& store,
                                         const std::string& customer_id, const std::string& pin,
                                         Millis now, std::chrono::milliseconds lockout);

}  // namespace tp::service
