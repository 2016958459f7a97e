// A kiosk the operator ordered wiped (docs/operations.md): at its next exchange with the service
// it sends its queue, deletes its customer data and shows "This terminal has been reset", in
// the kiosk's language, instead of every other screen — a customer's session included.

#include "flow_rig.hpp"
#include "touchpoint/service/service.hpp"

using namespace tp;
using namespace tp::test;

TEST_CASE("a wiped kiosk shows that it has been reset, and only that") {
    FlowOptions options;
    options.enrollment_code = "KIOSK-S1-12";
    options.language = "de";
    FlowRig rig(options);
    REQUIRE(rig.wait_until([&] { return rig.snap().sync.online; }, std::chrono::seconds(20)));
    CHECK_FALSE(rig.shows(rig.text("reset.title")));
    // A customer is being served when the order arrives.
    REQUIRE(rig.wait_until([&] { return rig.core().identify("LOY01242486").ok(); }));
    REQUIRE(rig.core().verify_pin("1234").ok());
    rig.frame();
    REQUIRE(rig.snap().identity.has_value());
    CHECK(std::string(ui::scene_name(rig.app->drawn_screen())) != "reset");

    const std::string terminal_id = rig.snap().sync.terminal_id;
    REQUIRE_FALSE(terminal_id.empty());
    REQUIRE(service::order_wipe(rig.service.config().db_path, terminal_id, rig.clock.now()).ok());
    rig.app->runtime().sync_now();  // the next exchange learns it
    REQUIRE(rig.wait_until([&] { return rig.snap().sync.wiped; }, std::chrono::seconds(30)));
    rig.frame();
    CHECK(std::string(ui::scene_name(rig.app->drawn_screen())) == "reset");
    CHECK(rig.shows(rig.text("reset.title")));
    CHECK(rig.shows(rig.text("reset.detail")));
    CHECK(rig.text("reset.title") == "Dieses Terminal wurde zurückgesetzt");
    CHECK_FALSE(rig.shows(rig.text("revoked.title")));
    CHECK_FALSE(rig.shows(rig.text("offline.since")));
    CHECK_FALSE(rig.snap().identity.has_value());  // the session ended with a privacy reset
    // Nothing on it leads anywhere else, and it stays.
    CHECK_FALSE(rig.has_widget("attract.start"));
    for (int i = 0; i < 5; ++i) rig.frame();
    CHECK(std::string(ui::scene_name(rig.app->drawn_screen())) == "reset");

    // The service recorded it and revoked the terminal.
    auto terminals = service::list_terminals(rig.service.config().db_path);
    REQUIRE(terminals.ok());
    bool found = false;
    for (const auto& t : *terminals) {
        if (t.id != terminal_id) continue;
        found = true;
        CHECK(t.wiped_at > 0);
        CHECK(t.revoked_at > 0);
    }
    CHECK(found);
}
