#include "kiosk_window.hpp"

#include <cstdlib>
#include <fstream>

#include "touchpoint/log.hpp"
#include "touchpoint/staff_mode.hpp"

namespace tp::kiosk {

void apply_kiosk_mode(platform::Host& host, KioskApp& app, bool fullscreen) {
    const AppSnapshot& snap = app.core().snapshot();
    host.set_pointer_shown(pointer_shown(snap));
    host.set_close_allowed(window_close_allowed(snap, fullscreen));
    if (app.core().exit_approved()) host.request_quit();
}

std::string staff_exit_mark() {
    const char* dir = std::getenv("RUNTIME_DIRECTORY");
    return dir && *dir ? std::string(dir) + "/left-by-staff" : std::string();
}

int run_kiosk_window(platform::Host& host, KioskApp& app, bool fullscreen,
                     const std::function<void()>& after_frame,
                     const std::function<void()>& each_turn) {
    apply_kiosk_mode(host, app, fullscreen);
    platform::run(
        host, [&] { app.draw_frame(); }, [&] { return app.wants_frame(); },
        [&] {
            if (after_frame) after_frame();
            apply_kiosk_mode(host, app, fullscreen);
        },
        each_turn);
    if (!app.core().exit_approved()) return 0;
    if (const auto mark = staff_exit_mark(); !mark.empty()) {
        std::ofstream out(mark);
        out << "left by staff\n";
        if (!out) log::error("kiosk", "cannot leave the staff exit mark " + mark + ": the session restarts");
    }
    return kExitStaffClosedKiosk;
}

}  // namespace tp::kiosk
