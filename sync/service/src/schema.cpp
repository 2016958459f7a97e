#include "schema.hpp"

#include "storage/migrations.hpp"
#include "storage/sqlite_sql.hpp"
#include "storage/storage.hpp"
#include "touchpoint/crypto.hpp"

namespace tp::service {

std::unique_ptr<Sql> open_service_db(const std::string& path) {
    std::unique_ptr<Sql> db = storage::connect(path);
    storage::migrate(*db);
    Transaction txn(*db);
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
    // One statement reads and writes: two units of work never get the same number.
    auto stmt = db.prepare(
        "INSERT INTO meta(key, value) VALUES(?, '1') ON CONFLICT(key) DO UPDATE SET "
        "value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT) RETURNING value");
    stmt.bind(1, name);
    if (!stmt.step()) throw StorageError(StorageError::Kind::Other, "no counter value returned");
    return std::stoll(stmt.text(0));
}

}  // namespace tp::service
