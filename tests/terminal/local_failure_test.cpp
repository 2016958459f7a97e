// A read of the local database that fails is never taken for "nothing there" (issue 8): the
// snapshot carries local_failure as a string-table key, and lookups answer DbIo instead of NotFound.
// The failure is a table the reads need being out of reach (renamed away), then back.

#include <doctest/doctest.h>

#include "touchpoint/english_text.hpp"

#include "kiosk_fixture.hpp"

using namespace tp;
using namespace tp::test;

namespace {

// The key of a local read failure (worded from the string table, never SQL or exception text).
void check_unreadable(const std::string& key) {
    CHECK(key == "error.local_unreadable");
    CHECK(has_english_text(key));
}

}  // namespace

TEST_CASE_FIXTURE(KioskFixture, "identify answers DbIo, not NotFound, when the read failed") {
    store->db().exec("ALTER TABLE customers RENAME TO customers_away");
    auto failed = terminal->identify("L-1001");
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == Errc::DbIo);
    check_unreadable(failed.error().key);
    CHECK(terminal->snapshot().identified_customer.empty());

    store->db().exec("ALTER TABLE customers_away RENAME TO customers");
    auto missing = terminal->identify("L-9999");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == Errc::NotFound);
    CHECK(terminal->identify("L-1001").ok());
}

TEST_CASE_FIXTURE(KioskFixture, "a failed read shows as the snapshot's local_failure until it reads again") {
    sign_in_ana();
    REQUIRE(terminal->snapshot().customer.has_value());
    CHECK_FALSE(terminal->snapshot().local_failure.has_value());

    store->db().exec("ALTER TABLE customers RENAME TO customers_away");
    terminal->invalidate();
    const AppSnapshot broken = terminal->snapshot();
    REQUIRE(broken.local_failure.has_value());
    check_unreadable(*broken.local_failure);
    CHECK_FALSE(broken.customer.has_value());
    CHECK(broken.identity.has_value());  // the session itself goes on

    store->db().exec("ALTER TABLE customers_away RENAME TO customers");
    terminal->invalidate();
    CHECK_FALSE(terminal->snapshot().local_failure.has_value());
    CHECK(terminal->snapshot().customer.has_value());
}

TEST_CASE_FIXTURE(KioskFixture, "opening or acting on a case whose read failed answers DbIo") {
    sign_in_ana();
    const auto rows = outbox_rows();
    store->db().exec("ALTER TABLE cases RENAME TO cases_away");
    auto opened = terminal->open_case("ORD-ANA");
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == Errc::DbIo);
    check_unreadable(opened.error().key);
    auto issued = terminal->issue(ActionType::AddNote, "ORD-ANA", {{"text", "hello"}});
    REQUIRE_FALSE(issued.ok());
    CHECK(issued.error().code == Errc::DbIo);
    store->db().exec("ALTER TABLE cases_away RENAME TO cases");
    CHECK(outbox_rows() == rows);
    CHECK(terminal->open_case("ORD-ANA").ok());
}
