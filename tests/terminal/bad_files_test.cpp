// Store::open on files that are not a usable Touchpoint store: refused with the right code and
// a message naming the file, and the file left byte-for-byte as it was, with no journal or WAL
// left beside it.

#include <doctest/doctest.h>

#include "touchpoint/english_text.hpp"
#include <sqlite3.h>

#include <random>

#include "terminal_test_support.hpp"
#include "touchpoint/schema.hpp"

using namespace tp;
using namespace tp::test;

namespace {

std::string random_bytes(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string out(n, '\0');
    for (auto& c : out) c = static_cast<char>(byte(rng));
    return out;
}

// Runs SQL on a file with a plain SQLite connection: another application, or a tool.
void raw_exec(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    const std::string message = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    INFO(message);
    REQUIRE(rc == SQLITE_OK);
}

bool exists(const std::string& path) {
    return std::filesystem::exists(path);
}

// Opens `path`, expects refusal with `expected`, and checks the file was not touched.
void expect_refused(const std::string& path, Errc expected) {
    REQUIRE(exists(path));
    const bool had_wal = exists(path + "-wal");
    const bool had_marker = exists(path + ".verified");
    const auto before = file_sha256(path);
    const auto size_before = std::filesystem::file_size(path);

    auto opened = Store::open(path);
    REQUIRE_FALSE(opened.ok());
    CHECK(to_string(opened.error().code) == std::string(to_string(expected)));
    // Worded by a key that names the file; no SQLite error text in what a user may see.
    CHECK(has_english_text(opened.error().key));
    CHECK(english_text(opened.error()).find(path) != std::string::npos);
    CHECK(english_text(opened.error()).find("SQLITE") == std::string::npos);
    CHECK(english_text(opened.error()).find("sqlite") == std::string::npos);

    CHECK(std::filesystem::file_size(path) == size_before);
    CHECK(file_sha256(path) == before);
    if (!had_wal) CHECK_FALSE(exists(path + "-wal"));
    CHECK_FALSE(exists(path + "-journal"));
    CHECK_FALSE(exists(path + "-shm"));
    if (!had_marker) CHECK_FALSE(exists(path + ".verified"));

    // A second attempt gives the same answer: the first one did not "repair" anything.
    auto again = Store::open(path);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == expected);
    CHECK(file_sha256(path) == before);
}

// A closed Touchpoint store of several pages with real rows on them.
void build_store(const std::string& path, int customers) {
    auto store = open_store(path);
    std::vector<Change> page;
    for (int i = 0; i < customers; ++i) {
        Customer c = make_customer("C-" + std::to_string(i), "Customer number " + std::to_string(i));
        c.email = "customer" + std::to_string(i) + "@example.com";
        c.phone = "+34 600 " + std::to_string(100000 + i);
        c.segment = std::string(200, static_cast<char>('a' + i % 26));
        page.push_back(change("customer", c.id, c));
        page.push_back(change("case", "ORD-" + std::to_string(i),
                              make_order("ORD-" + std::to_string(i), c.id, 1)));
    }
    apply_changes(*store, page);
}

}  // namespace

TEST_CASE("a file of random bytes is not a Touchpoint database") {
    TempDir dir;
    const auto path = dir.file("random.db");
    write_bytes(path, random_bytes(16 * 1024, 7));
    expect_refused(path, Errc::DbNotTouchpoint);
}

TEST_CASE("text files and short files are not Touchpoint databases") {
    TempDir dir;
    SUBCASE("a text file") {
        const auto path = dir.file("notes.txt");
        write_bytes(path, "Shopping list\n- milk\n- bread\n- a new kiosk\n");
        expect_refused(path, Errc::DbNotTouchpoint);
    }
    SUBCASE("a file shorter than the SQLite header") {
        const auto path = dir.file("short.db");
        write_bytes(path, "SQLite for");
        expect_refused(path, Errc::DbNotTouchpoint);
    }
    SUBCASE("the SQLite header followed by garbage") {
        const auto path = dir.file("header-only.db");
        write_bytes(path, std::string("SQLite format 3\0", 16) + random_bytes(4080, 11));
        const auto before = file_sha256(path);
        auto opened = Store::open(path);
        REQUIRE_FALSE(opened.ok());
        // Damage in page 1 may read as "not a database" or as corruption; either is a refusal.
        CHECK((opened.error().code == Errc::DbNotTouchpoint ||
               opened.error().code == Errc::DbCorrupt));
        CHECK(english_text(opened.error()).find(path) != std::string::npos);
        CHECK(file_sha256(path) == before);
        CHECK_FALSE(exists(path + "-wal"));
    }
}

TEST_CASE("another application's SQLite database is not a Touchpoint database") {
    TempDir dir;
    SUBCASE("tables and application_id 0") {
        const auto path = dir.file("other.db");
        raw_exec(path,
                 "CREATE TABLE recipes(id INTEGER PRIMARY KEY, title TEXT);"
                 "INSERT INTO recipes(title) VALUES ('bread'), ('soup');");
        expect_refused(path, Errc::DbNotTouchpoint);
    }
    SUBCASE("in WAL mode") {
        const auto path = dir.file("other-wal.db");
        raw_exec(path,
                 "PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1);");
        expect_refused(path, Errc::DbNotTouchpoint);
    }
    SUBCASE("no tables, but another application's id") {
        const auto path = dir.file("other-id.db");
        raw_exec(path, "PRAGMA application_id=1234567;");
        expect_refused(path, Errc::DbNotTouchpoint);
    }
    SUBCASE("no tables, but a user_version of its own") {
        const auto path = dir.file("other-version.db");
        raw_exec(path, "PRAGMA user_version=1;");
        expect_refused(path, Errc::DbNotTouchpoint);
    }
    SUBCASE("a table named like ours but no application id") {
        const auto path = dir.file("lookalike.db");
        raw_exec(path, "CREATE TABLE customers(id TEXT PRIMARY KEY, name TEXT);");
        expect_refused(path, Errc::DbNotTouchpoint);
    }
}

TEST_CASE("a store written by a newer Touchpoint is refused as too new") {
    TempDir dir;
    const auto path = dir.file("newer.db");
    build_store(path, 3);
    const std::string bump =
        "PRAGMA user_version=" + std::to_string(schema::latest_version() + 1) + ";";
    raw_exec(path, bump.c_str());
    expect_refused(path, Errc::DbTooNew);

    SUBCASE("far newer") {
        raw_exec(path, "PRAGMA user_version=1000;");
        expect_refused(path, Errc::DbTooNew);
    }
}

TEST_CASE("a store with damaged pages is refused as corrupt") {
    TempDir dir;
    const auto pristine = dir.file("pristine.db");
    build_store(pristine, 300);
    const std::string bytes = read_bytes(pristine);
    REQUIRE_FALSE(exists(pristine + "-wal"));
    // The page size is stored big-endian at offset 16 of the header.
    const std::size_t page_size = (static_cast<unsigned char>(bytes[16]) << 8) |
                                  static_cast<unsigned char>(bytes[17]);
    REQUIRE(page_size >= 512);
    const std::size_t pages = bytes.size() / page_size;
    REQUIRE(pages >= 40);  // a multi-page file, so the damage can stay clear of page 1

    // Garbage over a run of pages at several depths of the file, never page 1 (the header).
    for (const double at : {0.25, 0.5, 0.75}) {
        CAPTURE(at);
        const std::size_t first_page = std::max<std::size_t>(2, static_cast<std::size_t>(at * pages));
        const std::size_t run = 4;
        REQUIRE(first_page + run < pages);
        std::string damaged = bytes;
        const auto garbage = random_bytes(run * page_size, static_cast<unsigned>(first_page));
        damaged.replace((first_page - 1) * page_size, garbage.size(), garbage);
        REQUIRE(damaged.size() == bytes.size());

        const auto path = dir.file("damaged-" + std::to_string(first_page) + ".db");
        write_bytes(path, damaged);
        expect_refused(path, Errc::DbCorrupt);
    }

    // The undamaged original still opens: the refusals above are about the damage.
    auto store = open_store(pristine);
    CHECK(sql_int(*store, "SELECT count(*) FROM customers") == 300);
}

namespace {

// `pristine` with garbage over four pages in the middle, written over the same file (inode).
void damage_in_place(const std::string& path) {
    std::string bytes = read_bytes(path);
    const std::size_t page_size = (static_cast<unsigned char>(bytes[16]) << 8) |
                                  static_cast<unsigned char>(bytes[17]);
    const std::size_t pages = bytes.size() / page_size;
    REQUIRE(pages >= 40);
    const std::size_t first_page = pages / 2;
    bytes.replace((first_page - 1) * page_size, 4 * page_size,
                  random_bytes(4 * page_size, static_cast<unsigned>(first_page)));
    write_bytes(path, bytes);
}

}  // namespace

TEST_CASE("the whole file is checked when it is new here, asked for, or was not closed cleanly") {
    TempDir dir;
    const auto path = dir.file("store.db");
    build_store(path, 300);
    // The first open checked the whole file and says so beside it, privately.
    REQUIRE(exists(path + ".verified"));
    CHECK((std::filesystem::status(path + ".verified").permissions() &
           std::filesystem::perms::group_all) == std::filesystem::perms::none);
    CHECK((std::filesystem::status(path + ".verified").permissions() &
           std::filesystem::perms::others_all) == std::filesystem::perms::none);
    damage_in_place(path);

    SUBCASE("a verified file closed cleanly opens without reading every page") {
        auto opened = Store::open(path);
        CHECK(opened.ok());
    }
    SUBCASE("asked for, the whole file is checked") {
        auto opened = Store::open(path, -1, Store::Verify::Always);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == Errc::DbCorrupt);
        CHECK(english_text(opened.error()).find(path) != std::string::npos);
    }
    SUBCASE("a WAL left with no Touchpoint connection open means the last one did not close") {
        sqlite3* other = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
        REQUIRE(sqlite3_exec(other, "INSERT INTO meta(key, value) VALUES ('left', 'open')",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
        REQUIRE(std::filesystem::file_size(path + "-wal") > 0);
        auto opened = Store::open(path);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == Errc::DbCorrupt);
        sqlite3_close(other);
    }
    SUBCASE("a file swapped in under the same name is checked on its first open") {
        write_bytes(path + ".restored", read_bytes(path));
        std::filesystem::rename(path + ".restored", path);  // a new file under the old name
        auto opened = Store::open(path);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == Errc::DbCorrupt);
    }
}

TEST_CASE("a store open elsewhere does not make the next open check the whole file") {
    TempDir dir;
    const auto path = dir.file("store.db");
    build_store(path, 300);
    auto first = open_store(path);
    first->set_meta("written", "while open");  // the WAL now holds a frame
    REQUIRE(std::filesystem::file_size(path + "-wal") > 0);
    damage_in_place(path);
    // The WAL belongs to a live connection, not to a crash: no whole-file check.
    auto second = Store::open(path);
    CHECK(second.ok());
}

TEST_CASE("a path that cannot be created is reported, naming the path") {
    TempDir dir;
    const auto path = dir.file("no-such-dir/store.db");
    auto opened = Store::open(path);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == Errc::DbCannotOpen);
    CHECK(english_text(opened.error()).find(path) != std::string::npos);
    CHECK_FALSE(exists(path));
}
