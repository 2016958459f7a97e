// The change feed across concurrent writers (docs/sync-protocol.md §5, "Order across writers"):
// a cursor never passes a change that a still-running unit of work may yet commit below it. One
// writer holds its unit open with a change written; another writes and tries to commit; a reader
// looks meanwhile and again after both: it gets both changes, in seq order, and nothing it read
// first is passed by a lower seq later. On SQLite and on PostgreSQL.

#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "entity_store.hpp"
#include "pg_server.hpp"
#include "schema.hpp"
#include "service_fixture.hpp"
#include "storage/storage.hpp"

using namespace tp;
using namespace tp::service;
using namespace tp::service::storage;
using tp::service::testing::PgServer;
using tp::service::testing::TempDir;

namespace {

Staff staff_member(const std::string& id) {
    Staff s;
    s.id = id;
    s.name = id;
    s.role = Role::Rep;
    s.store_id = "S-1";
    return s;
}

struct Seen {
    std::int64_t seq;
    std::string id;
};

// What a feed reader gets after `cursor`, in seq order (one statement: it sees what had
// committed when it ran, and waits for no writer).
std::vector<Seen> read_after(Sql& db, std::int64_t cursor) {
    auto stmt = db.prepare("SELECT seq, id FROM changes WHERE seq > ? ORDER BY seq");
    stmt.bind(1, cursor);
    std::vector<Seen> out;
    while (stmt.step()) out.push_back({stmt.int64(0), stmt.text(1)});
    return out;
}

void held_writer_and_a_second_writer(const std::string& spec) {
    open_service_db(spec);  // the schema, migrated
    Storage pool([spec] { return connect(spec); }, 4);
    auto reader = connect(spec);
    const std::int64_t start = [&] {
        auto seen = read_after(*reader, 0);
        return seen.empty() ? std::int64_t{0} : seen.back().seq;
    }();

    auto first = connect(spec);
    auto held = std::make_unique<Transaction>(*first);
    first->serialize_feed_writes();
    EntityStore(*first).save(staff_member("FIRST"));

    auto second = std::async(std::launch::async, [&] {
        pool.run_feed_writer([](Sql& db) { EntityStore(db).save(staff_member("SECOND")); });
    });
    // The second writer has had time to commit, were it not held back until the first ends.
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    const auto meanwhile = read_after(*reader, start);
    CHECK(meanwhile.empty());
    std::int64_t cursor = meanwhile.empty() ? start : meanwhile.back().seq;

    held->commit();
    held.reset();
    second.get();
    const auto after = read_after(*reader, cursor);
    REQUIRE(after.size() == 2);
    CHECK(after[0].id == "FIRST");
    CHECK(after[1].id == "SECOND");
    CHECK(after[0].seq < after[1].seq);
}

}  // namespace

TEST_CASE("SQLite: a writer held open does not let a later writer's change pass it") {
    TempDir dir;
    held_writer_and_a_second_writer(dir.file("service.db"));
}

TEST_CASE("PostgreSQL: a writer held open does not let a later writer's change pass it") {
    PgServer server;
    held_writer_and_a_second_writer(server.uri());
}
