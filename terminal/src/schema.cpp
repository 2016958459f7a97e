#include "touchpoint/schema.hpp"

#include <array>
#include <string>

namespace tp::schema {
namespace {

// Never edit a migration that has shipped; append a new one.
constexpr std::array<const char*, 8> kMigrations{
    // 1: the cache of the service's entities (JSON documents plus the columns queries need),
    // the local overlays of pending commands, the outbox, key/value sync state, sync samples.
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE customers(
  id TEXT PRIMARY KEY, store_id TEXT NOT NULL DEFAULT '', name TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', loyalty TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL, local_prefs TEXT, local_prefs_cmd TEXT);
CREATE INDEX customers_loyalty ON customers(loyalty);
CREATE INDEX customers_email ON customers(email);
CREATE TABLE cases(
  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
  reference TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL DEFAULT 0,
  sla_due INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL,
  provisional_cmd TEXT, requested_action TEXT, requested_cmd TEXT);
CREATE INDEX cases_customer ON cases(customer_id);
CREATE TABLE intray(
  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, case_id TEXT NOT NULL DEFAULT '',
  due INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL, local_answer TEXT, local_answer_cmd TEXT);
CREATE INDEX intray_customer ON intray(customer_id);
CREATE TABLE interactions(
  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, at INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL);
CREATE INDEX interactions_customer ON interactions(customer_id, at);
CREATE TABLE offers(id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE work_orders(
  case_id TEXT PRIMARY KEY, technician_id TEXT NOT NULL, window_start INTEGER NOT NULL DEFAULT 0,
  data TEXT NOT NULL, local_progress TEXT, local_progress_cmd TEXT);
CREATE TABLE staff(id TEXT PRIMARY KEY, data TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0);
CREATE TABLE outbox(
  seq INTEGER PRIMARY KEY AUTOINCREMENT, command_id TEXT NOT NULL UNIQUE, action TEXT NOT NULL,
  lane TEXT NOT NULL, lane_prev_seq INTEGER NOT NULL DEFAULT 0,
  case_id TEXT NOT NULL DEFAULT '', customer_id TEXT NOT NULL DEFAULT '',
  payload TEXT NOT NULL, actor_role TEXT NOT NULL, actor_id TEXT NOT NULL DEFAULT '',
  device_time INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0, result TEXT, answered_at INTEGER NOT NULL DEFAULT 0);
CREATE INDEX outbox_state ON outbox(state, lane, seq);
CREATE INDEX outbox_case ON outbox(case_id, seq);
CREATE TABLE sync_samples(
  id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, ok INTEGER NOT NULL,
  latency_ms INTEGER NOT NULL, pending INTEGER NOT NULL);
)sql",
    // 2: accent-insensitive prefix search over customers, kept in step by triggers.
    R"sql(
CREATE VIRTUAL TABLE customer_search USING fts5(
  name, phone, email, loyalty, customer_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER customers_search_ai AFTER INSERT ON customers BEGIN
  INSERT INTO customer_search(rowid, name, phone, email, loyalty, customer_id)
  VALUES (new.rowid, new.name, new.phone || ' ' || touchpoint_digits(new.phone) || ' ' || substr(touchpoint_digits(new.phone), -9), new.email,
          new.loyalty, new.id);
END;
CREATE TRIGGER customers_search_ad AFTER DELETE ON customers BEGIN
  DELETE FROM customer_search WHERE rowid = old.rowid;
END;
CREATE TRIGGER customers_search_au AFTER UPDATE OF name, phone, email, loyalty ON customers BEGIN
  DELETE FROM customer_search WHERE rowid = old.rowid;
  INSERT INTO customer_search(rowid, name, phone, email, loyalty, customer_id)
  VALUES (new.rowid, new.name, new.phone || ' ' || touchpoint_digits(new.phone) || ' ' || substr(touchpoint_digits(new.phone), -9), new.email,
          new.loyalty, new.id);
END;
INSERT INTO customer_search(rowid, name, phone, email, loyalty, customer_id)
  SELECT rowid, name, phone || ' ' || touchpoint_digits(phone) || ' ' || substr(touchpoint_digits(phone), -9), email, loyalty, id FROM customers;
)sql",
    // 3: assisted actions carry the staff id; needs-attention items can be dismissed; overlays
    // settle once; every push attempt of a command is kept for diagnostics.
    R"sql(
ALTER TABLE outbox ADD COLUMN staff_id TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN dismissed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN settled INTEGER NOT NULL DEFAULT 0;
CREATE TABLE outbox_attempts(
  seq INTEGER NOT NULL REFERENCES outbox(seq) ON DELETE CASCADE,
  at INTEGER NOT NULL, outcome TEXT NOT NULL);
CREATE INDEX outbox_attempts_seq ON outbox_attempts(seq);
)sql",
    // 4: commands that cannot be sent are held (state 'held') with the reason for staff.
    R"sql(
ALTER TABLE outbox ADD COLUMN held_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN held_at INTEGER NOT NULL DEFAULT 0;
)sql",
    // 5: PIN failures per customer and staff member, kept across sessions and restarts (the
    // staff columns' counts move here); when each customer was last served at this terminal.
    R"sql(
CREATE TABLE pin_attempts(
  kind TEXT NOT NULL, id TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0,
  locks INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(kind, id));
INSERT INTO pin_attempts(kind, id, failures, locks, locked_until)
  SELECT 'staff', id, failed_attempts, 0, locked_until FROM staff
  WHERE failed_attempts > 0 OR locked_until > 0;
UPDATE staff SET failed_attempts = 0, locked_until = 0;
CREATE TABLE customer_visits(customer_id TEXT PRIMARY KEY, last_served INTEGER NOT NULL);
)sql",
    // 6: indexes for what runs on every command, answer, identification and keystroke of a
    // search: the overlay marks a settled command clears, the last command of each lane that
    // is not a case's (a case's lane is its case_id, indexed already) and the commands that
    // created a case (enqueue; the created case's id is kept in its own column),
    // loyalty number, e-mail and phone digits as identify and search compare them, a customer's
    // offers; the word index rebuilt with prefix indexes of 1 to 3 characters, e-mail words
    // split where letters meet digits, identifiers (phone digits, loyalty number) left to the
    // indexes above.
    R"sql(
CREATE INDEX cases_provisional_cmd ON cases(provisional_cmd) WHERE provisional_cmd IS NOT NULL;
CREATE INDEX cases_requested_cmd ON cases(requested_cmd) WHERE requested_cmd IS NOT NULL;
CREATE INDEX intray_local_answer_cmd ON intray(local_answer_cmd)
  WHERE local_answer_cmd IS NOT NULL;
CREATE INDEX customers_local_prefs_cmd ON customers(local_prefs_cmd)
  WHERE local_prefs_cmd IS NOT NULL;
CREATE INDEX work_orders_local_progress_cmd ON work_orders(local_progress_cmd)
  WHERE local_progress_cmd IS NOT NULL;
ALTER TABLE outbox ADD COLUMN new_case_id TEXT NOT NULL DEFAULT '';
UPDATE outbox SET new_case_id = CASE WHEN json_valid(payload) THEN
    CASE WHEN json_type(payload, '$.new_case_id') = 'text'
         THEN json_extract(payload, '$.new_case_id') ELSE '' END
  ELSE '' END;
CREATE INDEX outbox_lane ON outbox(lane, seq) WHERE case_id = '';
CREATE INDEX outbox_new_case ON outbox(new_case_id, seq) WHERE new_case_id != '';
DROP INDEX customers_loyalty;
CREATE INDEX customers_loyalty ON customers(loyalty COLLATE NOCASE);
DROP INDEX customers_email;
CREATE INDEX customers_email ON customers(lower(email));
CREATE INDEX customers_phone_digits ON customers(touchpoint_digits(phone)) WHERE phone != '';
CREATE INDEX customers_phone_last9 ON customers(substr(touchpoint_digits(phone), -9))
  WHERE phone != '';
CREATE INDEX customers_loyalty_digits ON customers(touchpoint_digits(loyalty))
  WHERE loyalty != '';
CREATE INDEX offers_customer ON offers(customer_id);
DROP TRIGGER customers_search_ai;
DROP TRIGGER customers_search_ad;
DROP TRIGGER customers_search_au;
DROP TABLE customer_search;
CREATE VIRTUAL TABLE customer_search USING fts5(
  name, phone, email, customer_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
CREATE TRIGGER customers_search_ai AFTER INSERT ON customers BEGIN
  INSERT INTO customer_search(rowid, name, phone, email, customer_id)
  VALUES (new.rowid, new.name, new.phone, touchpoint_search_words(new.email), new.id);
END;
CREATE TRIGGER customers_search_ad AFTER DELETE ON customers BEGIN
  DELETE FROM customer_search WHERE rowid = old.rowid;
END;
CREATE TRIGGER customers_search_au AFTER UPDATE OF name, phone, email ON customers BEGIN
  DELETE FROM customer_search WHERE rowid = old.rowid;
  INSERT INTO customer_search(rowid, name, phone, email, customer_id)
  VALUES (new.rowid, new.name, new.phone, touchpoint_search_words(new.email), new.id);
END;
INSERT INTO customer_search(rowid, name, phone, email, customer_id)
  SELECT rowid, name, phone, touchpoint_search_words(email), id FROM customers;
)sql",
    // 7: fewer pages written per queued command. The outbox is rebuilt without AUTOINCREMENT (no
    // sqlite_sequence row to update: outbox rows are never deleted, so max(seq) + 1 is never a
    // seq used before); a lane's commands are found through outbox_state (lane after state), so
    // outbox_case and outbox_lane go; the overlay marks a command lays are cleared through its
    // outbox row by key (overlays.cpp), so only the provisional case's mark keeps an index.
    R"sql(
CREATE TABLE outbox_v7(
  seq INTEGER PRIMARY KEY, command_id TEXT NOT NULL UNIQUE, action TEXT NOT NULL,
  lane TEXT NOT NULL, lane_prev_seq INTEGER NOT NULL DEFAULT 0,
  case_id TEXT NOT NULL DEFAULT '', customer_id TEXT NOT NULL DEFAULT '',
  payload TEXT NOT NULL, actor_role TEXT NOT NULL, actor_id TEXT NOT NULL DEFAULT '',
  device_time INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0, result TEXT, answered_at INTEGER NOT NULL DEFAULT 0,
  staff_id TEXT NOT NULL DEFAULT '', dismissed INTEGER NOT NULL DEFAULT 0,
  settled INTEGER NOT NULL DEFAULT 0, held_reason TEXT NOT NULL DEFAULT '',
  held_at INTEGER NOT NULL DEFAULT 0, new_case_id TEXT NOT NULL DEFAULT '');
INSERT INTO outbox_v7(seq, command_id, action, lane, lane_prev_seq, case_id, customer_id, payload,
    actor_role, actor_id, device_time, state, attempts, result, answered_at, staff_id, dismissed,
    settled, held_reason, held_at, new_case_id)
  SELECT seq, command_id, action, lane, lane_prev_seq, case_id, customer_id, payload, actor_role,
    actor_id, device_time, state, attempts, result, answered_at, staff_id, dismissed, settled,
    held_reason, held_at, new_case_id FROM outbox;
CREATE TABLE outbox_attempts_v7(
  seq INTEGER NOT NULL REFERENCES outbox_v7(seq) ON DELETE CASCADE,
  at INTEGER NOT NULL, outcome TEXT NOT NULL);
INSERT INTO outbox_attempts_v7(rowid, seq, at, outcome)
  SELECT rowid, seq, at, outcome FROM outbox_attempts;
DROP TABLE outbox_attempts;
DROP TABLE outbox;
ALTER TABLE outbox_v7 RENAME TO outbox;
ALTER TABLE outbox_attempts_v7 RENAME TO outbox_attempts;
CREATE INDEX outbox_attempts_seq ON outbox_attempts(seq);
CREATE INDEX outbox_state ON outbox(state, lane, seq);
CREATE INDEX outbox_new_case ON outbox(new_case_id, seq) WHERE new_case_id != '';
DROP INDEX cases_requested_cmd;
DROP INDEX intray_local_answer_cmd;
DROP INDEX customers_local_prefs_cmd;
DROP INDEX work_orders_local_progress_cmd;
)sql",
    // 8: retention (outbox_retention.hpp). Outbox rows are deleted from here on: the highest seq
    // ever given is kept in meta `outbox_seq_high` and the next seq is one more than it or than
    // max(seq), whichever is higher. Confirmed photos are found by their own small index (a
    // pending row is not in it, so queueing a command writes no more pages than before).
    R"sql(
CREATE INDEX outbox_confirmed_photos ON outbox(answered_at)
  WHERE action = 'visit_photo' AND state = 'confirmed';
INSERT INTO meta(key, value)
  SELECT 'outbox_seq_high', seq FROM outbox WHERE seq = (SELECT max(seq) FROM outbox)
  ON CONFLICT(key) DO NOTHING;
)sql",
};

}  // namespace

int latest_version() {
    return static_cast<int>(kMigrations.size());
}

void migrate(Db& db, int target) {
    int version = 0;
    {
        // Finished before the migrations run: a live statement would lock the tables they drop.
        auto current = db.prepare("PRAGMA user_version");
        current.step();
        version = current.integer(0);
    }
    for (int v = version + 1; v <= target; ++v) {
        Transaction txn(db);
        db.exec(kMigrations[static_cast<std::size_t>(v - 1)]);
        const std::string set_version = "PRAGMA user_version=" + std::to_string(v);
        db.exec(set_version.c_str());
        const std::string set_app = "PRAGMA application_id=" + std::to_string(kApplicationId);
        db.exec(set_app.c_str());
        txn.commit();
    }
}

}  // namespace tp::schema
