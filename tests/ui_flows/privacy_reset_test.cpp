// An idle customer session: the warning offers more time; left alone, the session is wiped —
// nothing of it remains in the snapshot, in the screens' state or on the next screen — and the
// request it queued is still in the outbox.

#include "flow_rig.hpp"
#include "sign_in_steps.hpp"
#include "touchpoint/outbox.hpp"

using namespace tp;
using namespace tp::test;

namespace {

void wait_for_warning(FlowRig& rig) {
    rig.clock.jump(61'000);
    REQUIRE(rig.wait_until([&] { return rig.snap().phase == SessionPhase::Warning; }));
    REQUIRE(rig.wait_until([&] { return rig.has_widget("idle.more_time"); }));
    CHECK(rig.shows(rig.text("idle.title")));
}

}  // namespace

TEST_CASE("an idle session warns, can get more time, and is then wiped leaving the outbox") {
    FlowRig rig;
    customer_signs_in(rig);

    // A request queued while offline, so the outbox has something to keep.
    rig.service.stop();
    REQUIRE(rig.wait_until([&] { return !rig.snap().sync.online; }));
    rig.tap("home.case.ORD-C0001-1");
    rig.tap("case.action.add_note");
    rig.tap("form.field.text");
    rig.type("Please ring twice");
    rig.tap("form.submit");
    std::string note_id;
    REQUIRE(rig.wait_until([&] {
        if (rig.snap().open_case)
            for (const auto& cmd : rig.snap().open_case->own_commands)
                if (cmd.action == ActionType::AddNote) note_id = cmd.command_id;
        return !note_id.empty();
    }));
    const auto note_state = [&] {
        auto cmd = find_command(rig.app->runtime().store(), note_id);
        return cmd ? std::optional<CommandState>(cmd->state) : std::nullopt;
    };
    REQUIRE(note_state() == CommandState::Pending);

    // Something typed and not sent.
    rig.tap("case.action.add_note");
    rig.tap("form.field.text");
    rig.type("Leave it with Marta");
    REQUIRE(rig.shows("Leave it with Marta"));

    wait_for_warning(rig);
    rig.tap("idle.more_time");
    CHECK(rig.snap().phase == SessionPhase::Active);
    CHECK(rig.shows("Leave it with Marta"));  // more time keeps everything

    wait_for_warning(rig);
    rig.clock.jump(16'000);
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::Attract; }));
    rig.frame();

    const AppSnapshot& snap = rig.snap();
    CHECK_FALSE(snap.identity.has_value());
    CHECK_FALSE(snap.customer.has_value());
    CHECK_FALSE(snap.open_case.has_value());
    CHECK(snap.identified_customer.empty());
    CHECK(snap.search_query.empty());
    CHECK(snap.search_results.empty());
    CHECK(rig.app->state().fields.empty());
    CHECK(rig.app->state().focused_field.empty());
    CHECK(rig.app->nav().back_stack.empty());
    CHECK(note_state() == CommandState::Pending);  // the queued note survives the reset
    CHECK(snap.outbox.pending >= 1);

    for (const char* trace : {"José", "García", "Marta", "ring twice", "LOY0124", "ORD-C0001"})
        CHECK_MESSAGE(!rig.shows(trace), "the attract screen still shows " << trace);
    rig.tap("attract.start");
    rig.tap("language.en");
    rig.frame();
    for (const char* trace : {"José", "LOY0124", "Marta"})
        CHECK_MESSAGE(!rig.shows(trace), "the identify screen still shows " << trace);

    // The queued note is delivered once the service is back, session or not.
    rig.service.start_on_same_port();
    CHECK(rig.wait_until([&] { return note_state() == CommandState::Confirmed; }, std::chrono::seconds(30)));
}
