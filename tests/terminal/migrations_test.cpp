// Schema migrations: a store written at any older schema version opens at the latest version
// with its data intact, and data written before a migration existed is served by it (search).

#include <doctest/doctest.h>

#include "terminal_test_support.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/queries.hpp"
#include "touchpoint/schema.hpp"

using namespace tp;
using namespace tp::test;

namespace {

int application_id(Store& store) {
    return static_cast<int>(sql_int(store, "PRAGMA application_id"));
}

// Rows written with plain SQL as a terminal at schema version 1 would have written them. Every
// statement names its columns, so it stays valid at later versions (migrations only add).
void seed_v1_rows(Store& store) {
    Customer jose = make_customer("C-1", "José García");
    jose.phone = "+34 612 345 678";
    jose.email = "jose.garcia@example.es";
    jose.loyalty_number = "L-100001";
    Case order = make_order("ORD-1", "C-1", 4);
    InTrayItem item = make_intray("IT-1", "ORD-1", "C-1");
    // Version 1 stored the legacy SHA-256 verifier; it still verifies.
    Staff rep{"S-100", "Rita", Role::Rep, "S-1", "5a17", legacy_pin_hash("5a17", "9090")};

    Db& db = store.db();
    db.prepare(
          "INSERT INTO customers(id, store_id, name, phone, email, loyalty, data) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(jose.id, jose.store_id, jose.name, jose.phone, jose.email, jose.loyalty_number,
                  nlohmann::json(jose).dump())
        .run();
    db.prepare(
          "INSERT INTO cases(id, customer_id, kind, status, reference, version, data, "
          "requested_action, requested_cmd) VALUES (?, ?, 'order', ?, ?, ?, ?, "
          "'cancel_order', 'cmd-old-1')")
        .bind_all(order.id, order.customer_id, order.status, order.reference, order.version,
                  nlohmann::json(order).dump())
        .run();
    db.prepare("INSERT INTO intray(id, customer_id, case_id, due, data) VALUES (?, ?, ?, ?, ?)")
        .bind_all(item.id, item.customer_id, item.case_id, item.due, nlohmann::json(item).dump())
        .run();
    db.prepare("INSERT INTO staff(id, data) VALUES (?, ?)")
        .bind_all(rep.id, nlohmann::json(rep).dump())
        .run();
    db.prepare(
          "INSERT INTO outbox(command_id, action, lane, lane_prev_seq, case_id, customer_id, "
          "payload, actor_role, actor_id, device_time) "
          "VALUES ('cmd-old-1', 'cancel_order', 'case:ORD-1', 0, 'ORD-1', 'C-1', '{}', "
          "'customer', 'C-1', 1789000000000)")
        .run();
    db.prepare("INSERT INTO meta(key, value) VALUES ('cursor', 'cursor-at-v1')").run();
}

void check_v1_rows_survived(Store& store) {
    auto customer = load_customer(store, "C-1");
    REQUIRE(customer.has_value());
    CHECK(customer->name == "José García");
    CHECK(customer->loyalty_number == "L-100001");

    auto view = load_case_view(store, "ORD-1");
    REQUIRE(view.has_value());
    CHECK(view->summary.data.version == 4);
    CHECK(view->summary.requested_action == "cancel_order");
    REQUIRE(view->own_commands.size() == 1);
    CHECK(view->own_commands[0].command_id == "cmd-old-1");
    CHECK(view->own_commands[0].action == ActionType::CancelOrder);
    CHECK(view->own_commands[0].state == CommandState::Pending);
    CHECK(view->own_commands[0].staff_id.empty());  // column added by a later migration
    CHECK_FALSE(view->own_commands[0].dismissed);

    auto home = load_customer_view(store, "C-1");
    REQUIRE(home.has_value());
    REQUIRE(home->intray.size() == 1);
    CHECK(home->intray[0].item.id == "IT-1");

    auto staff = load_staff(store, "S-100");
    REQUIRE(staff.has_value());
    CHECK(staff->pin_hash == legacy_pin_hash("5a17", "9090"));
    CHECK(pin_matches(staff->pin_salt, staff->pin_hash, "9090"));

    CHECK(outbox_counts(store).pending == 1);
    CHECK(next_batch(store, 10)->size() == 1);
    CHECK(store.meta("cursor") == std::optional<std::string>("cursor-at-v1"));

    // Found through the search index, whether or not it existed when the row was written.
    auto by_name = search_customers(store, "jose");
    REQUIRE(by_name.size() == 1);
    CHECK(by_name[0].id == "C-1");
    auto by_phone = search_customers(store, "612345678");
    REQUIRE(by_phone.size() == 1);
    CHECK(by_phone[0].id == "C-1");
    CHECK(search_customers(store, "gar").size() == 1);
}

// The migrated file works for everything a current terminal does with it.
void check_latest_store_usable(Store& store) {
    Customer zoe = make_customer("C-2", "Zoë Müller");
    apply_changes(store, {change("customer", zoe.id, zoe), change("case", "ORD-2", make_order("ORD-2", "C-2", 1))},
          "cursor-after");
    auto hits = search_customers(store, "muller");
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].id == "C-2");

    CommandDraft d;
    d.action = ActionType::AddNote;
    d.case_id = "ORD-2";
    d.customer_id = "C-2";
    d.staff_id = "S-100";
    d.payload = {{"text", "hello"}};
    auto recorded = record_command(store, d, 1'790'000'000'000);
    REQUIRE(recorded.ok());
    auto found = find_command(store, recorded->command_id);
    REQUIRE(found.has_value());
    CHECK(found->staff_id == "S-100");
}

void check_integrity(Store& store) {
    auto q = store.db().prepare("PRAGMA integrity_check");
    REQUIRE(q.step());
    CHECK(q.text(0) == "ok");
    // FTS5 verifies its index against the content it was built from; throws on mismatch.
    CHECK_NOTHROW(
        store.db().exec("INSERT INTO customer_search(customer_search) VALUES('integrity-check')"));
}

}  // namespace

TEST_CASE("the schema has migrations and a Touchpoint application id") {
    REQUIRE(schema::latest_version() >= 2);
    CHECK(schema::kApplicationId != 0);
}

TEST_CASE("a new store is created at the latest version and marked as Touchpoint's") {
    TempDir dir;
    auto store = open_store(dir.file("new.db"));
    CHECK(store->schema_version() == schema::latest_version());
    CHECK(application_id(*store) == schema::kApplicationId);
    CHECK(store->path() == dir.file("new.db"));
    check_integrity(*store);
}

TEST_CASE("each migration moves the file exactly one version") {
    TempDir dir;
    const auto path = dir.file("steps.db");
    for (int v = 0; v <= schema::latest_version(); ++v) {
        CAPTURE(v);
        auto store = open_store(path, v);
        CHECK(store->schema_version() == v);
        if (v > 0) CHECK(application_id(*store) == schema::kApplicationId);
    }
}

TEST_CASE("a store written at any older version opens at the latest with its data") {
    for (int v = 0; v < schema::latest_version(); ++v) {
        CAPTURE(v);
        TempDir dir;
        const auto path = dir.file("old.db");
        {
            auto old = open_store(path, v);
            REQUIRE(old->schema_version() == v);
            // Version 0 has no tables yet; anything written there would make it a foreign file.
            if (v >= 1) seed_v1_rows(*old);
        }
        {
            auto store = open_store(path);
            CHECK(store->schema_version() == schema::latest_version());
            CHECK(application_id(*store) == schema::kApplicationId);
            if (v >= 1) check_v1_rows_survived(*store);
            if (v == 0) CHECK(sql_int(*store, "SELECT count(*) FROM customers") == 0);
            check_integrity(*store);
            check_latest_store_usable(*store);
        }
        {
            // Opening again is a no-op: same version, same data.
            auto again = open_store(path);
            CHECK(again->schema_version() == schema::latest_version());
            CHECK(sql_int(*again, "SELECT count(*) FROM customers") == (v >= 1 ? 2 : 1));
            if (v >= 1) CHECK(load_case_view(*again, "ORD-1")->summary.requested_action ==
                              "cancel_order");
        }
    }
}

TEST_CASE("customers cached before the search index existed are found after the upgrade") {
    // Version 1 is the cache without the FTS index; several customers, accents and phones.
    TempDir dir;
    const auto path = dir.file("v1.db");
    {
        auto old = open_store(path, 1);
        REQUIRE_FALSE(table_exists(*old, "customer_search"));
        const char* names[] = {"José García", "François Lefèvre", "Ñúñez Ortega"};
        const char* phones[] = {"+34 612 345 678", "+33 6 98 76 54 32", "+34 699 888 777"};
        for (int i = 0; i < 3; ++i) {
            Customer c = make_customer("C-" + std::to_string(i), names[i]);
            c.phone = phones[i];
            old->db()
                .prepare(
                    "INSERT INTO customers(id, store_id, name, phone, data) VALUES (?, ?, ?, ?, ?)")
                .bind_all(c.id, c.store_id, c.name, c.phone, nlohmann::json(c).dump())
                .run();
        }
    }
    auto store = open_store(path);
    REQUIRE(table_exists(*store, "customer_search"));
    auto only = [&](const char* query) {
        auto hits = search_customers(*store, query);
        return hits.size() == 1 ? hits[0].id : std::string("<" + std::to_string(hits.size()) + ">");
    };
    CHECK(only("jose") == "C-0");
    CHECK(only("FRANCOIS") == "C-1");
    CHECK(only("nunez") == "C-2");
    CHECK(only("698765432") == "C-1");
    CHECK(only("699 888") == "C-2");
    check_integrity(*store);
}

TEST_CASE("a version 5 store gains the lookup indexes, and its queued commands keep their links") {
    TempDir dir;
    const auto path = dir.file("v5.db");
    {
        auto old = open_store(path, 5);
        seed_v1_rows(*old);
        old->db()
            .prepare(
                "INSERT INTO outbox(command_id, action, lane, case_id, customer_id, payload, "
                "actor_role, actor_id, device_time) VALUES "
                "('cmd-creates', 'open_complaint', 'customer:C-1', '', 'C-1', "
                "'{\"new_case_id\":\"K-1\",\"text\":\"broken\"}', 'customer', 'C-1', 1), "
                "('cmd-damaged', 'add_note', 'terminal', '', '', 'not json', 'rep', 'S-100', 2)")
            .run();
    }
    auto store = open_store(path);
    REQUIRE(store->schema_version() == schema::latest_version());
    for (const char* index :
         {"cases_provisional_cmd", "outbox_state", "outbox_new_case", "customers_loyalty",
          "customers_email", "customers_phone_digits", "customers_phone_last9",
          "customers_loyalty_digits", "offers_customer"}) {
        CAPTURE(index);
        CHECK(sql_int(*store, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?",
                      index) == 1);
    }
    // What runs per command, answer and identification reads those indexes.
    auto plan = [&](const char* sql) {
        std::string out;
        auto q = store->db().prepare(std::string("EXPLAIN QUERY PLAN ") + sql);
        while (q.step()) out += q.text(3) + "\n";
        return out;
    };
    const std::pair<const char*, const char*> uses[] = {
        {"UPDATE cases SET provisional_cmd = NULL WHERE provisional_cmd = 'c'",
         "cases_provisional_cmd"},
        {"UPDATE cases SET requested_action = NULL, requested_cmd = NULL "
         "WHERE id = 'x' AND requested_cmd = 'c'",
         "sqlite_autoindex_cases_1"},
        {"UPDATE intray SET local_answer = NULL, local_answer_cmd = NULL "
         "WHERE id = 'x' AND local_answer_cmd = 'c'",
         "sqlite_autoindex_intray_1"},
        {"UPDATE customers SET local_prefs = NULL, local_prefs_cmd = NULL "
         "WHERE id = 'x' AND local_prefs_cmd = 'c'",
         "sqlite_autoindex_customers_1"},
        {"UPDATE work_orders SET local_progress = NULL, local_progress_cmd = NULL "
         "WHERE case_id = 'x' AND local_progress_cmd = 'c'",
         "sqlite_autoindex_work_orders_1"},
        {"SELECT max(seq) FROM outbox WHERE state = 'pending' AND lane = 'customer:x'",
         "outbox_state"},
        {"SELECT coalesce(max(seq), 0) FROM outbox WHERE new_case_id = 'K-1' AND new_case_id != ''",
         "outbox_new_case"},
        {"SELECT data FROM customers WHERE loyalty = 'l-1' COLLATE NOCASE", "customers_loyalty"},
        {"SELECT data FROM customers WHERE lower(email) = lower('A@B')", "customers_email"},
        {"SELECT data FROM offers WHERE customer_id = 'C-1' ORDER BY id", "offers_customer"},
    };
    for (const auto& [sql, index] : uses) {
        CAPTURE(sql);
        CHECK(plan(sql).find(index) != std::string::npos);
    }

    // The created case's id moved into its column, so a command on that case still waits for
    // the one that creates it; a damaged payload did not stop the migration.
    CHECK(sql_int(*store, "SELECT count(*) FROM outbox WHERE new_case_id = 'K-1'") == 1);
    CHECK(sql_int(*store, "SELECT count(*) FROM outbox WHERE command_id = 'cmd-damaged' AND "
                          "new_case_id = ''") == 1);
    const auto creator = sql_int(*store, "SELECT seq FROM outbox WHERE command_id = 'cmd-creates'");
    CommandDraft note;
    note.action = ActionType::AddNote;
    note.case_id = "K-1";
    note.customer_id = "C-1";
    note.payload = {{"text", "about the new case"}};
    auto recorded = record_command(*store, note, 1'790'000'000'000);
    REQUIRE(recorded.ok());
    CHECK(recorded->lane_prev_seq == creator);
    std::set<std::string> for_case;
    for (const auto& e : commands_for_case(*store, "K-1")) for_case.insert(e.command_id);
    CHECK(for_case == std::set<std::string>{"cmd-creates", recorded->command_id});
    // Identification reads the rebuilt indexes.
    CHECK(find_customer(*store, "l-100001")->id == "C-1");
    CHECK(find_customer(*store, "JOSE.GARCIA@EXAMPLE.ES")->id == "C-1");
    CHECK(find_customer(*store, "612 345 678")->id == "C-1");
    CHECK(search_customers(*store, "garc").size() == 1);
    check_integrity(*store);
}

TEST_CASE("a version 6 store's outbox keeps its commands, seqs and attempts without AUTOINCREMENT") {
    TempDir dir;
    const std::string path = dir.file("v6.db");
    {
        auto old = open_store(path, 6);
        seed_v1_rows(*old);  // cmd-old-1: pending on case:ORD-1, its mark on ORD-1
        old->db()
            .prepare(
                "INSERT INTO outbox(command_id, action, lane, lane_prev_seq, case_id, customer_id, "
                "payload, actor_role, actor_id, device_time, state) VALUES "
                "('cmd-prefs', 'update_preferences', 'customer:C-1', 0, '', 'C-1', "
                "'{\"language\":\"es\"}', 'customer', 'C-1', 2, 'confirmed'), "
                "('cmd-note', 'add_note', 'case:ORD-1', 1, 'ORD-1', 'C-1', '{\"text\":\"hi\"}', "
                "'rep', 'S-100', 3, 'pending')")
            .run();
        old->db().exec("UPDATE outbox SET attempts = 1 WHERE seq = 1");
        old->db().exec("INSERT INTO outbox_attempts(seq, at, outcome) VALUES (1, 5, 'timeout')");
        CHECK(sql_int(*old, "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'") == 3);
    }
    auto store = open_store(path);
    REQUIRE(store->schema_version() == schema::latest_version());
    CHECK(sql_int(*store, "SELECT count(*) FROM sqlite_schema WHERE name = 'outbox' AND "
                          "sql LIKE '%AUTOINCREMENT%'") == 0);
    CHECK(sql_int(*store, "SELECT count(*) FROM sqlite_sequence WHERE name = 'outbox'") == 0);
    for (const char* gone : {"outbox_case", "outbox_lane", "cases_requested_cmd",
                             "intray_local_answer_cmd", "customers_local_prefs_cmd",
                             "work_orders_local_progress_cmd"}) {
        CAPTURE(gone);
        CHECK(sql_int(*store, "SELECT count(*) FROM sqlite_schema WHERE name = ?", gone) == 0);
    }
    CHECK(sql_int(*store, "SELECT seq FROM outbox WHERE command_id = 'cmd-old-1'") == 1);
    CHECK(sql_int(*store, "SELECT seq FROM outbox WHERE command_id = 'cmd-prefs'") == 2);
    CHECK(sql_int(*store, "SELECT seq FROM outbox WHERE command_id = 'cmd-note'") == 3);
    // The attempts stay with their command, and still go with it.
    CHECK(sql_int(*store, "SELECT count(*) FROM outbox_attempts WHERE seq = 1 AND "
                          "outcome = 'timeout'") == 1);
    CHECK(sql_int(*store, "SELECT count(*) FROM pragma_foreign_key_list('outbox_attempts') "
                          "WHERE \"table\" = 'outbox' AND \"to\" = 'seq' AND "
                          "on_delete = 'CASCADE'") == 1);
    CHECK(sql_int(*store, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
    auto stuck = stuck_lanes(*store, 1);
    REQUIRE(stuck.ok());
    REQUIRE(stuck->size() == 1);
    CHECK(stuck->front().why == "timeout");

    // New commands follow the last seq and link to the last command of their lane.
    CommandDraft note;
    note.action = ActionType::AddNote;
    note.case_id = "ORD-1";
    note.customer_id = "C-1";
    note.payload = {{"text", "after the upgrade"}};
    auto on_case = record_command(*store, note, 1'790'000'000'000);
    REQUIRE(on_case.ok());
    CHECK(on_case->seq == 4);
    CHECK(on_case->lane_prev_seq == 3);
    CommandDraft prefs;
    prefs.action = ActionType::UpdatePreferences;
    prefs.customer_id = "C-1";
    prefs.actor_id = "C-1";
    prefs.payload = {{"language", "de"}};
    auto on_customer = record_command(*store, prefs, 1'790'000'000'001);
    REQUIRE(on_customer.ok());
    CHECK(on_customer->seq == 5);
    CHECK(on_customer->lane_prev_seq == 2);
    std::set<std::string> for_case;
    for (const auto& e : commands_for_case(*store, "ORD-1")) for_case.insert(e.command_id);
    CHECK(for_case == std::set<std::string>{"cmd-old-1", "cmd-note", on_case->command_id});

    // A mark written before the upgrade is cleared through its command's row.
    CommandResult refused;
    refused.status = "refused";
    refused.code = "not_allowed";
    REQUIRE(record_results(*store, {{"cmd-old-1", refused}}, 1'790'000'000'002).ok());
    CHECK(sql_int(*store, "SELECT count(*) FROM cases WHERE requested_cmd IS NOT NULL") == 0);
    CHECK(sql_int(*store, "SELECT count(*) FROM customers WHERE local_prefs_cmd = ?",
                  on_customer->command_id) == 1);
    check_integrity(*store);
}
