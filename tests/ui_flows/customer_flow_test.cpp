// A customer at the kiosk: identifies with a loyalty number typed on the on-screen keyboard,
// verifies with the PIN, starts a return while the service is down and sees it waiting to sync;
// the service comes back and the screen shows it confirmed without anyone touching it.

#include "flow_rig.hpp"
#include "sign_in_steps.hpp"

using namespace tp;
using namespace tp::test;

TEST_CASE("a return started offline is confirmed on screen once the service is back") {
    FlowRig rig;
    customer_signs_in(rig);
    CHECK(rig.shows("José García"));

    rig.service.stop();
    REQUIRE(rig.wait_until([&] { return !rig.snap().sync.online; }));
    CHECK(rig.shows(rig.text("offline.since")));

    rig.tap("home.case.ORD-C0001-1");
    rig.tap("case.action.start_return");
    rig.tap("form.choice.reason.damaged");
    rig.tap("form.submit");
    REQUIRE(rig.wait_until([&] { return rig.shows(rig.text("status.waiting_to_sync")); }));
    CHECK_FALSE(rig.shows(rig.text("status.confirmed")));
    REQUIRE(rig.snap().open_case.has_value());  // the receipt of the new return
    const auto return_state = [&]() -> std::optional<CommandState> {
        if (!rig.snap().open_case) return std::nullopt;
        for (const auto& cmd : rig.snap().open_case->own_commands)
            if (cmd.action == ActionType::StartReturn) return cmd.state;
        return std::nullopt;
    };
    CHECK(return_state() == CommandState::Pending);

    rig.service.start_on_same_port();
    REQUIRE_MESSAGE(rig.wait_until([&] { return rig.shows(rig.text("status.confirmed")); },
                                   std::chrono::seconds(30)),
                    "the screen never showed the return confirmed");
    CHECK(return_state() == CommandState::Confirmed);
    CHECK(rig.wait_until([&] { return rig.snap().outbox.pending == 0; }));
    CHECK_FALSE(rig.shows(rig.text("status.waiting_to_sync")));

    // The other channels see the return too.
    auto context = rig.service.get("/v1/customers/C0001/context", service::testing::TestService::channel());
    REQUIRE(context.status == 200);
    int returns = 0;
    for (const auto& c : context.body["cases"])
        if (c.value("kind", "") == "return") ++returns;
    CHECK(returns >= 1);
}
