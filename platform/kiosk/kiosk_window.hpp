#pragma once
// The kiosk in its window: the frame loop of a running kiosk, with the kiosk's mode applied to
// the window each frame (staff_mode.hpp) and the way out that staff take with their PIN.

#include <functional>

#include "kiosk_app.hpp"
#include "touchpoint/platform/host.hpp"

namespace tp::kiosk {

// The process's exit status once staff closed the kiosk with "Exit kiosk" and their PIN. The
// systemd unit lists it in RestartPreventExitStatus=, so the kiosk stays closed until started
// again; every other end (SIGTERM, a crash) is restarted as usual.
constexpr int kExitStaffClosedKiosk = 10;

// Applies the kiosk's mode to the window: the pointer shown only in staff modes, a close request
// ignored in customer mode when full screen, and a quit once staff approved the exit.
void apply_kiosk_mode(platform::Host& host, KioskApp& app, bool fullscreen);

// Runs the kiosk until it quits (platform::run, with apply_kiosk_mode before the first frame and
// after each one; `after_frame` is called before it). Returns the exit status for the process:
// kExitStaffClosedKiosk after a staff exit, else 0.
int run_kiosk_window(platform::Host& host, KioskApp& app, bool fullscreen,
                     const std::function<void()>& after_frame = {});

}  // namespace tp::kiosk
