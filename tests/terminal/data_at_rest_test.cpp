// Data at rest on the terminal (store.hpp, retention.hpp, docs/security.md): file modes, the token
// kept apart from the cached data, forgetting customers not served for the retention time, and
// the page cache given back on a privacy reset.

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>

#include "kiosk_fixture.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/retention.hpp"

using namespace tp;
using namespace tp::test;

namespace {

constexpr Millis kDay = 24LL * 3'600'000;
constexpr Millis kNow = 1'790'000'000'000;

unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("the database, its WAL and shared-memory files and the token are 0600; a created directory 0700") {
    TempDir dir;
    REQUIRE(create_private_directory((dir.path() / "new").string()));
    const std::string path = (dir.path() / "new" / "kiosk.db").string();
    auto store = open_store(path);
    apply_changes(*store, {change("customer", "C-1", make_customer("C-1", "Ana"))});
    store->set_token("token-of-this-terminal");
    CHECK(mode_of((dir.path() / "new").string()) == 0700);
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(path + "-wal") == 0600);
    CHECK(mode_of(path + "-shm") == 0600);
    CHECK(mode_of(path + ".token") == 0600);
    CHECK(*store->token() == "token-of-this-terminal");
    CHECK_FALSE(std::filesystem::exists(path + ".token.tmp"));
}

TEST_CASE("files an older Touchpoint left readable to others are narrowed on open") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    open_store(path).reset();
    for (const char* suffix : {"", "-wal", "-shm"})
        if (std::filesystem::exists(path + suffix)) ::chmod((path + suffix).c_str(), 0644);
    auto store = open_store(path);
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(path + "-wal") == 0600);
    CHECK(mode_of(path + "-shm") == 0600);
}

TEST_CASE("a token an older Touchpoint kept in the database moves to the token file") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    const std::string secret = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    {
        auto store = open_store(path);
        apply_changes(*store, {change("customer", "C-1", make_customer("C-1", "Ana"))});
        store->set_meta("token", "an-older-token-" + secret);  // renewed since: old copies linger
        store->set_meta("token", secret);
    }
    auto store = open_store(path);
    CHECK(store->token() == std::optional<std::string>(secret));
    CHECK_FALSE(store->meta("token").has_value());
    CHECK(mode_of(store->token_path()) == 0600);
    for (const char* suffix : {"", "-wal"}) {
        CAPTURE(suffix);
        const std::string bytes = read_bytes(path + suffix);
        CHECK(bytes.find(secret) == std::string::npos);
    }
    CHECK(sql_int(*store, "SELECT count(*) FROM customers") == 1);  // the cache is kept
}

TEST_CASE("a token file that cannot be written leaves the old token in place") {
    TempDir dir;
    auto store = open_store(dir.file("kiosk.db"));
    store->set_token("first");
    std::filesystem::create_directory(store->token_path() + ".tmp");
    CHECK_THROWS_AS(store->set_token("second"), DbException);
    CHECK(*store->token() == "first");
}

TEST_CASE("customers of other stores not served for the retention time are forgotten") {
    TempDir dir;
    auto store = open_store(dir.file("kiosk.db"));
    store->set_meta("store_id", "S-1");
    Case order = make_order("ORD-OLD", "C-OLD", 1);
    apply_changes(*store, {change("customer", "C-OWN", make_customer("C-OWN", "Own store", "S-1")),
                           change("customer", "C-OLD", make_customer("C-OLD", "Served long ago", "S-2")),
                           change("case", "ORD-OLD", order),
                           change("intray", "IT-OLD", make_intray("IT-OLD", "ORD-OLD", "C-OLD")),
                           change("customer", "C-PEND", make_customer("C-PEND", "Pending", "S-2")),
                           change("customer", "C-NEW", make_customer("C-NEW", "Served lately", "S-2")),
                           change("customer", "C-SEEN", make_customer("C-SEEN", "Never served", "S-2"))});
    note_customer_served(store->db(), "C-OLD", kNow - 20 * kDay);
    note_customer_served(store->db(), "C-PEND", kNow - 20 * kDay);
    note_customer_served(store->db(), "C-NEW", kNow - 2 * kDay);
    CommandDraft pending;
    pending.action = ActionType::RequestCallback;
    pending.customer_id = "C-PEND";
    pending.role = Role::Rep;
    pending.actor_id = "S-100";
    REQUIRE(record_command(*store, pending, kNow - 20 * kDay));

    auto forgotten = forget_unserved_customers(*store, "S-1", kNow, kDefaultCustomerRetention);
    REQUIRE(forgotten);
    CHECK(*forgotten == 1);
    auto count = [&](const char* sql, const std::string& id) { return sql_int(*store, sql, id); };
    CHECK(count("SELECT count(*) FROM customers WHERE id = ?", "C-OLD") == 0);
    CHECK(count("SELECT count(*) FROM cases WHERE customer_id = ?", "C-OLD") == 0);
    CHECK(count("SELECT count(*) FROM intray WHERE customer_id = ?", "C-OLD") == 0);
    CHECK(count("SELECT count(*) FROM customer_search WHERE customer_id = ?", "C-OLD") == 0);
    for (const char* kept : {"C-OWN", "C-PEND", "C-NEW", "C-SEEN"}) {
        CAPTURE(kept);
        CHECK(count("SELECT count(*) FROM customers WHERE id = ?", kept) == 1);
    }

    // A customer never served here counts from the first tidy that saw them.
    CHECK(*forget_unserved_customers(*store, "S-1", kNow + 13 * kDay, kDefaultCustomerRetention) == 1);
    CHECK(count("SELECT count(*) FROM customers WHERE id = ?", "C-NEW") == 0);  // 15 days now
    CHECK(count("SELECT count(*) FROM customers WHERE id = ?", "C-SEEN") == 1);  // 13 days
    CHECK(*forget_unserved_customers(*store, "S-1", kNow + 15 * kDay, kDefaultCustomerRetention) == 1);
    CHECK(count("SELECT count(*) FROM customers WHERE id = ?", "C-SEEN") == 0);
    CHECK(count("SELECT count(*) FROM customers WHERE id = ?", "C-PEND") == 1);  // still pending
    CHECK(count("SELECT count(*) FROM customers WHERE id = ?", "C-OWN") == 1);
    CHECK(*forget_unserved_customers(*store, "S-1", kNow + 99 * kDay, 0) == 0);  // 0 keeps all
}

TEST_CASE_FIXTURE(KioskFixture, "signing in notes the visit; the privacy reset gives back the page cache") {
    clock.set(kNow);
    sign_in_ana();
    CHECK(sql_int(*store, "SELECT last_served FROM customer_visits WHERE customer_id = ?", "C-ANA") ==
          kNow);
    (void)terminal->snapshot();
    int before = 0, after = 0, high = 0;
    sqlite3_db_status(store->db().handle(), SQLITE_DBSTATUS_CACHE_USED, &before, &high, 0);
    terminal->end_session();
    sqlite3_db_status(store->db().handle(), SQLITE_DBSTATUS_CACHE_USED, &after, &high, 0);
    MESSAGE("page cache of the UI connection: " << before << " bytes in the session, " << after
                                                << " after the privacy reset");
    CHECK(after < before);
}
