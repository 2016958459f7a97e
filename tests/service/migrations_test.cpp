// The service's schema versions (storage/migrations.hpp) on the embedded engine: a new database
// ends at the latest version, a database made before versioning is adopted with its data, a
// database from a newer program is refused untouched, and a case reference names one case.

#include "entity_store.hpp"
#include "schema.hpp"
#include "service_fixture.hpp"
#include "storage/migrations.hpp"
#include "storage/sqlite_sql.hpp"
#include "touchpoint/domain_json.hpp"

using namespace tp;
using namespace tp::service;
using tp::service::testing::TempDir;

namespace {

std::int64_t count(Sql& db, const char* sql) {
    auto stmt = db.prepare(sql);
    return stmt.step() ? stmt.int64(0) : -1;
}

Case a_case(const std::string& id, const std::string& reference, const std::string& local_reference) {
    Case c;
    c.id = id;
    c.customer_id = "C-1";
    c.kind = CaseKind::Order;
    c.status = "placed";
    c.reference = reference;
    c.local_reference = local_reference;
    return c;
}

}  // namespace

TEST_CASE("a new database ends at the latest version, and opening it again changes nothing") {
    TempDir dir;
    auto db = storage::open_sqlite(dir.file("service.db"));
    CHECK(storage::migrate(*db) == storage::latest_schema_version());
    CHECK(storage::schema_version(*db) == storage::latest_schema_version());
    CHECK(storage::migrate(*db) == 0);
    CHECK(count(*db, "SELECT COUNT(*) FROM schema_migrations") == storage::latest_schema_version());
}

TEST_CASE("a database made before versioning is adopted with its data, its cases found by reference") {
    TempDir dir;
    const std::string path = dir.file("service.db");
    {
        // The tables such a database has (a part of them is enough: the first version is
        // idempotent), with a case whose references live only in its JSON.
        auto legacy = storage::open_sqlite(path);
        legacy->exec(
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "INSERT INTO meta VALUES('epoch', '0123456789abcdef');"
            "CREATE TABLE entities(type TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL,"
            "  store_id TEXT NOT NULL, customer_id TEXT NOT NULL, staff_id TEXT NOT NULL,"
            "  search TEXT NOT NULL DEFAULT '', PRIMARY KEY(type, id));"
            "CREATE INDEX cases_by_reference ON entities(json_extract(data, '$.reference')) WHERE type = 'case';");
        auto add = legacy->prepare("INSERT INTO entities VALUES('case', 'K-1', ?, 'S1', 'C-1', '', '')");
        add.bind(1, nlohmann::json(a_case("K-1", "TP-10042", "S1-7F3A-12")).dump()).run();
    }
    auto db = open_service_db(path);
    CHECK(storage::schema_version(*db) == storage::latest_schema_version());
    CHECK(read_epoch(*db) == "0123456789abcdef");  // the database's identity is kept
    EntityStore store(*db);
    auto by_reference = store.case_by_reference("TP-10042");
    REQUIRE(by_reference);
    CHECK(by_reference->id == "K-1");
    auto by_local = store.case_by_reference("S1-7F3A-12");
    REQUIRE(by_local);
    CHECK(by_local->id == "K-1");
    CHECK_FALSE(store.case_by_reference("TP-99999"));
    CHECK(count(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'cases_by_reference'") == 0);
}

TEST_CASE("a database from a newer program is refused, and left as it was") {
    TempDir dir;
    const std::string path = dir.file("service.db");
    {
        auto db = open_service_db(path);
        db->exec("INSERT INTO schema_migrations(version) VALUES(99)");
    }
    CHECK_THROWS_AS(open_service_db(path), storage::SchemaTooNew);

    ServiceConfig config;
    config.db_path = path;
    config.seed_demo_size = 5;
    Service service(config);
    REQUIRE_FALSE(service.open_status().ok());
    CHECK(service.open_status().error().key == "error.service_db_newer");
    CHECK(service.open_status().error().detail.find("99") != std::string::npos);

    auto db = storage::open_sqlite(path);
    CHECK(count(*db, "SELECT MAX(version) FROM schema_migrations") == 99);
    CHECK(count(*db, "SELECT COUNT(*) FROM entities") == 0);  // no demo data seeded into it
}

TEST_CASE("a case reference names one case only") {
    TempDir dir;
    auto db = open_service_db(dir.file("service.db"));
    Transaction txn(*db);
    EntityStore store(*db);
    store.save(a_case("K-1", "TP-10001", ""));
    store.save(a_case("K-1", "TP-10001", "S1-AAAA-1"));  // the same case again: fine
    try {
        store.save(a_case("K-2", "TP-10001", ""));
        FAIL("a second case took TP-10001");
    } catch (const StorageError& e) {
        CHECK(e.kind() == StorageError::Kind::Conflict);
    }
    auto found = store.case_by_reference("S1-AAAA-1");
    REQUIRE(found);
    CHECK(found->id == "K-1");
}
