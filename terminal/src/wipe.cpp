#include "touchpoint/wipe.hpp"

#include "touchpoint/log.hpp"

namespace tp {

Status wipe_customer_data(Store& store) {
    try {
        Db& db = store.db();
        {
            Transaction txn(db, Transaction::Durability::Full);
            static constexpr const char* kWipe[] = {
                "DELETE FROM intray",
                "DELETE FROM interactions",
                "DELETE FROM offers",
                "DELETE FROM work_orders",
                "DELETE FROM cases",
                "DELETE FROM customers",
                "DELETE FROM customer_visits",
                "DELETE FROM pin_attempts WHERE kind = 'customer'",
                "DELETE FROM outbox_attempts",
                "DELETE FROM outbox WHERE seq < (SELECT MAX(seq) FROM outbox)",
                "UPDATE outbox SET payload = '{}', case_id = '', customer_id = '', actor_id = '', "
                "staff_id = '', new_case_id = '', lane = 'wiped', result = NULL, held_reason = '', "
                "state = 'confirmed', "
                "dismissed = 1, settled = 1",
                "DELETE FROM meta WHERE key = 'cursor'",
            };
            for (const char* sql : kWipe) db.exec(sql);
            txn.commit();
        }
        try {
            db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (const DbException& e) {
            log::warn("wipe", std::string("WAL not truncated now: ") + e.what());
        }
        return Ok{};
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.storage", e.what()};
    }
}

}  // namespace tp
