#include "grants.hpp"

#include "touchpoint/crypto.hpp"

namespace tp::service {
namespace {

const char* kind_name(GrantKind kind) {
    return kind == GrantKind::Staff ? "staff" : "customer";
}

}  // namespace

IssuedGrant issue_grant(Sql& db, const TerminalIdentity& terminal, GrantKind kind,
                        const std::string& subject_id, Millis now,
                        std::chrono::milliseconds ttl) {
    db.prepare("DELETE FROM grants WHERE expires_at <= ?").bind(1, now).run();
    IssuedGrant out;
    out.grant = random_hex(32);
    out.expires_at = now + ttl.count();
    db.prepare(
          "INSERT INTO grants(hash, terminal_id, kind, subject_id, expires_at) "
          "VALUES(?, ?, ?, ?, ?)")
        .bind_all(sha256_hex(out.grant), terminal.terminal_id, kind_name(kind), subject_id,
                  out.expires_at)
        .run();
    return out;
}

std::optional<std::string> grant_subject(Sql& db, const TerminalIdentity& terminal,
                                         GrantKind kind, const std::string& grant, Millis now) {
    if (grant.empty() || grant.size() > 128) return std::nullopt;
    auto stmt = db.prepare(
        "SELECT subject_id FROM grants WHERE hash = ? AND terminal_id = ? AND kind = ? "
        "AND expires_at > ?");
    stmt.bind_all(sha256_hex(grant), terminal.terminal_id, kind_name(kind), now);
    if (!stmt.step()) return std::nullopt;
    return stmt.text(0);
}

}  // namespace tp::service
