#include "kiosk_window.hpp"

#include "touchpoint/staff_mode.hpp"

namespace tp::kiosk {

void apply_kiosk_mode(platform::Host& host, KioskApp& app, bool fullscreen) {
    const AppSnapshot& snap = app.core().snapshot();
    host.set_pointer_shown(pointer_shown(snap));
    host.set_close_allowed(window_close_allowed(snap, fullscreen));
    if (app.core().exit_approved()) host.request_quit();
}

int run_kiosk_window(platform::Host& host, KioskApp& app, bool fullscreen,
                     const std::function<void()>& after_frame) {
    apply_kiosk_mode(host, app, fullscreen);
    platform::run(
        host, [&] { app.draw_frame(); }, [&] { return app.wants_frame(); },
        [&] {
            if (after_frame) after_frame();
            apply_kiosk_mode(host, app, fullscreen);
        });
    return app.core().exit_approved() ? kExitStaffClosedKiosk : 0;
}

}  // namespace tp::kiosk
