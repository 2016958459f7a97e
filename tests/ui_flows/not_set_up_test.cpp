// A kiosk started on a database that was never enrolled (issue 10, "Set-up"): every screen is
// the "not set up" screen, in the kiosk's language, with the enrollment command for this
// terminal's service and database; never "Offline since —", and no way in for customers.

#include "flow_rig.hpp"
#include "touchpoint/ui/screens/screens.hpp"
#include "touchpoint/ui/context.hpp"
#include "touchpoint/ui/strings.hpp"

using namespace tp;
using namespace tp::test;

TEST_CASE("an unenrolled kiosk shows that it is not set up and how to enroll it, never offline since") {
    auto languages = ui::load_languages(ui::default_assets_dir() / "strings" / "languages.json");
    REQUIRE(languages.ok());
    for (const ui::LanguageSpec& spec : *languages) {
        const std::string& lang = spec.code;
        CAPTURE(lang);
        FlowOptions options;
        options.enroll = false;
        options.language = std::string(lang);
        FlowRig rig(options);
        // Half a second of frames: the sync worker has looked, and found nothing to sync with.
        rig.wait_until([] { return false; }, std::chrono::milliseconds(500));
        CHECK_FALSE(rig.snap().sync.enrolled);
        CHECK(std::string(ui::scene_name(rig.app->drawn_screen())) == "not-set-up");
        CHECK(rig.shows(rig.text("not_set_up.title")));
        CHECK(rig.shows(rig.text("not_set_up.or_command")));  // the service is known: a code can be typed
        CHECK(rig.has_widget("not_set_up.code"));
        CHECK(rig.shows(rig.text("not_set_up.customers")));
        CHECK_FALSE(rig.shows(rig.text("offline.since")));
        CHECK_FALSE(rig.shows(rig.text("offline.detail")));
        CHECK_FALSE(rig.has_widget("attract.start"));
        CHECK_FALSE(rig.has_widget("attract.staff"));

        // The command names this kiosk's service and database, ready to run.
        const std::string command = ui::enroll_command(rig.snap().sync);
        const std::string url = "http://127.0.0.1:" + std::to_string(rig.service.port());
        CHECK(command == "touchpoint enroll --service " + url + " --code CODE --db " + rig.dir.file("kiosk.db"));
        CHECK(rig.shows(command));
    }
}

TEST_CASE("the enrollment command quotes a database path a shell would split, and asks for a URL when none is known") {
    SyncStatus sync;
    sync.db_path = "/srv/kiosk data/it's.db";
    CHECK(ui::enroll_command(sync) == "touchpoint enroll --service URL --code CODE --db '/srv/kiosk data/it'\\''s.db'");
}

TEST_CASE("an enrolled kiosk never shows the not-set-up screen") {
    FlowRig rig;
    rig.frame();
    CHECK(std::string(ui::scene_name(rig.app->drawn_screen())) == "attract");
    CHECK_FALSE(rig.shows(rig.text("not_set_up.title")));
    CHECK(rig.has_widget("attract.start"));
}

TEST_CASE("staff set a kiosk up by typing the enrollment code on its screen; a wrong code and a service down say why") {
    FlowOptions options;
    options.enroll = false;
    FlowRig rig(options);
    REQUIRE(rig.wait_until([&] { return std::string(ui::scene_name(rig.app->drawn_screen())) == "not-set-up"; }));
    CHECK(rig.shows(rig.text("not_set_up.on_screen")));

    // The service is down: it says so, and the code stays to try again.
    rig.service.stop();
    rig.tap("not_set_up.code");
    rig.type("KIOSK-S1-09");
    rig.tap("not_set_up.enroll");
    REQUIRE(rig.wait_until([&] { return !rig.snap().sync.enroll_failure.empty(); }));
    rig.frame();
    CHECK(rig.shows(rig.text("not_set_up.unreachable")));
    CHECK_FALSE(rig.snap().sync.enrolled);
    rig.service.start_on_same_port();

    // A code the service does not know: refused in words, still not set up.
    rig.tap("not_set_up.code");
    for (int i = 0; i < 11; ++i) rig.tap("kbd.backspace");
    rig.type("WRONG-CODE-1");
    rig.tap("not_set_up.enroll");
    REQUIRE(rig.wait_until([&] {
        return rig.snap().sync.enroll_failure == "not_set_up.code_refused";
    }));
    rig.frame();
    CHECK(rig.shows(rig.text("not_set_up.code_refused")));
    CHECK_FALSE(rig.snap().sync.enrolled);
    CHECK(std::string(ui::scene_name(rig.app->drawn_screen())) == "not-set-up");
    CHECK(rig.app->state().fields.at("not_set_up.code") == "WRONG-CODE-1");  // kept, to correct

    // The store's code, typed in lower case with a space after it: enrolled, synced with no
    // restart, and the start screen is shown.
    rig.tap("not_set_up.code");
    for (int i = 0; i < 12; ++i) rig.tap("kbd.backspace");
    rig.type("kiosk-s1-09 ");
    rig.tap("not_set_up.enroll");
    REQUIRE_MESSAGE(rig.wait_until([&] { return rig.snap().sync.enrolled && rig.snap().sync.last_sync > 0; }),
                    "never synced: " << rig.snap().sync.last_error);
    REQUIRE(rig.wait_until([&] { return rig.has_widget("attract.start"); }));
    CHECK(std::string(ui::scene_name(rig.app->drawn_screen())) == "attract");
    CHECK(rig.snap().sync.enroll_failure.empty());
    CHECK(rig.core().identify("LOY01242486").ok());  // the store's customers are here now
    // As `touchpoint enroll` leaves it: the command line finds the service later.
    auto store = Store::open(rig.dir.file("kiosk.db"));
    REQUIRE(store.ok());
    CHECK((*store)->meta("service_url") == "http://127.0.0.1:" + std::to_string(rig.service.port()));
}

TEST_CASE("a kiosk enrolled with the command while it runs leaves the not-set-up screen with no restart") {
    FlowOptions options;
    options.enroll = false;
    FlowRig rig(options);
    REQUIRE(rig.wait_until([&] { return std::string(ui::scene_name(rig.app->drawn_screen())) == "not-set-up"; }));
    {
        auto store = Store::open(rig.dir.file("kiosk.db"));
        REQUIRE(store.ok());
        auto transport = sync::make_curl_transport("http://127.0.0.1:" + std::to_string(rig.service.port()));
        StatusBoard board;
        sync::SyncEngine engine(**store, *transport, rig.clock, board);
        REQUIRE(engine.enroll("KIOSK-S1-09", "enrolled from the command line").ok());
    }
    REQUIRE_MESSAGE(rig.wait_until([&] { return rig.snap().sync.enrolled && rig.snap().sync.last_sync > 0; }),
                    "never synced: " << rig.snap().sync.last_error);
    REQUIRE(rig.wait_until([&] { return rig.has_widget("attract.start"); }));
    CHECK_FALSE(rig.snap().sync.terminal_id.empty());
}
