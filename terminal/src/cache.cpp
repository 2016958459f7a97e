#include "touchpoint/cache.hpp"

#include "overlays.hpp"
#include "touchpoint/domain_json.hpp"

namespace tp {
namespace {

using nlohmann::json;

void upsert_customer(Db& db, const json& data) {
    auto c = data.get<Customer>();
    db.prepare(
          "INSERT INTO customers(id, store_id, name, phone, email, loyalty, data) "
          "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
          "store_id = excluded.store_id, name = excluded.name, phone = excluded.phone, "
          "email = excluded.email, loyalty = excluded.loyalty, data = excluded.data")
        .bind_all(c.id, c.store_id, c.name, c.phone, c.email, c.loyalty_number, data.dump())
        .run();
}

void upsert_case(Db& db, const json& data) {
    auto c = data.get<Case>();
    db.prepare(
          "INSERT INTO cases(id, customer_id, kind, status, reference, version, sla_due, data) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
          "customer_id = excluded.customer_id, kind = excluded.kind, "
          "status = excluded.status, reference = excluded.reference, "
          "version = excluded.version, sla_due = excluded.sla_due, data = excluded.data "
          "WHERE excluded.version >= cases.version")
        .bind_all(c.id, c.customer_id, std::string(to_string(c.kind)), c.status, c.reference,
                  c.version, c.sla_due, data.dump())
        .run();
}

void upsert_intray(Db& db, const json& data) {
    auto i = data.get<InTrayItem>();
    db.prepare(
          "INSERT INTO intray(id, customer_id, case_id, due, data) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, "
          "case_id = excluded.case_id, due = excluded.due, data = excluded.data")
        .bind_all(i.id, i.customer_id, i.case_id, i.due, data.dump())
        .run();
}

void upsert_interaction(Db& db, const json& data) {
    auto i = data.get<Interaction>();
    db.prepare(
          "INSERT INTO interactions(id, customer_id, at, data) VALUES (?, ?, ?, ?) "
          "ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, "
          "at = excluded.at, data = excluded.data")
        .bind_all(i.id, i.customer_id, i.at, data.dump())
        .run();
}

void upsert_offer(Db& db, const json& data) {
    auto o = data.get<Offer>();
    db.prepare(
          "INSERT INTO offers(id, customer_id, data) VALUES (?, ?, ?) "
          "ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, "
          "data = excluded.data")
        .bind_all(o.id, o.customer_id, data.dump())
        .run();
}

void upsert_work_order(Db& db, const json& data) {
    auto w = data.get<WorkOrder>();
    db.prepare(
          "INSERT INTO work_orders(case_id, technician_id, window_start, data) "
          "VALUES (?, ?, ?, ?) ON CONFLICT(case_id) DO UPDATE SET "
          "technician_id = excluded.technician_id, window_start = excluded.window_start, "
          "data = excluded.data")
        .bind_all(w.case_id, w.technician_id, w.window_start, data.dump())
        .run();
}

void upsert_staff(Db& db, const json& data) {
    auto s = data.get<Staff>();
    db.prepare(
          "INSERT INTO staff(id, data) VALUES (?, ?) "
          "ON CONFLICT(id) DO UPDATE SET data = excluded.data")
        .bind_all(s.id, data.dump())
        .run();
}

struct TableOf {
    const char* type;
    void (*upsert)(Db&, const json&);
    const char* delete_sql;
};

constexpr TableOf kTables[] = {
    {"customer", upsert_customer, "DELETE FROM customers WHERE id = ?"},
    {"case", upsert_case, "DELETE FROM cases WHERE id = ? AND provisional_cmd IS NULL"},
    {"intray", upsert_intray, "DELETE FROM intray WHERE id = ?"},
    {"interaction", upsert_interaction, "DELETE FROM interactions WHERE id = ?"},
    {"offer", upsert_offer, "DELETE FROM offers WHERE id = ?"},
    {"work_order", upsert_work_order, "DELETE FROM work_orders WHERE case_id = ?"},
    {"staff", upsert_staff, "DELETE FROM staff WHERE id = ?"},
};

}  // namespace

namespace {
Status apply_changes(Store& store, const std::vector<Change>& changes,
                     const std::string* next_cursor) {
    Db& db = store.db();
    try {
        Transaction txn(db);
        for (const auto& change : changes) {
            for (const auto& table : kTables) {
                if (change.type != table.type) continue;
                if (change.data.is_null())
                    db.prepare(table.delete_sql).bind(1, change.id).run();
                else
                    table.upsert(db, change.data);
            }
        }
        overlays::settle_confirmed(db);
        if (next_cursor) store.set_meta("cursor", *next_cursor);
        txn.commit();
    } catch (const nlohmann::json::exception& e) {
        return Error{Errc::InvalidInput, "error.service_answer_unreadable",
                     e.what()};
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.storage", e.what()};
    }
    return Ok{};
}

}  // namespace

Status apply_page(Store& store, const std::vector<Change>& changes,
                  const std::string& next_cursor) {
    return apply_changes(store, changes, &next_cursor);
}

Status apply_entities(Store& store, const std::vector<Change>& changes) {
    return apply_changes(store, changes, nullptr);
}

Status reset_cursor(Store& store) {
    try {
        store.db().prepare("DELETE FROM meta WHERE key = 'cursor'").run();
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.storage", e.what()};
    }
    return Ok{};
}

}  // namespace tp
