// Retention of the terminal's database (outbox_retention.hpp, retention.hpp, vacuum.hpp): answered
// commands pruned by age and never a seq given twice, photos' bytes dropped only once confirmed,
// what leaves the scope removed with what was cached under it, incremental vacuum.

#include <doctest/doctest.h>

#include "terminal_test_support.hpp"
#include "touchpoint/base64.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/outbox_retention.hpp"
#include "touchpoint/retention.hpp"
#include "touchpoint/vacuum.hpp"

using namespace tp;
using namespace tp::test;
using nlohmann::json;

namespace {

constexpr Millis kHour = 3'600'000;
constexpr Millis kDay = 24 * kHour;
constexpr Millis kNow = 1'790'000'000'000;

OutboxEntry queue_command(Store& store, ActionType action, const std::string& case_id,
                          const std::string& customer_id, json payload, Millis at = kNow) {
    CommandDraft d;
    d.action = action;
    d.case_id = case_id;
    d.customer_id = customer_id;
    d.payload = std::move(payload);
    d.role = action == ActionType::VisitPhoto ? Role::Technician : Role::Rep;
    d.actor_id = action == ActionType::VisitPhoto ? "T-1" : "S-100";
    d.staff_id = action == ActionType::VisitPhoto ? "" : "S-100";
    auto recorded = record_command(store, d, at);
    if (!recorded) FAIL(recorded.error().key << " " << recorded.error().detail);
    return *recorded;
}

OutboxEntry queue_note(Store& store, const std::string& case_id, const std::string& customer_id,
                       Millis at = kNow) {
    return queue_command(store, ActionType::AddNote, case_id, customer_id,
                         {{"text", "Will collect in store"}}, at);
}

// A photo of `size` bytes.
json photo_payload(std::size_t size = 30'000) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 7919) % 251);
    return {{"file_name", "pump.jpg"}, {"sha256", sha256_hex(bytes)},
            {"bytes_base64", base64_encode(bytes)}};
}

// The service's answer to `command_id`, recorded at `at`; the next page settles it.
void answer(Store& store, const OutboxEntry& e, const std::string& status, Millis at) {
    CommandResult r;
    r.status = status;
    r.code = status == "refused" ? "case_closed" : "";
    r.reason = status == "refused" ? "The case is closed." : "";
    r.case_id = e.case_id;
    r.server_time = at;
    REQUIRE(record_results(store, {{e.command_id, r}}, at).ok());
}

void settle(Store& store) {
    apply_changes(store, {});
}

bool kept(Store& store, const OutboxEntry& e) {
    return find_command(store, e.command_id).has_value();
}

bool has_photo_bytes(Store& store, const OutboxEntry& e) {
    auto row = find_command(store, e.command_id);
    REQUIRE(row.has_value());
    return row->payload.contains("bytes_base64");
}

OutboxRetention keep_rows_for(Millis answered, Millis photos = 0) {
    OutboxRetention r;
    r.answered_commands = answered;
    r.confirmed_photo_bytes = photos;
    return r;
}

}  // namespace

TEST_CASE("answered commands go after the retention time; pending, held and refused ones waiting for staff stay") {
    TempDir dir;
    auto store = open_store(dir.file("kiosk.db"));
    apply_changes(*store, {change("customer", "C-1", make_customer("C-1", "Ana")),
                           change("case", "ORD-1", make_order("ORD-1", "C-1", 1))});
    const auto confirmed = queue_note(*store, "ORD-1", "C-1");
    const auto refused = queue_note(*store, "ORD-1", "C-1");
    const auto dismissed = queue_note(*store, "ORD-1", "C-1");
    const auto held = queue_note(*store, "ORD-9", "C-1");
    const auto pending = queue_note(*store, "ORD-9", "C-1", kNow - 90 * kDay);  // old, never answered
    answer(*store, confirmed, "applied", kNow);
    answer(*store, refused, "refused", kNow);
    answer(*store, dismissed, "refused", kNow);
    REQUIRE(dismiss_command(*store, dismissed.command_id).ok());
    REQUIRE(hold_command(*store, held.command_id, "error.request_damaged", kNow).ok());
    settle(*store);

    auto early = prune_outbox(*store, kNow + 29 * kDay, keep_rows_for(30 * kDay));
    REQUIRE(early);
    CHECK(early->commands == 0);
    auto late = prune_outbox(*store, kNow + 31 * kDay, keep_rows_for(30 * kDay));
    REQUIRE(late);
    CHECK(late->commands == 2);
    CHECK_FALSE(kept(*store, confirmed));
    CHECK_FALSE(kept(*store, dismissed));
    CHECK(kept(*store, refused));  // still in needs-attention
    CHECK(kept(*store, held));
    CHECK(kept(*store, pending));
    CHECK(needs_attention(*store).size() == 2);
    CHECK(outbox_counts(*store).pending == 1);
    // 0 keeps every answered command.
    answer(*store, pending, "applied", kNow + 31 * kDay);
    settle(*store);
    CHECK(prune_outbox(*store, kNow + 999 * kDay, keep_rows_for(0))->commands == 0);
    CHECK(kept(*store, pending));
    // The case view still reads: the refused request, nothing of the pruned ones.
    auto own = commands_for_case(*store, "ORD-1");
    REQUIRE(own.size() == 1);
    CHECK(own.front().command_id == refused.command_id);
    const auto history = answered_history(*store);
    CHECK(history.pruned == 2);
    CHECK(history.confirmed == 1);
    CHECK(history.seq_high == pending.seq);
}

TEST_CASE("pruning never lets a seq be given again, not even after the highest row went or a restart") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    std::int64_t highest = 0;
    {
        auto store = open_store(path);
        OutboxEntry last;
        for (int i = 0; i < 5; ++i) {
            last = queue_note(*store, "ORD-1", "C-1");
            answer(*store, last, "applied", kNow);
        }
        settle(*store);
        highest = last.seq;
        auto pruned = prune_outbox(*store, kNow + 31 * kDay, keep_rows_for(30 * kDay), 2);
        REQUIRE(pruned);
        CHECK(pruned->commands == 5);  // in chunks of 2
        CHECK(sql_int(*store, "SELECT count(*) FROM outbox") == 0);
        CHECK(queue_note(*store, "ORD-1", "C-1").seq == highest + 1);
        highest += 1;
    }
    auto store = open_store(path);
    answer(*store, *find_command(*store, unconfirmed_commands(*store).front().command_id), "applied",
           kNow);
    settle(*store);
    REQUIRE(prune_outbox(*store, kNow + 31 * kDay, keep_rows_for(30 * kDay))->commands == 1);
    const auto next = queue_note(*store, "ORD-1", "C-1");
    CHECK(next.seq == highest + 1);
    CHECK(next.lane_prev_seq == 0);  // its pruned predecessor was decided: nothing to wait for
}

TEST_CASE("a database from before retention keeps its highest seq as the high-water mark") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    std::int64_t highest = 0;
    {
        auto store = open_store(path, 7);
        for (int i = 0; i < 3; ++i) highest = queue_note(*store, "ORD-1", "C-1").seq;
    }
    auto store = open_store(path);
    CHECK(store->meta("outbox_seq_high") == std::to_string(highest));
}

TEST_CASE("a photo's bytes are dropped only once the service confirmed it; the row keeps its name and hash") {
    TempDir dir;
    auto store = open_store(dir.file("kiosk.db"));
    const auto waiting = queue_command(*store, ActionType::VisitPhoto, "REP-1", "C-1", photo_payload());
    const auto refused = queue_command(*store, ActionType::VisitPhoto, "REP-1", "C-1", photo_payload());
    const auto confirmed = queue_command(*store, ActionType::VisitPhoto, "REP-1", "C-1", photo_payload());
    const auto unsettled = queue_command(*store, ActionType::VisitPhoto, "REP-2", "C-1", photo_payload());
    answer(*store, refused, "refused", kNow);
    answer(*store, confirmed, "applied", kNow);
    settle(*store);
    // Confirmed after the page: not settled until the cache catches up with REP-2.
    apply_changes(*store, {change("case", "REP-2", make_order("REP-2", "C-1", 1))});
    CommandResult later;
    later.status = "applied";
    later.case_id = "REP-2";
    later.case_version = 5;
    REQUIRE(record_results(*store, {{unsettled.command_id, later}}, kNow).ok());
    settle(*store);

    const auto rows = keep_rows_for(30 * kDay, 2 * kHour);
    CHECK(prune_outbox(*store, kNow + kHour, rows)->photos == 0);  // within the photo's time
    CHECK(has_photo_bytes(*store, confirmed));
    auto pruned = prune_outbox(*store, kNow + 3 * kHour, rows);
    REQUIRE(pruned);
    CHECK(pruned->photos == 2);
    CHECK(pruned->commands == 0);
    CHECK_FALSE(has_photo_bytes(*store, confirmed));
    CHECK_FALSE(has_photo_bytes(*store, unsettled));
    const auto row = find_command(*store, confirmed.command_id);
    CHECK(row->payload["file_name"] == "pump.jpg");
    CHECK(row->payload["sha256"] == confirmed.payload["sha256"]);
    CHECK(row->state == CommandState::Confirmed);
    CHECK(has_photo_bytes(*store, waiting));  // still to be sent
    CHECK(has_photo_bytes(*store, refused));  // staff may send it again
    auto batch = next_batch(*store, 10);
    REQUIRE(batch);
    REQUIRE(batch->size() == 1);
    CHECK(batch->front().payload == waiting.payload);

    // A confirmed row is deleted only once settled (its overlay's mark is cleared through it).
    CHECK(prune_outbox(*store, kNow + 31 * kDay, rows)->commands == 1);
    CHECK(kept(*store, unsettled));
    apply_changes(*store, {change("case", "REP-2", make_order("REP-2", "C-1", 5))});
    CHECK(prune_outbox(*store, kNow + 31 * kDay, rows)->commands == 1);
    CHECK_FALSE(kept(*store, unsettled));
}

TEST_CASE("a forgotten customer leaves with their finished commands, photos and visits; pending work stays") {
    TempDir dir;
    auto store = open_store(dir.file("kiosk.db"));
    store->set_meta("store_id", "S-1");
    WorkOrder visit;
    visit.case_id = "REP-OLD";
    visit.technician_id = "T-1";
    visit.customer_id = "C-OLD";
    visit.window_start = kNow - 30 * kDay;
    visit.status = "completed";
    WorkOrder recent = visit;
    recent.case_id = "REP-NEW";
    recent.customer_id = "C-VISIT";
    recent.window_start = kNow - kDay;
    Offer offer;
    offer.id = "OF-1";
    offer.customer_id = "C-OLD";
    apply_changes(*store, {change("customer", "C-OLD", make_customer("C-OLD", "Old", "S-2")),
                           change("customer", "C-VISIT", make_customer("C-VISIT", "Visit", "S-2")),
                           change("case", "REP-OLD", make_order("REP-OLD", "C-OLD", 1)),
                           change("case", "REP-NEW", make_order("REP-NEW", "C-VISIT", 1)),
                           change("work_order", "REP-OLD", visit),
                           change("work_order", "REP-NEW", recent),
                           change("offer", "OF-1", offer)});
    // Served 20 days ago; on their case a confirmed photo and a dismissed refusal.
    note_customer_served(store->db(), "C-OLD", kNow - 20 * kDay);
    note_customer_served(store->db(), "C-VISIT", kNow - 20 * kDay);
    const auto photo = queue_command(*store, ActionType::VisitPhoto, "REP-OLD", "C-OLD", photo_payload());
    const auto note = queue_note(*store, "REP-OLD", "");  // no customer id of its own
    answer(*store, photo, "applied", kNow - 20 * kDay);
    answer(*store, note, "refused", kNow - 20 * kDay);
    REQUIRE(dismiss_command(*store, note.command_id).ok());
    const auto other = queue_note(*store, "REP-NEW", "C-VISIT");
    answer(*store, other, "applied", kNow - 20 * kDay);
    settle(*store);
    // Confirmed at a case version the cache never reached: settled by the forgetting.
    const auto unsettled = queue_note(*store, "REP-OLD", "C-OLD");
    CommandResult ahead;
    ahead.status = "applied";
    ahead.case_id = "REP-OLD";
    ahead.case_version = 9;
    REQUIRE(record_results(*store, {{unsettled.command_id, ahead}}, kNow - 20 * kDay).ok());
    settle(*store);
    REQUIRE(find_command(*store, unsettled.command_id)->state == CommandState::Confirmed);
    const std::int64_t highest = other.seq;

    auto forgotten = forget_unserved_customers(*store, "S-1", kNow, kDefaultCustomerRetention);
    REQUIRE(forgotten);
    CHECK(*forgotten == 1);  // C-VISIT's visit is recent: kept
    auto count = [&](const char* sql, const std::string& id) { return sql_int(*store, sql, id); };
    CHECK(count("SELECT count(*) FROM customers WHERE id = ?", "C-OLD") == 0);
    CHECK(count("SELECT count(*) FROM cases WHERE id = ?", "REP-OLD") == 0);
    CHECK(count("SELECT count(*) FROM work_orders WHERE case_id = ?", "REP-OLD") == 0);
    CHECK(count("SELECT count(*) FROM offers WHERE customer_id = ?", "C-OLD") == 0);
    CHECK_FALSE(kept(*store, photo));
    CHECK_FALSE(kept(*store, note));
    CHECK_FALSE(kept(*store, unsettled));
    CHECK(kept(*store, other));
    CHECK(count("SELECT count(*) FROM work_orders WHERE case_id = ?", "REP-NEW") == 1);
    CHECK(count("SELECT count(*) FROM customers WHERE id = ?", "C-VISIT") == 1);
    CHECK(answered_history(*store).pruned == 3);
    // Forgetting deleted rows: the high-water mark still holds the highest seq.
    REQUIRE(prune_outbox(*store, kNow + 40 * kDay, keep_rows_for(kDay))->commands == 1);
    CHECK(queue_note(*store, "ORD-1", "C-1").seq == highest + 2);
}

TEST_CASE("a customer the feed says left the scope goes with what was cached under them") {
    TempDir dir;
    auto store = open_store(dir.file("kiosk.db"));
    Interaction seen;
    seen.id = "IN-1";
    seen.customer_id = "C-1";
    apply_changes(*store, {change("customer", "C-1", make_customer("C-1", "Ana")),
                           change("case", "ORD-1", make_order("ORD-1", "C-1", 1)),
                           change("case", "ORD-2", make_order("ORD-2", "C-1", 1)),
                           change("intray", "IT-1", make_intray("IT-1", "ORD-1", "C-1")),
                           change("interaction", "IN-1", seen)});
    const auto done = queue_note(*store, "ORD-1", "C-1");
    answer(*store, done, "applied", kNow);
    settle(*store);
    const auto waiting = queue_note(*store, "ORD-2", "C-1");
    apply_changes(*store, {Change{"customer", "C-1", json()}});
    auto count = [&](const char* sql, const std::string& id) { return sql_int(*store, sql, id); };
    CHECK(count("SELECT count(*) FROM customers WHERE id = ?", "C-1") == 0);
    CHECK(count("SELECT count(*) FROM cases WHERE id = ?", "ORD-1") == 0);
    CHECK(count("SELECT count(*) FROM intray WHERE customer_id = ?", "C-1") == 0);
    CHECK(count("SELECT count(*) FROM interactions WHERE customer_id = ?", "C-1") == 0);
    CHECK_FALSE(kept(*store, done));
    // The pending command and its case stay until the service answers it.
    CHECK(kept(*store, waiting));
    CHECK(count("SELECT count(*) FROM cases WHERE id = ?", "ORD-2") == 1);
}

TEST_CASE("an existing database is switched to incremental vacuum on open, and freed pages are given back in steps") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    {
        auto store = open_store(path);
        CHECK(sql_int(*store, "PRAGMA auto_vacuum") == 2);
        // As a database of an older Touchpoint: no auto-vacuum.
        store->db().exec("PRAGMA auto_vacuum=NONE");
        store->db().exec("VACUUM");
        REQUIRE(sql_int(*store, "PRAGMA auto_vacuum") == 0);
        for (int i = 0; i < 20; ++i) {
            const auto photo =
                queue_command(*store, ActionType::VisitPhoto, "REP-1", "C-1", photo_payload(60'000));
            answer(*store, photo, "applied", kNow);
        }
        settle(*store);
    }
    auto store = open_store(path);
    CHECK(sql_int(*store, "PRAGMA auto_vacuum") == 2);
    const std::int64_t full = database_bytes(store->db());
    REQUIRE(prune_outbox(*store, kNow, keep_rows_for(30 * kDay))->photos == 20);
    CHECK(database_bytes(store->db()) == full);  // freed pages stay in the file until vacuumed
    const std::int64_t free_pages = sql_int(*store, "PRAGMA freelist_count");
    REQUIRE(free_pages > 200);
    auto step = vacuum_free_pages(*store, 50, 2);
    REQUIRE(step);
    CHECK(step->freed_pages == 100);  // bounded: two steps of 50
    CHECK(step->free_pages == free_pages - 100);
    auto rest = vacuum_free_pages(*store, 100, 1000);
    REQUIRE(rest);
    CHECK(rest->free_pages == 0);
    CHECK(database_bytes(store->db()) < full / 4);
    auto check = store->db().prepare("PRAGMA quick_check");
    REQUIRE(check.step());
    CHECK(check.text(0) == "ok");
}
