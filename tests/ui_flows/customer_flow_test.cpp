// A customer at the kiosk: identifies with a loyalty number typed on the on-screen keyboard,
// verifies with the PIN, starts a return while the service is down and sees it waiting to sync;
// the service comes back and the screen shows it confirmed without anyone touching it. The PIN
// is checked beside the frames.

#include "flow_rig.hpp"
#include "sign_in_steps.hpp"
#include "touchpoint/cache.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/domain_json.hpp"
#include "touchpoint/queries.hpp"

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

// A real customer's verifier has the standard cost (most of a second): the screen keeps drawing
// while it is checked, says so, and offers nothing to press until the answer is in.
TEST_CASE("the screen keeps drawing while the PIN is checked, and says so") {
    FlowRig rig;
    {
        auto store = Store::open(rig.dir.file("kiosk.db"));
        REQUIRE(store.ok());
        auto jose = load_customer(**store, "C0001");
        REQUIRE(jose.has_value());
        jose->pin_hash = pin_hash(jose->pin_salt, "1234");
        REQUIRE(apply_entities(**store, {Change{"customer", "C0001", nlohmann::json(*jose)}}).ok());
    }
    rig.core().invalidate();
    rig.tap("attract.start");
    rig.tap("language.en");
    rig.tap("identify.field");
    rig.type("LOY01242486");
    rig.tap("identify.submit");
    for (char digit : std::string("1234")) rig.tap(std::string("verify.digit.") + digit);
    rig.tap("verify.submit");
    REQUIRE(rig.core().pin_check_pending());
    CHECK(rig.shows(rig.text("pin.checking")));
    CHECK_FALSE(rig.has_widget("verify.submit"));  // disabled: not an enabled widget
    CHECK_FALSE(rig.has_widget("common.back"));
    int frames_while_checking = 0;
    REQUIRE(rig.wait_until([&] {
        if (rig.core().pin_check_pending()) ++frames_while_checking;
        return rig.snap().customer.has_value();
    }));
    CHECK(frames_while_checking >= 5);
    rig.frame();
    CHECK(rig.shows("José García"));
}
