#pragma once
// Terminal enrollment and tokens (protocol §3); staff PINs are staff_pins.hpp's. Functions run
// inside the caller's transaction; refusals throw ApiError with the protocol's status and code.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "entity_store.hpp"

namespace tp::service {

struct TerminalIdentity {
    std::string terminal_id;
    std::string store_id;
    bool wipe_ordered = false;  // the operator ordered a wipe it has not reported done
};

struct IssuedToken {
    std::string terminal_id;
    std::string token;
    std::string store_id;
    Millis expires_at = 0;
};

// Adds the codes that are not in the database yet; used codes stay used.
void add_enroll_codes(Sql& db, const std::vector<EnrollCode>& codes);

// Exchanges a one-time code. Throws ApiError 403 invalid_code, 409 code_used.
IssuedToken enroll(Sql& db, const std::string& code, const std::string& terminal_name, Millis now,
                   std::chrono::milliseconds ttl);

// The terminal a bearer token belongs to. The first use of a renewed token retires the token it
// replaced. Throws ApiError 401 unauthorized (unknown), terminal_revoked or token_expired.
TerminalIdentity authenticate(Sql& db, const std::string& token, Millis now);
// The same without writing, for a unit that only reads: nullopt when this is the token's first
// use, which only authenticate() may record.
std::optional<TerminalIdentity> authenticate_used(Sql& db, const std::string& token, Millis now);

// A new token for the terminal of `token`, which may have expired up to `grace` ago. Throws
// ApiError 401 unauthorized when the token is unknown or too old, terminal_revoked when the
// terminal was revoked.
IssuedToken renew(Sql& db, const std::string& token, Millis now, std::chrono::milliseconds ttl,
                  std::chrono::milliseconds grace);

// Disables a terminal at once and for good: every token it has, and every renewal, fail from
// now on with 401 terminal_revoked. Returns when it was revoked (the first revocation's time
// when it already was); nullopt when no terminal has that id.
std::optional<Millis> revoke_terminal(Sql& db, const std::string& terminal_id, Millis now);

}  // namespace tp::service
