// The operator's commands on a service database (service.hpp: revoke_terminal, list_terminals,
// order_wipe).

#include "auth.hpp"
#include "fleet.hpp"
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
        return fleet(*owned);
    } catch (const std::exception& e) {
        return Error{Errc::DbCannotOpen, "error.service_db_unavailable", e.what()};
    }
}

Result<Millis> order_wipe(const std::string& db_path, const std::string& terminal_id, Millis now) {
    try {
        std::unique_ptr<Sql> owned = open_service_db(db_path);
        Transaction txn(*owned);
        const std::optional<Millis> ordered = order_wipe(*owned, terminal_id, now);
        if (!ordered) return Error{Errc::NotFound, "error.terminal_unknown", terminal_id};
        txn.commit();
        return *ordered;
    } catch (const std::exception& e) {
        return Error{Errc::DbIo, "error.service_db_unavailable", e.what()};
    }
}

}  // namespace tp::service
