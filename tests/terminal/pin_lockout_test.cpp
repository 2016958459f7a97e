// PIN lockouts at the kiosk (pin_lockout.hpp, docs/security.md "PINs"): a customer's failures
// count across identifications and restarts, each lock doubles, and the staff sign-in likewise.

#include <doctest/doctest.h>

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
