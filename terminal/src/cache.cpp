#include "touchpoint/cache.hpp"

#include <array>
#include <iterator>
#include <optional>

#include "overlays.hpp"
#include "scope_removal.hpp"
#include "touchpoint/domain_json.hpp"
#include "touchpoint/log.hpp"

namespace tp {
namespace {

using nlohmann::json;

// The entity's JSON text to store: as the service sent it, or written out from the parsed one
// into `written`.
std::string_view entity_text(const Change& change, std::string& written) {
    if (!change.text.empty()) return change.text;
    written = change.data.dump();
    return written;
}

void append_json_string(std::string& out, const std::string& s) {
    out += json(s).dump();
}

// Appends a customer's row as one element of the array kCustomersFromRows reads: its columns,
// then the entity itself.
void append_customer_row(std::string& rows, const Change& change) {
    auto c = change.data.get<Customer>();
    rows += rows.empty() ? '[' : ',';
    rows += '[';
    for (const std::string* column :
         {&c.id, &c.store_id, &c.name, &c.phone, &c.email, &c.loyalty_number}) {
        append_json_string(rows, *column);
        rows += ',';
    }
    std::string written;
    rows += entity_text(change, written);
    rows += ']';
}

// Upserts every customer row of a JSON array in one statement: the search index's triggers then
// write to it once per statement instead of once per customer.
constexpr const char* kCustomersFromRows =
    "INSERT INTO customers(id, store_id, name, phone, email, loyalty, data) "
    "SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, "
    "value -> 6 FROM json_each(?) WHERE true ON CONFLICT(id) DO UPDATE SET "
    "store_id = excluded.store_id, name = excluded.name, phone = excluded.phone, "
    "email = excluded.email, loyalty = excluded.loyalty, data = excluded.data";

void upsert_case(Stmt& st, const Change& change) {
    std::string written;
    auto c = change.data.get<Case>();
    st.bind_all(c.id, c.customer_id, std::string(to_string(c.kind)), c.status, c.reference,
                c.version, c.sla_due, entity_text(change, written))
        .run();
}

void upsert_intray(Stmt& st, const Change& change) {
    std::string written;
    auto i = change.data.get<InTrayItem>();
    st.bind_all(i.id, i.customer_id, i.case_id, i.due, entity_text(change, written)).run();
}

void upsert_interaction(Stmt& st, const Change& change) {
    std::string written;
    auto i = change.data.get<Interaction>();
    st.bind_all(i.id, i.customer_id, i.at, entity_text(change, written)).run();
}

void upsert_offer(Stmt& st, const Change& change) {
    std::string written;
    auto o = change.data.get<Offer>();
    st.bind_all(o.id, o.customer_id, entity_text(change, written)).run();
}

void upsert_work_order(Stmt& st, const Change& change) {
    std::string written;
    auto w = change.data.get<WorkOrder>();
    st.bind_all(w.case_id, w.technician_id, w.window_start, entity_text(change, written)).run();
}

void upsert_staff(Stmt& st, const Change& change) {
    std::string written;
    auto s = change.data.get<Staff>();
    st.bind_all(s.id, entity_text(change, written)).run();
}

struct TableOf {
    const char* type;
    void (*upsert)(Stmt&, const Change&);  // null: collected and written in bulk
    const char* upsert_sql;
    const char* delete_sql;
};

constexpr TableOf kTables[] = {
    {"customer", nullptr, nullptr, "DELETE FROM customers WHERE id = ?"},  // upserts: in bulk
    {"case", upsert_case,
     "INSERT INTO cases(id, customer_id, kind, status, reference, version, sla_due, data) "
     "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
     "customer_id = excluded.customer_id, kind = excluded.kind, "
     "status = excluded.status, reference = excluded.reference, "
     "version = excluded.version, sla_due = excluded.sla_due, data = excluded.data "
     "WHERE excluded.version >= cases.version",
     "DELETE FROM cases WHERE id = ? AND provisional_cmd IS NULL"},
    {"intray", upsert_intray,
     "INSERT INTO intray(id, customer_id, case_id, due, data) VALUES (?, ?, ?, ?, ?) "
     "ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, "
     "case_id = excluded.case_id, due = excluded.due, data = excluded.data",
     "DELETE FROM intray WHERE id = ?"},
    {"interaction", upsert_interaction,
     "INSERT INTO interactions(id, customer_id, at, data) VALUES (?, ?, ?, ?) "
     "ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, "
     "at = excluded.at, data = excluded.data",
     "DELETE FROM interactions WHERE id = ?"},
    {"offer", upsert_offer,
     "INSERT INTO offers(id, customer_id, data) VALUES (?, ?, ?) "
     "ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, "
     "data = excluded.data",
     "DELETE FROM offers WHERE id = ?"},
    {"work_order", upsert_work_order,
     "INSERT INTO work_orders(case_id, technician_id, window_start, data) "
     "VALUES (?, ?, ?, ?) ON CONFLICT(case_id) DO UPDATE SET "
     "technician_id = excluded.technician_id, window_start = excluded.window_start, "
     "data = excluded.data",
     "DELETE FROM work_orders WHERE case_id = ?"},
    {"staff", upsert_staff,
     "INSERT INTO staff(id, data) VALUES (?, ?) "
     "ON CONFLICT(id) DO UPDATE SET data = excluded.data",
     "DELETE FROM staff WHERE id = ?"},
};
constexpr std::size_t kTableCount = std::size(kTables);

// The statements of one apply, each prepared on its first use and reused for every later row.
class TableWriter {
  public:
    explicit TableWriter(Db& db) : db_(db) {}

    void apply(const Change& change) {
        for (std::size_t i = 0; i < kTableCount; ++i) {
            if (change.type != kTables[i].type) continue;
            if (!kTables[i].upsert && !change.data.is_null()) {
                append_customer_row(customers_, change);
            } else if (change.data.is_null()) {
                if (!kTables[i].upsert) flush();  // in the order given
                Stmt& st = statement(deletes_[i], kTables[i].delete_sql);
                st.bind(1, change.id).run();
                // What was cached under it leaves with it (scope_removal.hpp).
                if (change.type == std::string_view("customer"))
                    scope_removal::remove_customer(db_, change.id);
                else if (change.type == std::string_view("case"))
                    scope_removal::remove_case_entities(db_, change.id);
            } else {
                kTables[i].upsert(statement(upserts_[i], kTables[i].upsert_sql), change);
            }
            return;
        }
    }

    // Writes the customers collected so far.
    void flush() {
        if (customers_.empty()) return;
        customers_ += ']';
        Stmt& st = statement(bulk_customers_, kCustomersFromRows);
        st.bind(1, customers_).run();
        customers_.clear();
    }

  private:
    Stmt& statement(std::optional<Stmt>& slot, const char* sql) {
        if (!slot)
            slot.emplace(db_.prepare(sql));
        else
            slot->reset();
        return *slot;
    }

    Db& db_;
    std::array<std::optional<Stmt>, kTableCount> upserts_;
    std::array<std::optional<Stmt>, kTableCount> deletes_;
    std::optional<Stmt> bulk_customers_;
    std::string customers_;  // kCustomersFromRows' array, without its closing bracket
};

}  // namespace

namespace {
Status apply_changes(Store& store, const std::vector<Change>& changes,
                     const std::string* next_cursor) {
    Db& db = store.db();
    try {
        Transaction txn(db);
        TableWriter writer(db);
        for (const auto& change : changes) writer.apply(change);
        writer.flush();
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

CatchUp::~CatchUp() {
    if (!on_) return;
    try {
        store_.db().exec("PRAGMA wal_autocheckpoint=1000");
        store_.db().exec("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (const DbException& e) {
        log::warn("cache", std::string("checkpoint after catching up: ") + e.what());
    }
}

void CatchUp::begin() {
    if (on_) return;
    store_.db().exec("PRAGMA wal_autocheckpoint=16384");
    on_ = true;
}

}  // namespace tp
