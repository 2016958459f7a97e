// The session's idle rules (brief §6 privacy reset) on a fake clock.

#include <doctest/doctest.h>

#include "touchpoint/clock.hpp"
#include "touchpoint/session.hpp"

using namespace tp;

namespace {

constexpr Millis kIdle = 60'000;
constexpr Millis kWarning = 15'000;

struct SessionFixture {
    FakeClock clock;
    Session session{clock, SessionConfig{kIdle, kWarning, 5}};

    void fill() {
        session.sign_in(Identity{Role::Customer, "C-1", "Ana Ruiz", {}, {}});
        auto& s = session.scratch();
        s.language = "es";
        s.identified_customer = "C-2";
        s.open_case = "ORD-1";
        s.search_query = "garcia";
    }

    void check_empty() {
        CHECK_FALSE(session.identity().has_value());
        const auto& s = session.scratch();
        const SessionScratch fresh;
        CHECK(s.language == fresh.language);
        CHECK(s.identified_customer.empty());
        CHECK(s.open_case.empty());
        CHECK(s.search_query.empty());
        CHECK(session.phase() == SessionPhase::Idle);
        CHECK(session.warning_remaining() == 0);
    }
};

}  // namespace

TEST_CASE_FIXTURE(SessionFixture, "an idle terminal stays on attract and never resets") {
    CHECK(session.phase() == SessionPhase::Idle);
    clock.advance(10 * kIdle);
    CHECK_FALSE(session.tick());
    CHECK(session.phase() == SessionPhase::Idle);
    CHECK(session.generation() == 0);
}

TEST_CASE_FIXTURE(SessionFixture, "active, then the warning at the idle timeout, then the reset") {
    session.touch();
    fill();
    CHECK(session.phase() == SessionPhase::Active);

    clock.advance(kIdle - 1);
    CHECK_FALSE(session.tick());
    CHECK(session.phase() == SessionPhase::Active);
    CHECK(session.warning_remaining() == 0);

    clock.advance(1);
    CHECK_FALSE(session.tick());
    CHECK(session.phase() == SessionPhase::Warning);
    CHECK(session.warning_remaining() == kWarning);
    CHECK(session.identity().has_value());  // nothing is wiped during the warning

    clock.advance(kWarning - 1);
    CHECK_FALSE(session.tick());
    CHECK(session.phase() == SessionPhase::Warning);
    CHECK(session.warning_remaining() == 1);

    const auto generation = session.generation();
    clock.advance(1);
    CHECK(session.tick());
    CHECK(session.generation() == generation + 1);
    check_empty();

    // Once reset, further ticks do nothing.
    clock.advance(kIdle + kWarning);
    CHECK_FALSE(session.tick());
    CHECK(session.generation() == generation + 1);
}

TEST_CASE_FIXTURE(SessionFixture, "I need more time returns to Active and restarts the idle period") {
    session.touch();
    fill();
    clock.advance(kIdle + kWarning / 2);
    session.tick();
    REQUIRE(session.phase() == SessionPhase::Warning);

    session.more_time();
    CHECK(session.phase() == SessionPhase::Active);
    CHECK(session.warning_remaining() == 0);
    CHECK(session.identity().has_value());
    CHECK(session.scratch().open_case == "ORD-1");

    // A whole new idle period before the next warning.
    clock.advance(kIdle - 1);
    CHECK_FALSE(session.tick());
    CHECK(session.phase() == SessionPhase::Active);
    clock.advance(1);
    session.tick();
    CHECK(session.phase() == SessionPhase::Warning);
    CHECK(session.warning_remaining() == kWarning);
}

TEST_CASE_FIXTURE(SessionFixture, "user activity defers the warning") {
    session.touch();
    fill();
    for (int i = 0; i < 5; ++i) {
        clock.advance(kIdle - 1'000);
        CHECK_FALSE(session.tick());
        CHECK(session.phase() == SessionPhase::Active);
        session.touch();
    }
    CHECK(session.identity().has_value());
    clock.advance(kIdle);
    session.tick();
    CHECK(session.phase() == SessionPhase::Warning);
}

TEST_CASE_FIXTURE(SessionFixture, "a long gap between ticks resets in one step") {
    // The kiosk was asleep, or a frame took very long: no need to pass through the warning.
    session.touch();
    fill();
    clock.advance(kIdle + kWarning + 123'456);
    CHECK(session.tick());
    check_empty();
}

TEST_CASE_FIXTURE(SessionFixture, "reset clears identity and scratch and bumps the generation") {
    session.touch();
    fill();
    const auto generation = session.generation();
    session.reset();
    CHECK(session.generation() == generation + 1);
    check_empty();
    session.reset();  // idempotent apart from the generation
    CHECK(session.generation() == generation + 2);
    check_empty();
}

TEST_CASE("the idle and warning durations are configurable") {
    FakeClock clock;
    Session session(clock, SessionConfig{5'000, 2'000, 3});
    session.touch();
    clock.advance(4'999);
    session.tick();
    CHECK(session.phase() == SessionPhase::Active);
    clock.advance(1);
    session.tick();
    CHECK(session.phase() == SessionPhase::Warning);
    CHECK(session.warning_remaining() == 2'000);
    clock.advance(2'000);
    CHECK(session.tick());
    CHECK(session.phase() == SessionPhase::Idle);
}
