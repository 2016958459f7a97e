// Brief §4.1 "durable at saved": a command and its optimistic local effect are written in one
// transaction, durably. A failing commit leaves neither; a successful one leaves both, and they
// survive closing, reopening and a killed process.

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>

#include "counting_vfs.hpp"
#include "terminal_test_support.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/queries.hpp"

using namespace tp;
using namespace tp::test;

namespace {

constexpr Millis kNow = 1'790'000'000'000;

void seed(Store& store) {
    Customer ana = make_customer("C-1", "Ana Ruiz");
    apply_changes(store, {change("customer", ana.id, ana),
                  change("case", "ORD-1", make_order("ORD-1", "C-1", 3)),
                  change("intray", "IT-1", make_intray("IT-1", "ORD-1", "C-1"))});
}

CommandDraft draft(ActionType action, nlohmann::json payload = nlohmann::json::object()) {
    CommandDraft d;
    d.action = action;
    d.case_id = "ORD-1";
    d.customer_id = "C-1";
    d.role = Role::Customer;
    d.actor_id = "C-1";
    d.payload = std::move(payload);
    return d;
}

// One action with a visible local effect, and how to see that effect with SQL and through the
// views the screens read.
struct EffectCase {
    const char* name;
    CommandDraft draft;
    std::function<void(Store&)> check_absent;
    std::function<void(Store&, const OutboxEntry&)> check_present;
};

std::vector<EffectCase> effect_cases() {
    std::vector<EffectCase> cases;
    cases.push_back(
        {"cancel_order -> the case shows the requested action",
         draft(ActionType::CancelOrder),
         [](Store& s) {
             CHECK(sql_int(s, "SELECT count(*) FROM cases WHERE requested_action IS NOT NULL OR "
                              "requested_cmd IS NOT NULL") == 0);
             auto view = load_case_view(s, "ORD-1");
             REQUIRE(view.has_value());
             CHECK(view->summary.requested_action.empty());
             CHECK_FALSE(view->summary.pending);
             CHECK(view->own_commands.empty());
         },
         [](Store& s, const OutboxEntry& e) {
             CHECK(sql_int(s, "SELECT count(*) FROM cases WHERE id = 'ORD-1' AND "
                              "requested_action = 'cancel_order' AND requested_cmd = ?",
                           e.command_id) == 1);
             auto view = load_case_view(s, "ORD-1");
             REQUIRE(view.has_value());
             CHECK(view->summary.requested_action == "cancel_order");
             CHECK(view->summary.pending);
             REQUIRE(view->own_commands.size() == 1);
             CHECK(view->own_commands[0].command_id == e.command_id);
             CHECK(view->summary.data.status == "placed");  // requested, never shown as done
         }});
    cases.push_back(
        {"answer_intray -> the item shows the local answer",
         draft(ActionType::AnswerInTray, {{"item_id", "IT-1"}, {"answer", "morning"}}),
         [](Store& s) {
             CHECK(sql_int(s, "SELECT count(*) FROM intray WHERE local_answer IS NOT NULL OR "
                              "local_answer_cmd IS NOT NULL") == 0);
             auto home = load_customer_view(s, "C-1");
             REQUIRE(home.has_value());
             REQUIRE(home->intray.size() == 1);
             CHECK(home->intray[0].local_answer.empty());
         },
         [](Store& s, const OutboxEntry& e) {
             CHECK(sql_int(s, "SELECT count(*) FROM intray WHERE id = 'IT-1' AND "
                              "local_answer = 'morning' AND local_answer_cmd = ?",
                           e.command_id) == 1);
             auto home = load_customer_view(s, "C-1");
             REQUIRE(home.has_value());
             REQUIRE(home->intray.size() == 1);
             CHECK(home->intray[0].local_answer == "morning");
         }});
    cases.push_back(
        {"start_return -> a provisional return case appears",
         draft(ActionType::StartReturn, {{"reason", "too small"}}),
         [](Store& s) {
             CHECK(sql_int(s, "SELECT count(*) FROM cases") == 1);
             CHECK(sql_int(s, "SELECT count(*) FROM cases WHERE provisional_cmd IS NOT NULL") == 0);
             auto home = load_customer_view(s, "C-1");
             REQUIRE(home.has_value());
             CHECK(home->cases.size() == 1);
         },
         [](Store& s, const OutboxEntry& e) {
             const auto new_case = e.payload.value("new_case_id", std::string());
             REQUIRE_FALSE(new_case.empty());
             CHECK(sql_int(s, "SELECT count(*) FROM cases WHERE provisional_cmd = ?",
                           e.command_id) == 1);
             auto view = load_case_view(s, new_case);
             REQUIRE(view.has_value());
             CHECK(view->summary.provisional);
             CHECK(view->summary.data.kind == CaseKind::Return);
             CHECK(view->summary.data.customer_id == "C-1");
             auto home = load_customer_view(s, "C-1");
             REQUIRE(home.has_value());
             CHECK(home->cases.size() == 2);
         }});
    return cases;
}

void check_outbox_empty(Store& store) {
    CHECK(sql_int(store, "SELECT count(*) FROM outbox") == 0);
    const auto counts = outbox_counts(store);
    CHECK(counts.pending == 0);
    CHECK(counts.oldest_pending == 0);
    CHECK(next_batch(store, 10)->empty());
}

void check_outbox_holds(Store& store, const OutboxEntry& e) {
    CHECK(sql_int(store, "SELECT count(*) FROM outbox WHERE command_id = ? AND state = 'pending'",
                  e.command_id) == 1);
    CHECK(outbox_counts(store).pending == 1);
    CHECK(outbox_counts(store).oldest_pending == kNow);
    auto found = find_command(store, e.command_id);
    REQUIRE(found.has_value());
    CHECK(found->action == e.action);
    CHECK(found->seq == e.seq);
}

}  // namespace

TEST_CASE("a failed commit records neither the command nor its effect; a good one records both") {
    for (auto& ec : effect_cases()) {
        CAPTURE(ec.name);
        TempDir dir;
        auto store = open_store(dir.file("txn.db"));
        seed(*store);

        store->db().fail_next_commit();
        auto failed = record_command(*store, ec.draft, kNow);
        REQUIRE_FALSE(failed.ok());
        CHECK(failed.error().code == Errc::DbIo);
        CHECK(failed.error().key == "error.storage");
        check_outbox_empty(*store);
        ec.check_absent(*store);
        // Not left inside an open transaction, and back to the normal durability.
        CHECK(sqlite3_get_autocommit(store->db().handle()) != 0);
        CHECK(sql_int(*store, "PRAGMA synchronous") == 1);

        auto recorded = record_command(*store, ec.draft, kNow);
        REQUIRE(recorded.ok());
        check_outbox_holds(*store, *recorded);
        ec.check_present(*store, *recorded);

        // Both are on disk: a fresh connection sees them while this one is still open...
        {
            auto second = open_store(dir.file("txn.db"));
            check_outbox_holds(*second, *recorded);
            ec.check_present(*second, *recorded);
        }
        // ...and after this one is closed.
        const auto entry = *recorded;
        store.reset();
        auto reopened = open_store(dir.file("txn.db"));
        check_outbox_holds(*reopened, entry);
        ec.check_present(*reopened, entry);
    }
}

TEST_CASE("a draft that lacks what its effect needs changes nothing") {
    TempDir dir;
    auto store = open_store(dir.file("invalid.db"));
    seed(*store);

    auto unknown_case = draft(ActionType::CancelOrder);
    unknown_case.case_id = "ORD-404";
    auto no_item = draft(ActionType::AnswerInTray, {{"answer", "morning"}});
    auto unknown_item = draft(ActionType::AnswerInTray, {{"item_id", "IT-404"}, {"answer", "x"}});
    auto empty_answer = draft(ActionType::AnswerInTray, {{"item_id", "IT-1"}, {"answer", ""}});
    auto wrong_type = draft(ActionType::AnswerInTray, {{"item_id", 42}, {"answer", "x"}});
    // An item that exists, but on another customer's case than the one the command names.
    apply_changes(*store, {change("intray", "IT-X", make_intray("IT-X", "ORD-X", "C-X"))});
    auto item_of_other_case =
        draft(ActionType::AnswerInTray, {{"item_id", "IT-X"}, {"answer", "morning"}});
    auto no_case = draft(ActionType::AddNote, {{"text", "hi"}});
    no_case.case_id.clear();
    auto not_object = draft(ActionType::AddNote);
    not_object.payload = nlohmann::json::array({1, 2});
    auto bad_new_case_id = draft(ActionType::StartReturn, {{"new_case_id", 7}});
    auto unknown_customer_prefs = draft(ActionType::UpdatePreferences, {{"language", "es"}});
    unknown_customer_prefs.customer_id = "C-404";

    for (const auto* d : {&unknown_case, &no_item, &unknown_item, &empty_answer, &wrong_type,
                          &no_case, &not_object, &bad_new_case_id, &unknown_customer_prefs,
                          &item_of_other_case}) {
        CAPTURE(spec(d->action).wire_name);
        CAPTURE(d->payload.dump());
        auto r = record_command(*store, *d, kNow);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Errc::InvalidInput);
    }
    check_outbox_empty(*store);
    CHECK(sql_int(*store, "SELECT count(*) FROM cases") == 1);
    CHECK(sql_int(*store, "SELECT count(*) FROM cases WHERE requested_action IS NOT NULL") == 0);
    CHECK(sql_int(*store, "SELECT count(*) FROM intray WHERE local_answer IS NOT NULL") == 0);
    CHECK(sql_int(*store, "SELECT count(*) FROM customers WHERE local_prefs IS NOT NULL") == 0);
    // The store is still usable after the refusals.
    auto ok = record_command(*store, draft(ActionType::AddNote, {{"text", "hi"}}), kNow);
    REQUIRE(ok.ok());
    CHECK(sql_int(*store, "SELECT count(*) FROM outbox") == 1);
}

TEST_CASE("sequence numbers grow and commands on one case chain in order") {
    TempDir dir;
    auto store = open_store(dir.file("lanes.db"));
    seed(*store);
    auto note1 = record_command(*store, draft(ActionType::AddNote, {{"text", "one"}}), kNow);
    auto cancel = record_command(*store, draft(ActionType::CancelOrder), kNow + 1);
    auto ret = record_command(*store, draft(ActionType::StartReturn), kNow + 2);
    REQUIRE(note1.ok());
    REQUIRE(cancel.ok());
    REQUIRE(ret.ok());
    CHECK(note1->seq < cancel->seq);
    CHECK(cancel->seq < ret->seq);
    CHECK(note1->lane == "case:ORD-1");
    CHECK(note1->lane_prev_seq == 0);
    CHECK(cancel->lane_prev_seq == note1->seq);
    CHECK(ret->lane_prev_seq == cancel->seq);
    CHECK(note1->command_id != cancel->command_id);

    // A note on the provisional return case waits for the command that creates it.
    const auto new_case = ret->payload.at("new_case_id").get<std::string>();
    auto d = draft(ActionType::AddNote, {{"text", "box is damaged"}});
    d.case_id = new_case;
    auto note2 = record_command(*store, d, kNow + 3);
    REQUIRE(note2.ok());
    CHECK(note2->lane == "case:" + new_case);
    CHECK(note2->lane_prev_seq == ret->seq);

    auto batch = next_batch(*store, 10).value();
    REQUIRE(batch.size() == 4);
    CHECK(batch[0].command_id == note1->command_id);
    CHECK(batch[3].command_id == note2->command_id);
    CHECK(outbox_counts(*store).oldest_pending == kNow);
    CHECK(next_batch(*store, 2)->size() == 2);
}

TEST_CASE("the command's commit is synced to disk; a cache page's is not") {
    TempDir dir;
    CountingVfs vfs;
    {
        auto store = open_store(dir.file("durable.db"));
        {
            auto mode = store->db().prepare("PRAGMA journal_mode");
            REQUIRE(mode.step());
            REQUIRE(mode.text(0) == "wal");
        }
        seed(*store);

        vfs.reset();
        auto recorded = record_command(*store, draft(ActionType::CancelOrder), kNow);
        REQUIRE(recorded.ok());
        const auto after_command = vfs.syncs();
        CHECK(after_command.wal >= 1);  // synchronous=FULL: the WAL is synced at commit
        CHECK(sql_int(*store, "PRAGMA synchronous") == 1);  // back to NORMAL afterwards

        // The control: a page of cache data commits at NORMAL, without a sync.
        vfs.reset();
        Customer ben = make_customer("C-2", "Ben Ortiz");
        apply_changes(*store, {change("customer", ben.id, ben)});
        CHECK(vfs.syncs().wal == 0);

        // The failing path also restores the connection's durability setting.
        store->db().fail_next_commit();
        REQUIRE_FALSE(record_command(*store, draft(ActionType::AddNote, {{"text", "x"}}), kNow));
        CHECK(sql_int(*store, "PRAGMA synchronous") == 1);
    }
}

TEST_CASE("a command saved before the process is killed is there after restart") {
    TempDir dir;
    const auto path = dir.file("killed.db");
    {
        auto store = open_store(path);
        seed(*store);
    }
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    std::fflush(nullptr);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child saves one command and dies at once: no destructors, no clean close.
        close(fds[0]);
        auto opened = Store::open(path);
        if (!opened) _exit(2);
        auto recorded = record_command(**opened, draft(ActionType::CancelOrder), kNow);
        if (!recorded) _exit(3);
        const std::string id = recorded->command_id;
        if (write(fds[1], id.data(), id.size()) != static_cast<ssize_t>(id.size())) _exit(4);
        close(fds[1]);
        kill(getpid(), SIGKILL);
        _exit(5);
    }
    close(fds[1]);
    std::string command_id;
    char buf[128];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
        command_id.append(buf, static_cast<std::size_t>(n));
    close(fds[0]);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    REQUIRE_FALSE(command_id.empty());

    auto store = open_store(path);
    auto found = find_command(*store, command_id);
    REQUIRE(found.has_value());
    CHECK(found->state == CommandState::Pending);
    CHECK(found->action == ActionType::CancelOrder);
    CHECK(load_case_view(*store, "ORD-1")->summary.requested_action == "cancel_order");
    CHECK(outbox_counts(*store).pending == 1);
}
