// The operator's commands on a service database (service.hpp: revoke_terminal, list_terminals).

#include "auth.hpp"
#include "schema.hpp"
#include "touchpoint/service/service.hpp"

namespace tp::service {

Status revoke_terminal(const std::string& db_path, const std::string& terminal_id, Millis now) {
    try {
        std::unique_ptr<Sql> owned = open_service_db(db_path);
        Sql& db = *owned;
        Transaction txn(db);
        auto revoked = revoke_terminal(db, terminal_id, now);
        if (!revoked)
            return Error{Errc::NotFound, "error.terminal_unknown", terminal_id};
        txn.commit();
        return Ok{};
    } catch (const std::exception& e) {
        return Error{Errc::DbIo, "error.service_db_unavailable", e.what()};
    }
}

Result<std::vector<TerminalRecord>> list_terminals(const std::string& db_path) {
    try {
        std::unique_ptr<Sql> owned = open_service_db(db_path);
        Sql& db = *owned;
        auto stmt = db.prepare(
            "SELECT t.id, t.name, t.store_id, t.enrolled_at, COALESCE(r.revoked_at, 0) "
            "FROM terminals t LEFT JOIN revoked_terminals r ON r.terminal_id = t.id "
            "ORDER BY t.enrolled_at, t.id");
        std::vector<TerminalRecord> out;
        while (stmt.step())
            out.push_back({stmt.text(0), stmt.text(1), stmt.text(2), stmt.int64(3), stmt.int64(4)});
        return out;
    } catch (const std::exception& e) {
        return Error{Errc::DbCannotOpen, "error.service_db_unavailable", e.what()};
    }
}

}  // namespace tp::service
