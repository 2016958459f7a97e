#pragma once
// PIN failure counts kept in the terminal's database (docs/security.md "PINs"), so that neither
// identifying again nor restarting the terminal gives a customer's or staff member's PIN fresh
// tries. A try is counted before its PIN is checked (a terminal killed during the check has
// spent it); the try that reaches the limit locks at once, and a right PIN on it lifts the lock
// and forgets the count. Each lock lasts twice the one before, up to a cap.
//
// Functions run on the caller's connection and throw DbException.

#include <string>

#include "touchpoint/clock.hpp"
#include "touchpoint/sqlite.hpp"

namespace tp {

enum class PinSubject { Customer, Staff };

struct PinLockoutPolicy {
    int max_failures = 5;
    Millis first_lock = 60'000;           // the first lock; each further one doubles
    Millis max_lock = 24 * 3'600'000LL;   // no lock lasts longer
};

struct PinTry {
    bool locked = false;         // refused: check nothing
    bool locks_on_fail = false;  // this try reached the limit: locked unless the PIN is right
    int tries_left = 0;          // tries before the lock should this one fail (0 with a lock)
    Millis locked_until = 0;     // when the lock ends: the current one, or the one a fail sets
};

// Counts a try at `id`'s PIN, in its own transaction, before the caller checks the PIN.
PinTry reserve_pin_try(Db& db, PinSubject subject, const std::string& id, Millis now,
                       const PinLockoutPolicy& policy);
// The PIN was right: the count and the doubling are forgotten.
void forget_pin_failures(Db& db, PinSubject subject, const std::string& id);
// The lock after `locks` earlier locks.
Millis pin_lock_after(const PinLockoutPolicy& policy, int locks);

}  // namespace tp
