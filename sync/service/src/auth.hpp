#pragma once
// Terminal enrollment and tokens (protocol §3) and staff PIN verification (§4). Functions run
// inside the caller's transaction; refusals throw ApiError with the protocol's status and code,
// except verify_staff(), whose failure must still be committed (it counts toward the lockout).

#include <chrono>
#include <string>
#include <vector>

#include "context.hpp"
#include "entity_store.hpp"

namespace tp::service {

struct TerminalIdentity {
    std::string terminal_id;
    std::string store_id;
};

struct IssuedToken {
    std::string terminal_id;
    std::string token;
    std::string store_id;
    Millis expires_at = 0;
};

// Adds the codes that are not in the database yet; used codes stay used.
void add_enroll_codes(Db& db, const std::vector<EnrollCode>& codes);

// Exchanges a one-time code. Throws ApiError 403 invalid_code, 409 code_used.
IssuedToken enroll(Db& db, const std::string& code, const std::string& terminal_name, Millis now,
                   std::chrono::milliseconds ttl);

// The terminal a bearer token belongs to. The first use of a renewed token retires the token it
// replaced. Throws ApiError 401 unauthorized (unknown) or token_expired.
TerminalIdentity authenticate(Db& db, const std::string& token, Millis now);

// A new token for the terminal of `token`, which may have expired up to `grace` ago. Throws
// ApiError 401 unauthorized when the token is unknown or too old.
IssuedToken renew(Db& db, const std::string& token, Millis now, std::chrono::milliseconds ttl,
                  std::chrono::milliseconds grace);

struct StaffVerification {
    enum class Outcome { Verified, WrongPin, Locked } outcome = Outcome::WrongPin;
    Staff staff;                // when verified
    int work_orders_added = 0;  // technician verified on this terminal for the first time
};

// Checks the PIN, counting failures: 5 in a row lock the staff member for `lockout`. A verified
// technician joins the terminal's scope (their work orders and those orders' customers).
StaffVerification verify_staff(Db& db, EntityStore& store, const TerminalIdentity& terminal,
                               const std::string& staff_id, const std::string& pin, Millis now,
                               std::chrono::milliseconds lockout);

}  // namespace tp::service
