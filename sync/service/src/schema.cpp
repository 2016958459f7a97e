#include "schema.hpp"

#include "storage/sqlite_sql.hpp"
#include "touchpoint/crypto.hpp"

namespace tp::service {
namespace {

// Entities are stored whole, as their domain JSON, with the keys scope and lookup need.
// `changes` holds exactly one row per entity: the seq of its latest change. A change (or a scope
// growth that must re-send the entity) deletes the entity's row and inserts a new one, so seq
// order is commit order and a feed page never holds one entity twice.
constexpr const char* kSchema = R"sql(
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
    db.exec(kSchema);
    db.exec(
        "INSERT INTO commands(command_id, terminal_id, terminal_seq, case_id, result, recorded_at) "
        "SELECT command_id, terminal_id, terminal_seq, case_id, result, recorded_at "
        "FROM commands_unscoped");
    db.exec("DROP TABLE commands_unscoped");
}

}  // namespace

std::unique_ptr<Sql> open_service_db(const std::string& path) {
    std::unique_ptr<Sql> db = storage::open_sqlite(path);
    Transaction txn(*db);
    scope_command_ids(*db);
    db->exec(kSchema);
    if (read_meta(*db, "epoch").empty()) write_meta(*db, "epoch", random_hex(8));
    txn.commit();
    return db;
}

std::string read_epoch(Sql& db) {
    return read_meta(db, "epoch");
}

std::string read_meta(Sql& db, const char* key) {
    auto stmt = db.prepare("SELECT value FROM meta WHERE key = ?");
    stmt.bind(1, key);
    return stmt.step() ? stmt.text(0) : std::string();
}

void write_meta(Sql& db, const char* key, const std::string& value) {
    auto stmt = db.prepare(
        "INSERT INTO meta(key, value) VALUES(?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    stmt.bind_all(key, value).run();
}

std::int64_t next_counter(Sql& db, const char* name) {
    std::string current = read_meta(db, name);
    std::int64_t next = current.empty() ? 1 : std::stoll(current) + 1;
    write_meta(db, name, std::to_string(next));
    return next;
}

}  // namespace tp::service
