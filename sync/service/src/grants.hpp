#pragma once
// Short-lived proofs a terminal presents with its token (protocol §13): a staff grant says a
// staff member proved their PIN on this terminal through the service; a customer grant says a
// customer did. A grant is bound to the terminal it was issued to and useless with another
// terminal's token. Only the grant's SHA-256 is stored. Runs inside the caller's transaction.

#include <chrono>
#include <optional>
#include <string>

#include "auth.hpp"

namespace tp::service {

enum class GrantKind { Staff, Customer };

struct IssuedGrant {
    std::string grant;
    Millis expires_at = 0;
};

// Issues a grant for `subject_id` (a staff or customer id) to the terminal; prunes expired ones.
IssuedGrant issue_grant(Sql& db, const TerminalIdentity& terminal, GrantKind kind,
                        const std::string& subject_id, Millis now,
                        std::chrono::milliseconds ttl);

// The subject of a live grant of `kind` issued to this terminal; nullopt when the grant is
// unknown, expired, of another kind or of another terminal.
std::optional<std::string> grant_subject(Sql& db, const TerminalIdentity& terminal,
                                         GrantKind kind, const std::string& grant, Millis now);

}  // namespace tp::service
