#include "touchpoint/retention.hpp"

#include <vector>

#include "scope_removal.hpp"

namespace tp {

void note_customer_served(Db& db, const std::string& customer_id, Millis now) {
    db.prepare(
          "INSERT INTO customer_visits(customer_id, last_served) VALUES(?, ?) "
          "ON CONFLICT(customer_id) DO UPDATE SET last_served = max(last_served, excluded.last_served)")
        .bind_all(customer_id, now)
        .run();
}

Result<int> forget_unserved_customers(Store& store, const std::string& own_store_id, Millis now,
                                      Millis retention) {
    if (retention <= 0) return 0;
    try {
        Db& db = store.db();
        Transaction txn(db);
        // A customer seen for the first time starts their retention now.
        db.prepare(
              "INSERT OR IGNORE INTO customer_visits(customer_id, last_served) "
              "SELECT id, ? FROM customers WHERE store_id <> ?")
            .bind_all(now, own_store_id)
            .run();
        // A finished visit of another store's customer, older than the retention time, no
        // longer holds its customer here.
        db.prepare(
              "DELETE FROM work_orders AS w WHERE json_extract(w.data, '$.status') IN "
              "('completed', 'cancelled') AND w.window_start < ?2 AND w.local_progress_cmd IS NULL "
              "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = w.case_id AND "
              "  (o.state = 'pending' OR (o.state IN ('refused', 'held') AND o.dismissed = 0))) "
              "AND NOT EXISTS (SELECT 1 FROM customers c WHERE "
              "  c.id = json_extract(w.data, '$.customer_id') AND c.store_id = ?1)")
            .bind_all(own_store_id, now - retention)
            .run();
        auto find = db.prepare(
            "SELECT c.id FROM customers c JOIN customer_visits v ON v.customer_id = c.id "
            "WHERE c.store_id <> ?1 AND v.last_served < ?2 "
            "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE "
            "  (o.customer_id = c.id OR o.case_id IN (SELECT id FROM cases WHERE customer_id = c.id)) "
            "  AND (o.state = 'pending' OR (o.state IN ('refused', 'held') AND o.dismissed = 0))) "
            "AND NOT EXISTS (SELECT 1 FROM work_orders w "
            "  WHERE json_extract(w.data, '$.customer_id') = c.id)");
        find.bind_all(own_store_id, now - retention);
        std::vector<std::string> ids;
        while (find.step()) ids.push_back(find.text(0));
        for (const auto& id : ids) scope_removal::remove_customer(db, id);
        auto lapsed = db.prepare(
            "DELETE FROM pin_attempts WHERE kind = 'customer' AND id = ? AND locked_until <= ?");
        for (const auto& id : ids) {
            lapsed.bind_all(id, now).run();
            lapsed.reset();
        }
        txn.commit();
        return static_cast<int>(ids.size());
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.storage", e.what()};
    }
}

}  // namespace tp
