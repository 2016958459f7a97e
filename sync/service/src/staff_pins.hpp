#pragma once
// Staff PIN verification on the service (protocol §4, docs/security.md "PINs").
//
// Failures count per (staff member, terminal): one terminal failing a PIN locks that staff
// member out of that terminal only. Every try is counted before its PIN is checked, so tries
// made at the same moment from many threads never exceed the limit; the try that reaches the
// limit locks at once, and a right PIN on it lifts the lock again. Each lock lasts twice as long
// as the one before (config staff_lockout, then x2, x4 ... capped at kMaxStaffLockout); a right
// PIN forgets the count. An id that is no staff member — or a staff member of another store than
// the terminal's — never creates a row of its own (the
// terminal's one row in staff_pin_probes counts such tries) and costs what a real check costs,
// so ids cannot be found by timing.

#include <chrono>
#include <string>

#include "auth.hpp"
#include "context.hpp"

namespace tp::service {

constexpr int kMaxStaffPinFailures = 5;
constexpr std::chrono::milliseconds kMaxStaffLockout = std::chrono::hours(24);

struct StaffVerification {
    enum class Outcome { Verified, WrongPin, Locked } outcome = Outcome::WrongPin;
    Staff staff;                // when verified, without its PIN verifier
    int work_orders_added = 0;  // technician verified on this terminal for the first time
};

// Checks `pin` for `staff_id` at `terminal` in two short units of work of its own; the KDF runs
// between them, outside any transaction, within ctx.pin_checks. A verified
// technician joins the terminal's scope; a verified verifier below the current cost is replaced.
// Throws StorageError.
StaffVerification verify_staff(ServiceContext& ctx, const TerminalIdentity& terminal,
                               const std::string& staff_id, const std::string& pin);

// The lock after `locks` earlier locks: base x 2^locks, at most kMaxStaffLockout.
std::chrono::milliseconds staff_lockout_after(std::chrono::milliseconds base, int locks);

}  // namespace tp::service
