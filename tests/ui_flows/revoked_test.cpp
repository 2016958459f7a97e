// A kiosk the operator disabled (docs/security.md, "Revocation"): from its next exchange with the
// service on, every screen says "This terminal has been disabled", in the kiosk's language,
// instead of the offline banner.

#include "flow_rig.hpp"
#include "touchpoint/service/service.hpp"

using namespace tp;
using namespace tp::test;

TEST_CASE("a revoked kiosk shows that it has been disabled") {
    FlowOptions options;
    options.enrollment_code = "KIOSK-S1-12";
    FlowRig rig(options);
    REQUIRE(rig.wait_until([&] { return rig.snap().sync.online; }, std::chrono::seconds(20)));
    CHECK_FALSE(rig.shows(rig.text("revoked.title")));

    const std::string terminal_id = rig.snap().sync.terminal_id;
    REQUIRE_FALSE(terminal_id.empty());
    REQUIRE(service::revoke_terminal(rig.service.config().db_path, terminal_id,
                                     rig.clock.now())
                .ok());
    rig.app->runtime().sync_now();  // the next exchange learns it
    REQUIRE(rig.wait_until([&] { return rig.snap().sync.revoked; }, std::chrono::seconds(20)));
    rig.frame();
    CHECK(rig.shows(rig.text("revoked.title")));
    CHECK_FALSE(rig.shows(rig.text("offline.since")));
}
