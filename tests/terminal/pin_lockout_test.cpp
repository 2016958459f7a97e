// PIN lockouts at the kiosk (pin_lockout.hpp, docs/security.md "PINs"): a customer's failures
// count across identifications and restarts, each lock doubles, and the staff sign-in likewise;
// the check itself runs beside the caller.

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "kiosk_fixture.hpp"

using namespace tp;
using namespace tp::test;

namespace {

constexpr Millis kMinute = 60'000;

struct LockoutFixture : KioskFixture {
    Status guess(const std::string& pin) {
        auto identified = terminal->identify("L-1001");
        REQUIRE(identified.ok());
        return terminal->verify_pin(pin);
    }
    // Closes the database and opens it again, as a restarted terminal does.
    void restart() {
        terminal.reset();
        store.reset();
        store = open_store(dir.file("kiosk.db"));
        terminal = std::make_unique<Terminal>(*store, clock, board);
    }
};

}  // namespace

TEST_CASE_FIXTURE(LockoutFixture, "identifying again does not reset a customer's PIN failures") {
    // The attack: one wrong PIN per identification, forever.
    for (int i = 1; i <= 4; ++i) {
        CAPTURE(i);
        auto r = guess("0000");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Errc::Unauthorized);
    }
    auto fifth = guess("0001");
    REQUIRE_FALSE(fifth.ok());
    CHECK(fifth.error().code == Errc::Locked);
    CHECK_FALSE(terminal->snapshot().identity.has_value());  // the session was reset

    // Locked: even the right PIN does not sign in until the lock has passed.
    auto right = guess("2468");
    REQUIRE_FALSE(right.ok());
    CHECK(right.error().code == Errc::Locked);
    clock.advance(kMinute);
    CHECK(guess("2468").ok());
}

TEST_CASE_FIXTURE(LockoutFixture, "a customer's PIN failures and lock survive a restart") {
    for (int i = 0; i < 3; ++i) CHECK_FALSE(guess("0000").ok());
    restart();
    CHECK(guess("0000").error().code == Errc::Unauthorized);
    CHECK(guess("0000").error().code == Errc::Locked);  // the fifth, across the restart
    restart();
    CHECK(guess("2468").error().code == Errc::Locked);
    clock.advance(kMinute);
    CHECK(guess("2468").ok());
}

TEST_CASE_FIXTURE(LockoutFixture, "each customer lock lasts twice the one before; a right PIN forgets") {
    const Millis locks[] = {1 * kMinute, 2 * kMinute, 4 * kMinute, 8 * kMinute};
    for (Millis lock : locks) {
        CAPTURE(lock);
        for (int i = 0; i < 5; ++i) (void)guess("0000");
        clock.advance(lock - 1);
        CHECK(guess("2468").error().code == Errc::Locked);
        clock.advance(1);
    }
    REQUIRE(guess("2468").ok());
    terminal->end_session();
    for (int i = 0; i < 5; ++i) (void)guess("0000");
    clock.advance(kMinute);  // back to the first lock's length
    CHECK(guess("2468").ok());
}

TEST_CASE_FIXTURE(LockoutFixture, "the lock is capped") {
    PinLockoutPolicy policy;
    CHECK(pin_lock_after(policy, 0) == kMinute);
    CHECK(pin_lock_after(policy, 3) == 8 * kMinute);
    CHECK(pin_lock_after(policy, 40) == policy.max_lock);
    CHECK(policy.max_lock == 24 * 60 * kMinute);
}

TEST_CASE_FIXTURE(LockoutFixture, "staff sign-in: failures persist, locks double, unknown ids leave nothing") {
    constexpr Millis kStaffLock = 5 * kMinute;  // TerminalConfig's default
    for (int i = 0; i < 4; ++i) CHECK(terminal->staff_sign_in("S-100", "0000").error().code == Errc::Unauthorized);
    restart();
    CHECK(terminal->staff_sign_in("S-100", "0000").error().code == Errc::Locked);
    clock.advance(kStaffLock);
    for (int i = 0; i < 5; ++i) (void)terminal->staff_sign_in("S-100", "0000");
    clock.advance(2 * kStaffLock - 1);
    restart();
    CHECK(terminal->staff_sign_in("S-100", "9090").error().code == Errc::Locked);
    clock.advance(1);
    CHECK(terminal->staff_sign_in("S-100", "9090").ok());

    for (int i = 0; i < 20; ++i)
        CHECK(terminal->staff_sign_in("S-" + std::to_string(900 + i), "0000").error().code ==
              Errc::Unauthorized);
    CHECK(sql_int(*store, "SELECT count(*) FROM pin_attempts") == 0);
}

// The two-step form the screens use: the KDF runs beside the caller (docs/security.md "PINs").
TEST_CASE_FIXTURE(LockoutFixture, "a PIN check runs beside the caller, counted before it starts") {
    // A verifier at the real cost, so that the check is still running when begin returns.
    Customer ana = make_customer("C-ANA", "Ana Ruiz");
    ana.loyalty_number = "L-1001";
    ana.pin_salt = "0123456789abcdef";
    ana.pin_hash = pin_hash(ana.pin_salt, "2468");
    apply_changes(*store, {change("customer", "C-ANA", ana)});
    REQUIRE(terminal->identify("L-1001").ok());
    REQUIRE(terminal->begin_verify_pin("0000").ok());
    CHECK(terminal->pin_check_pending());
    CHECK_FALSE(terminal->pin_check_ready());
    CHECK(sql_int(*store, "SELECT failures FROM pin_attempts WHERE id = ?", "C-ANA") == 1);
    // One check at a time.
    auto second = terminal->begin_verify_pin("2468");
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == Errc::Busy);
    CHECK(second.error().key == "pin.checking");
    auto wrong = terminal->finish_pin_check();  // waits for the answer
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == Errc::Unauthorized);
    CHECK_FALSE(terminal->pin_check_pending());

    REQUIRE(terminal->begin_verify_pin("2468").ok());
    while (!terminal->pin_check_ready()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(terminal->finish_pin_check().ok());
    CHECK(terminal->snapshot().identity->customer_id == "C-ANA");
    CHECK(sql_int(*store, "SELECT count(*) FROM pin_attempts WHERE id = ?", "C-ANA") == 0);
}

TEST_CASE_FIXTURE(LockoutFixture, "a privacy reset during a PIN check signs nobody in") {
    REQUIRE(terminal->identify("L-1001").ok());
    REQUIRE(terminal->begin_verify_pin("2468").ok());
    terminal->end_session();
    CHECK_FALSE(terminal->pin_check_pending());
    auto dropped = terminal->finish_pin_check();
    REQUIRE_FALSE(dropped.ok());
    CHECK_FALSE(terminal->snapshot().identity.has_value());

    // A staff sign-in in two steps; an unknown id answers like a wrong PIN.
    REQUIRE(terminal->begin_staff_sign_in("s-100", "9090").ok());
    CHECK(terminal->finish_pin_check().ok());
    CHECK(terminal->snapshot().identity->staff_id == "S-100");
    terminal->end_session();
    REQUIRE(terminal->begin_staff_sign_in("S-999", "9090").ok());
    auto unknown = terminal->finish_pin_check();
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().key == "staff.wrong_pin");
}
