// Leaving the kiosk (docs/kiosk.md, "Leaving the kiosk"): only staff, from sync diagnostics, with
// their PIN typed again; a wrong PIN leaves it open. The pointer is shown to staff and hidden in
// customer mode, and a full-screen kiosk in customer mode ignores a request to close its window.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "flow_rig.hpp"
#include "kiosk_window.hpp"
#include "sign_in_steps.hpp"
#include "touchpoint/staff_mode.hpp"
#include "touchpoint/ui/screens/screens.hpp"

using namespace tp;
using namespace tp::test;

namespace {

void type_pin(FlowRig& rig, const std::string& pin) {
    for (char digit : pin) rig.tap(std::string("exit.digit.") + digit);
}

// Submits the PIN on the exit screen and draws until its check has been answered.
void submit_pin(FlowRig& rig) {
    rig.tap("exit.submit");
    REQUIRE(rig.wait_until([&] { return !rig.core().pin_check_pending(); }));
    rig.frame();
}

}  // namespace

TEST_CASE("staff close the kiosk with their PIN; a wrong PIN leaves it open") {
    FlowRig rig;
    staff_signs_in(rig, "R1", "2468");
    rig.tap("staff.menu.diagnostics");
    rig.tap("diag.exit");
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::ExitKiosk; }));
    rig.frame();
    CHECK(rig.shows(rig.text("exit.explain")));

    type_pin(rig, "1111");
    submit_pin(rig);
    CHECK(rig.shows(rig.text("exit.wrong_pin")));
    CHECK_FALSE(rig.core().exit_approved());
    kiosk::apply_kiosk_mode(*rig.host, *rig.app, true);
    CHECK_FALSE(rig.host->quit_requested());
    CHECK(rig.snap().identity.has_value());  // still signed in, still on the exit screen
    CHECK(rig.app->nav().screen == ui::ScreenId::ExitKiosk);

    type_pin(rig, "2468");
    submit_pin(rig);
    CHECK(rig.core().exit_approved());
    CHECK(rig.shows(rig.text("exit.closing")));
    CHECK_FALSE(rig.has_widget("exit.submit"));
    // The loop quits at once, with the status and the mark that keep the kiosk session closed.
    const auto runtime_dir = std::filesystem::temp_directory_path() / ("tp-exit-" + std::to_string(getpid()));
    std::filesystem::create_directories(runtime_dir);
    setenv("RUNTIME_DIRECTORY", runtime_dir.c_str(), 1);
    CHECK(kiosk::staff_exit_mark() == (runtime_dir / "left-by-staff").string());
    CHECK(kiosk::run_kiosk_window(*rig.host, *rig.app, true) == kiosk::kExitStaffClosedKiosk);
    unsetenv("RUNTIME_DIRECTORY");
    CHECK(std::filesystem::exists(runtime_dir / "left-by-staff"));
    std::filesystem::remove_all(runtime_dir);
    CHECK(kiosk::staff_exit_mark().empty());
    CHECK(rig.host->quit_requested());
    CHECK(kiosk::kExitStaffClosedKiosk == 10);
}

TEST_CASE("wrong exit PINs count towards the staff lockout, and a locked PIN closes nothing") {
    FlowRig rig;
    staff_signs_in(rig, "R1", "2468");
    rig.tap("staff.menu.diagnostics");
    rig.tap("diag.exit");
    for (int i = 0; i < 5; ++i) {
        type_pin(rig, "1111");
        submit_pin(rig);
    }
    type_pin(rig, "2468");
    submit_pin(rig);
    CHECK_FALSE(rig.core().exit_approved());
    CHECK(rig.shows(rig.text("staff.locked")));
}

TEST_CASE("closing the kiosk is for staff only") {
    FlowRig rig;
    customer_signs_in(rig);
    CHECK_FALSE(rig.has_widget("diag.exit"));
    const Status refused = rig.core().begin_staff_exit("2468");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().key == "exit.staff_only");
    CHECK_FALSE(rig.core().exit_approved());
}

TEST_CASE("the pointer is shown to staff and hidden in customer mode; a full-screen customer kiosk ignores a close") {
    FlowRig rig;
    const auto applied = [&](bool fullscreen) {
        rig.frame();
        kiosk::apply_kiosk_mode(*rig.host, *rig.app, fullscreen);
    };
    // The attract screen: customer mode.
    applied(true);
    CHECK_FALSE(pointer_shown(rig.snap()));
    CHECK_FALSE(rig.host->pointer_shown());
    CHECK_FALSE(rig.host->close_allowed());
    applied(false);
    CHECK(rig.host->close_allowed());  // in a window, closing it quits

    // A customer's own session: still customer mode.
    customer_signs_in(rig);
    applied(true);
    CHECK_FALSE(rig.host->pointer_shown());
    CHECK_FALSE(rig.host->close_allowed());
    rig.core().end_session();

    // A rep signed in: staff mode.
    staff_signs_in(rig, "R1", "2468");
    applied(true);
    CHECK(in_staff_mode(rig.snap()));
    CHECK(rig.host->pointer_shown());
    CHECK(rig.host->close_allowed());

    // Signed out by the privacy reset: customer mode again.
    rig.core().end_session();
    applied(true);
    CHECK_FALSE(rig.host->pointer_shown());
    CHECK_FALSE(rig.host->quit_requested());
}

TEST_CASE("a kiosk that is not set up is in staff mode: the pointer is shown") {
    FlowOptions options;
    options.enroll = false;
    FlowRig rig(options);
    rig.frame();
    kiosk::apply_kiosk_mode(*rig.host, *rig.app, true);
    CHECK(rig.host->pointer_shown());
    SyncStatus enrolled;
    enrolled.enrolled = true;
    AppSnapshot attract;
    attract.sync = enrolled;
    CHECK_FALSE(pointer_shown(attract));
    CHECK_FALSE(window_close_allowed(attract, true));
    CHECK(window_close_allowed(attract, false));
    attract.identity = Identity{Role::Technician, {}, {}, "T1", "Tess"};
    CHECK(pointer_shown(attract));
}
