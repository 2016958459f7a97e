// A kiosk started on a database that was never enrolled (issue 10, "Set-up"): every screen is
// the "not set up" screen, in the kiosk's language, with the enrollment command for this
// terminal's service and database; never "Offline since —", and no way in for customers.

#include "flow_rig.hpp"
#include "touchpoint/ui/screens/screens.hpp"
#include "touchpoint/ui/strings.hpp"

using namespace tp;
using namespace tp::test;

TEST_CASE("an unenrolled kiosk shows that it is not set up and how to enroll it, never offline since") {
    for (std::string_view lang : ui::kLanguages) {
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
        CHECK(rig.shows(rig.text("not_set_up.step_run")));
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
