#include "scope.hpp"

namespace tp::service {

bool customer_in_scope(Sql& db, EntityStore& store, const TerminalIdentity& terminal,
                       const std::string& customer_id) {
    return store.store_of_customer(customer_id) == terminal.store_id ||
           served_at(db, terminal, customer_id);
}

bool served_at(Sql& db, const TerminalIdentity& terminal, const std::string& customer_id) {
    auto stmt = db.prepare("SELECT 1 FROM served WHERE terminal_id = ? AND customer_id = ?");
    stmt.bind_all(terminal.terminal_id, customer_id);
    return stmt.step();
}

void serve_customer(Sql& db, EntityStore& store, const TerminalIdentity& terminal,
                    const std::string& customer_id, Millis now) {
    std::string customer_store = store.store_of_customer(customer_id);
    if (customer_store.empty() || customer_store == terminal.store_id) return;
    auto add = db.prepare(
        "INSERT INTO served(terminal_id, customer_id, since) VALUES(?, ?, ?) ON CONFLICT DO NOTHING");
    if (add.bind_all(terminal.terminal_id, customer_id, now).run() > 0) store.touch_customer(customer_id);
}

int add_technician_to_scope(Sql& db, EntityStore& store, const TerminalIdentity& terminal,
                            const std::string& staff_id, Millis now) {
    auto add = db.prepare(
        "INSERT INTO terminal_technicians(terminal_id, staff_id) VALUES(?, ?) ON CONFLICT DO NOTHING");
    if (add.bind_all(terminal.terminal_id, staff_id).run() == 0) return 0;
    auto orders = store.work_orders_of_technician(staff_id);
    for (const auto& wo : orders) serve_customer(db, store, terminal, wo.customer_id, now);
    store.touch_technician(staff_id);
    return static_cast<int>(orders.size());
}

}  // namespace tp::service
