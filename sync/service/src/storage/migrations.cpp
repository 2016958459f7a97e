#include "storage/migrations.hpp"

#include <vector>

namespace tp::service::storage {
namespace {

// Version 1, SQLite: the tables as databases made before versioning have them (every statement
// idempotent, so such a database is adopted as version 1 unchanged). Entities are stored whole,
// as their domain JSON, with the keys scope and lookup need. `changes` holds exactly one row per
// entity: the seq of its latest change; a change deletes the entity's row and inserts a new one.
constexpr const char* kSqliteV1 = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities(
  type TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL,
  store_id TEXT NOT NULL, customer_id TEXT NOT NULL, staff_id TEXT NOT NULL,
  search TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(type, id));
CREATE INDEX IF NOT EXISTS entities_by_customer ON entities(customer_id, type);
CREATE INDEX IF NOT EXISTS entities_by_staff ON entities(staff_id, type);
CREATE INDEX IF NOT EXISTS cases_by_reference
  ON entities(json_extract(data, '$.reference')) WHERE type = 'case';
CREATE INDEX IF NOT EXISTS cases_by_local_reference
  ON entities(json_extract(data, '$.local_reference')) WHERE type = 'case';
CREATE TABLE IF NOT EXISTS changes(
  seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, id TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS changes_by_entity ON changes(type, id);
CREATE TABLE IF NOT EXISTS terminals(
  id TEXT PRIMARY KEY, name TEXT NOT NULL, store_id TEXT NOT NULL, enrolled_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS revoked_terminals(
  terminal_id TEXT PRIMARY KEY, revoked_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tokens(
  hash TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL, successor TEXT NOT NULL DEFAULT '', used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS enroll_codes(
  code_hash TEXT PRIMARY KEY, store_id TEXT NOT NULL, used_by TEXT NOT NULL DEFAULT '',
  used_at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS served(
  terminal_id TEXT NOT NULL, customer_id TEXT NOT NULL, since INTEGER NOT NULL,
  PRIMARY KEY(terminal_id, customer_id));
CREATE TABLE IF NOT EXISTS terminal_technicians(
  terminal_id TEXT NOT NULL, staff_id TEXT NOT NULL, PRIMARY KEY(terminal_id, staff_id));
DROP TABLE IF EXISTS staff_attempts;
CREATE TABLE IF NOT EXISTS staff_pin_attempts(
  staff_id TEXT NOT NULL, terminal_id TEXT NOT NULL, failures INTEGER NOT NULL,
  locks INTEGER NOT NULL, locked_until INTEGER NOT NULL, PRIMARY KEY(staff_id, terminal_id));
CREATE TABLE IF NOT EXISTS staff_pin_probes(
  terminal_id TEXT PRIMARY KEY, unknown_tries INTEGER NOT NULL, last_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS commands(
  command_id TEXT NOT NULL, terminal_id TEXT NOT NULL, terminal_seq INTEGER,
  case_id TEXT NOT NULL, result TEXT NOT NULL, recorded_at INTEGER NOT NULL,
  PRIMARY KEY(terminal_id, command_id));
CREATE UNIQUE INDEX IF NOT EXISTS commands_by_seq ON commands(terminal_id, terminal_seq);
CREATE TABLE IF NOT EXISTS preference_stamps(
  customer_id TEXT NOT NULL, field TEXT NOT NULL, version INTEGER NOT NULL,
  channel TEXT NOT NULL, source TEXT NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY(customer_id, field));
CREATE TABLE IF NOT EXISTS grants(
  hash TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, kind TEXT NOT NULL,
  subject_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS customer_pin_attempts(
  customer_id TEXT PRIMARY KEY, failures INTEGER NOT NULL, locks INTEGER NOT NULL,
  locked_until INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS terminal_identify_attempts(
  terminal_id TEXT PRIMARY KEY, failures INTEGER NOT NULL, locks INTEGER NOT NULL,
  locked_until INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS attachments(
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, kind TEXT NOT NULL, file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL, bytes BLOB, body TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL);
)sql";

// Databases made before command ids were scoped per terminal keyed `commands` by command_id
// alone; their rows move to the (terminal_id, command_id) key, results unchanged.
void scope_command_ids(Sql& db) {
    {
        auto stmt =
            db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'commands'");
        if (!stmt.step() || stmt.text(0).find("command_id TEXT PRIMARY KEY") == std::string::npos)
            return;
    }
    db.exec("ALTER TABLE commands RENAME TO commands_unscoped");
    db.exec("DROP INDEX IF EXISTS commands_by_seq");
    db.exec(kSqliteV1);
    db.exec(
        "INSERT INTO commands(command_id, terminal_id, terminal_seq, case_id, result, recorded_at) "
        "SELECT command_id, terminal_id, terminal_seq, case_id, result, recorded_at "
        "FROM commands_unscoped");
    db.exec("DROP TABLE commands_unscoped");
}

// Version 1, PostgreSQL: the same tables; times and counters are BIGINT, bytes BYTEA, the
// change seq an identity column.
constexpr const char* kPostgresV1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entities(
  type TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL,
  store_id TEXT NOT NULL, customer_id TEXT NOT NULL, staff_id TEXT NOT NULL,
  search TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(type, id));
CREATE INDEX entities_by_customer ON entities(customer_id, type);
CREATE INDEX entities_by_staff ON entities(staff_id, type);
CREATE TABLE changes(
  seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, type TEXT NOT NULL, id TEXT NOT NULL);
CREATE UNIQUE INDEX changes_by_entity ON changes(type, id);
CREATE TABLE terminals(
  id TEXT PRIMARY KEY, name TEXT NOT NULL, store_id TEXT NOT NULL, enrolled_at BIGINT NOT NULL);
CREATE TABLE revoked_terminals(
  terminal_id TEXT PRIMARY KEY, revoked_at BIGINT NOT NULL);
CREATE TABLE tokens(
  hash TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL, successor TEXT NOT NULL DEFAULT '', used BIGINT NOT NULL DEFAULT 0);
CREATE TABLE enroll_codes(
  code_hash TEXT PRIMARY KEY, store_id TEXT NOT NULL, used_by TEXT NOT NULL DEFAULT '',
  used_at BIGINT NOT NULL DEFAULT 0);
CREATE TABLE served(
  terminal_id TEXT NOT NULL, customer_id TEXT NOT NULL, since BIGINT NOT NULL,
  PRIMARY KEY(terminal_id, customer_id));
CREATE TABLE terminal_technicians(
  terminal_id TEXT NOT NULL, staff_id TEXT NOT NULL, PRIMARY KEY(terminal_id, staff_id));
CREATE TABLE staff_pin_attempts(
  staff_id TEXT NOT NULL, terminal_id TEXT NOT NULL, failures BIGINT NOT NULL,
  locks BIGINT NOT NULL, locked_until BIGINT NOT NULL, PRIMARY KEY(staff_id, terminal_id));
CREATE TABLE staff_pin_probes(
  terminal_id TEXT PRIMARY KEY, unknown_tries BIGINT NOT NULL, last_at BIGINT NOT NULL);
CREATE TABLE commands(
  command_id TEXT NOT NULL, terminal_id TEXT NOT NULL, terminal_seq BIGINT,
  case_id TEXT NOT NULL, result TEXT NOT NULL, recorded_at BIGINT NOT NULL,
  PRIMARY KEY(terminal_id, command_id));
CREATE UNIQUE INDEX commands_by_seq ON commands(terminal_id, terminal_seq);
CREATE TABLE preference_stamps(
  customer_id TEXT NOT NULL, field TEXT NOT NULL, version BIGINT NOT NULL,
  channel TEXT NOT NULL, source TEXT NOT NULL, at BIGINT NOT NULL,
  PRIMARY KEY(customer_id, field));
CREATE TABLE grants(
  hash TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, kind TEXT NOT NULL,
  subject_id TEXT NOT NULL, expires_at BIGINT NOT NULL);
CREATE TABLE customer_pin_attempts(
  customer_id TEXT PRIMARY KEY, failures BIGINT NOT NULL, locks BIGINT NOT NULL,
  locked_until BIGINT NOT NULL);
CREATE TABLE terminal_identify_attempts(
  terminal_id TEXT PRIMARY KEY, failures BIGINT NOT NULL, locks BIGINT NOT NULL,
  locked_until BIGINT NOT NULL);
CREATE TABLE attachments(
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, kind TEXT NOT NULL, file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL, bytes BYTEA, body TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL);
)sql";

// Version 2: a case is found by its reference or local reference through a table both engines
// index (SQLite's JSON expression indexes go), and a reference names one case only.
constexpr const char* kCaseReferences = R"sql(
CREATE TABLE case_references(reference TEXT PRIMARY KEY, case_id TEXT NOT NULL);
CREATE INDEX case_references_by_case ON case_references(case_id);
)sql";

constexpr const char* kSqliteV2Backfill = R"sql(
INSERT OR IGNORE INTO case_references(reference, case_id)
  SELECT json_extract(data, '$.reference'), id FROM entities
  WHERE type = 'case' AND COALESCE(json_extract(data, '$.reference'), '') <> '';
INSERT OR IGNORE INTO case_references(reference, case_id)
  SELECT json_extract(data, '$.local_reference'), id FROM entities
  WHERE type = 'case' AND COALESCE(json_extract(data, '$.local_reference'), '') <> '';
DROP INDEX IF EXISTS cases_by_reference;
DROP INDEX IF EXISTS cases_by_local_reference;
)sql";

// Version 3: each terminal's latest heartbeat (fleet health) and the operator's wipe orders. One
// text for both engines (BIGINT is an integer in SQLite too). A terminal that never sent a
// heartbeat has no row; clock_offset_ms is the terminal's clock minus the service's.
constexpr const char* kFleet = R"sql(
CREATE TABLE terminal_health(
  terminal_id TEXT PRIMARY KEY, received_at BIGINT NOT NULL, version TEXT NOT NULL,
  queue_depth BIGINT NOT NULL, oldest_pending_age_ms BIGINT NOT NULL, stuck_lanes BIGINT NOT NULL,
  last_sync_at BIGINT NOT NULL, refused BIGINT NOT NULL, clock_offset_ms BIGINT NOT NULL,
  free_disk_bytes BIGINT NOT NULL);
CREATE TABLE terminal_wipes(
  terminal_id TEXT PRIMARY KEY, ordered_at BIGINT NOT NULL, wiped_at BIGINT NOT NULL DEFAULT 0);
)sql";

struct Migration {
    int version;
    void (*apply)(Sql& db);
};

const std::vector<Migration>& all_migrations() {
    static const std::vector<Migration> list{
        {1,
         [](Sql& db) {
             if (db.engine() == Sql::Engine::Postgres) {
                 db.exec(kPostgresV1);
                 return;
             }
             scope_command_ids(db);
             db.exec(kSqliteV1);
         }},
        {2,
         [](Sql& db) {
             db.exec(kCaseReferences);
             if (db.engine() == Sql::Engine::Sqlite) db.exec(kSqliteV2Backfill);
         }},
        {3, [](Sql& db) { db.exec(kFleet); }},
    };
    return list;
}

int read_version(Sql& db) {
    auto stmt = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    return stmt.step() ? static_cast<int>(stmt.int64(0)) : 0;
}

// Inside a migration's transaction: no other instance of the service migrates at the same time
// (PostgreSQL: an advisory lock held to commit; SQLite: BEGIN IMMEDIATE already holds the file).
void hold_migration_lock(Sql& db) {
    if (db.engine() == Sql::Engine::Postgres) db.exec("SELECT pg_advisory_xact_lock(7305411)");
    db.exec("CREATE TABLE IF NOT EXISTS schema_migrations(version BIGINT PRIMARY KEY)");
}

}  // namespace

int latest_schema_version() {
    return all_migrations().back().version;
}

int schema_version(Sql& db) {
    Transaction txn(db);
    hold_migration_lock(db);
    const int version = read_version(db);
    txn.commit();
    return version;
}

int migrate(Sql& db) {
    int applied = 0;
    for (const Migration& m : all_migrations()) {
        Transaction txn(db);
        hold_migration_lock(db);
        const int current = read_version(db);
        if (current > latest_schema_version()) throw SchemaTooNew(current, latest_schema_version());
        if (current >= m.version) continue;
        m.apply(db);
        auto stamp = db.prepare("INSERT INTO schema_migrations(version) VALUES(?)");
        stamp.bind(1, static_cast<std::int64_t>(m.version)).run();
        txn.commit();
        ++applied;
    }
    return applied;
}

}  // namespace tp::service::storage
