#pragma once
// A kiosk Terminal on a fresh store holding one customer (Ana, loyalty L-1001, PIN 2468) with
// one order (ORD-ANA) and one rep (S-100, PIN 9090), a fake clock and the status board of an
// enrolled terminal that is offline.

#include <memory>
#include <string>

#include "terminal_test_support.hpp"
#include "touchpoint/terminal.hpp"

namespace tp::test {

struct KioskFixture {
    TempDir dir;
    std::unique_ptr<Store> store = open_store(dir.file("kiosk.db"));
    FakeClock clock;
    StatusBoard board;
    std::unique_ptr<Terminal> terminal;

    KioskFixture() {
        Customer ana = make_customer("C-ANA", "Ana Ruiz");
        ana.loyalty_number = "L-1001";
        ana.pin_salt = "0123456789abcdef";
        ana.pin_hash = pin_hash(ana.pin_salt, "2468", PinCost::Minimal);
        Staff rita{"S-100", "Rita", Role::Rep, "S-1", "fedcba9876543210", {}};
        rita.pin_hash = pin_hash(rita.pin_salt, "9090", PinCost::Minimal);
        apply_changes(*store, {change("customer", "C-ANA", ana),
                               change("case", "ORD-ANA", make_order("ORD-ANA", "C-ANA", 2)),
                               change("staff", "S-100", rita)});
        board.update([](SyncStatus& s) {
            s.enrolled = true;
            s.store_id = "S-1";
        });
        terminal = std::make_unique<Terminal>(*store, clock, board);
    }

    void sign_in_ana() {
        REQUIRE(terminal->identify("L-1001").ok());
        REQUIRE(terminal->verify_pin("2468").ok());
    }

    std::int64_t outbox_rows() { return sql_int(*store, "SELECT count(*) FROM outbox"); }
};

}  // namespace tp::test
