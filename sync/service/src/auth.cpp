#include "auth.hpp"

#include <set>

#include "scope.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/local_reference.hpp"

namespace tp::service {
namespace {

IssuedToken issue_token(Sql& db, const std::string& terminal_id, const std::string& store_id,
                        Millis now, std::chrono::milliseconds ttl) {
    IssuedToken out{terminal_id, random_hex(32), store_id, now + ttl.count()};
    auto stmt = db.prepare(
        "INSERT INTO tokens(hash, terminal_id, issued_at, expires_at) VALUES(?, ?, ?, ?)");
    stmt.bind_all(sha256_hex(out.token), terminal_id, now, out.expires_at).run();
    return out;
}

std::string store_of_terminal(Sql& db, const std::string& terminal_id) {
    auto stmt = db.prepare("SELECT store_id FROM terminals WHERE id = ?");
    stmt.bind(1, terminal_id);
    return stmt.step() ? stmt.text(0) : std::string();
}

// Throws 401 terminal_revoked when the operator revoked `terminal_id`.
void refuse_if_revoked(Sql& db, const std::string& terminal_id) {
    auto stmt = db.prepare("SELECT 1 FROM revoked_terminals WHERE terminal_id = ?");
    stmt.bind(1, terminal_id);
    if (stmt.step())
        throw ApiError{401, "terminal_revoked",
                       "This terminal has been disabled by the operator; staff can export its "
                       "queued requests."};
}

}  // namespace

void add_enroll_codes(Sql& db, const std::vector<EnrollCode>& codes) {
    auto stmt = db.prepare("INSERT INTO enroll_codes(code_hash, store_id) VALUES(?, ?) ON CONFLICT DO NOTHING");
    for (const auto& c : codes) {
        stmt.bind_all(sha256_hex(c.code), c.store_id).run();
        stmt.reset();
    }
}

IssuedToken enroll(Sql& db, const std::string& code, const std::string& terminal_name, Millis now,
                   std::chrono::milliseconds ttl) {
    std::string code_hash = sha256_hex(code);
    auto find = db.prepare("SELECT store_id, used_by FROM enroll_codes WHERE code_hash = ?");
    find.bind(1, code_hash);
    if (!find.step())
        throw ApiError{403, "invalid_code", "This enrollment code is not known to the service."};
    std::string store_id = find.text(0);
    const ApiError used{409, "code_used", "This enrollment code was used already; ask for a new one."};
    if (!find.text(1).empty()) throw used;

    // No two terminals of a store share a tag, so their local references never collide.
    std::string terminal_id;
    auto same_tag = db.prepare("SELECT id FROM terminals WHERE store_id = ?");
    same_tag.bind(1, store_id);
    std::set<std::string> tags;
    while (same_tag.step()) tags.insert(terminal_tag(same_tag.text(0)));
    do terminal_id = "TERM-" + random_hex(6);
    while (tags.count(terminal_tag(terminal_id)) && tags.size() < 60000);
    // The code is claimed only if it is still unused when written: of two enrollments with one
    // code, whatever the engine's isolation, one terminal is made.
    auto use = db.prepare(
        "UPDATE enroll_codes SET used_by = ?, used_at = ? WHERE code_hash = ? AND used_by = ''");
    if (use.bind_all(terminal_id, now, code_hash).run() != 1) throw used;
    auto add = db.prepare(
        "INSERT INTO terminals(id, name, store_id, enrolled_at) VALUES(?, ?, ?, ?)");
    add.bind_all(terminal_id, terminal_name, store_id, now).run();
    return issue_token(db, terminal_id, store_id, now, ttl);
}

namespace {

// authenticate(); with `record` false, nullopt instead of recording a first use.
std::optional<TerminalIdentity> check_token(Sql& db, const std::string& token, Millis now,
                                            bool record) {
    std::string hash = sha256_hex(token);
    auto find = db.prepare("SELECT terminal_id, expires_at, used FROM tokens WHERE hash = ?");
    find.bind(1, hash);
    if (!find.step())
        throw ApiError{401, "unauthorized", "The terminal is not enrolled; enroll it again."};
    TerminalIdentity who{find.text(0), ""};
    Millis expires_at = find.int64(1);
    bool used = find.int64(2) != 0;
    refuse_if_revoked(db, who.terminal_id);
    if (now >= expires_at)
        throw ApiError{401, "token_expired", "The terminal's token has expired; renew it."};
    if (!used) {
        if (!record) return std::nullopt;
        // First use of this token: the token it replaced (if any) is retired now.
        auto mark = db.prepare("UPDATE tokens SET used = 1 WHERE hash = ? AND used = 0");
        if (mark.bind(1, hash).run() == 1) {
            auto retire = db.prepare("DELETE FROM tokens WHERE successor = ?");
            retire.bind(1, hash).run();
        }
    }
    who.store_id = store_of_terminal(db, who.terminal_id);
    return who;
}

}  // namespace

TerminalIdentity authenticate(Sql& db, const std::string& token, Millis now) {
    return *check_token(db, token, now, true);
}

std::optional<TerminalIdentity> authenticate_used(Sql& db, const std::string& token, Millis now) {
    return check_token(db, token, now, false);
}

IssuedToken renew(Sql& db, const std::string& token, Millis now, std::chrono::milliseconds ttl,
                  std::chrono::milliseconds grace) {
    std::string hash = sha256_hex(token);
    auto find = db.prepare("SELECT terminal_id, expires_at, successor FROM tokens WHERE hash = ?");
    find.bind(1, hash);
    if (!find.step())
        throw ApiError{401, "unauthorized", "The terminal is not enrolled; enroll it again."};
    std::string terminal_id = find.text(0);
    Millis expires_at = find.int64(1);
    std::string successor = find.text(2);
    refuse_if_revoked(db, terminal_id);
    if (now > expires_at + grace.count())
        throw ApiError{401, "unauthorized",
                       "The token expired too long ago to be renewed; enroll the terminal again."};
    if (!successor.empty()) {
        // An earlier renewal's answer was lost: its token was never used, discard it.
        auto drop = db.prepare("DELETE FROM tokens WHERE hash = ? AND used = 0");
        drop.bind(1, successor).run();
    }
    IssuedToken fresh = issue_token(db, terminal_id, store_of_terminal(db, terminal_id), now, ttl);
    // Linked only if no other renewal of this token linked one meanwhile; else the unit of
    // work runs again and finds that one.
    auto link = db.prepare("UPDATE tokens SET successor = ? WHERE hash = ? AND successor = ?");
    if (link.bind_all(sha256_hex(fresh.token), hash, successor).run() != 1)
        throw StorageError(StorageError::Kind::Conflict, "the token was renewed meanwhile");
    return fresh;
}

std::optional<Millis> revoke_terminal(Sql& db, const std::string& terminal_id, Millis now) {
    if (store_of_terminal(db, terminal_id).empty()) return std::nullopt;
    auto add = db.prepare(
        "INSERT INTO revoked_terminals(terminal_id, revoked_at) VALUES(?, ?) ON CONFLICT DO NOTHING");
    add.bind_all(terminal_id, now).run();
    auto when = db.prepare("SELECT revoked_at FROM revoked_terminals WHERE terminal_id = ?");
    when.bind(1, terminal_id);
    when.step();
    return when.int64(0);
}

}  // namespace tp::service
