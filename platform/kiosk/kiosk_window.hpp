#pragma once
// The kiosk in its window: the frame loop of a running kiosk, with the kiosk's mode applied to
// the window each frame (staff_mode.hpp) and the way out that staff take with their PIN.

#include <functional>
#include <string>

#include "kiosk_app.hpp"
#include "touchpoint/platform/host.hpp"

namespace tp::kiosk {

// The process's exit status once staff closed the kiosk with "Exit kiosk" and their PIN. Under
// the kiosk session's cage, which ends with status 0 whatever its application's status, the mark
// below is what keeps the session closed; the status tells scripts and tests.
constexpr int kExitStaffClosedKiosk = 10;

// Where a staff exit leaves its mark: $RUNTIME_DIRECTORY/left-by-staff (the unit's
// RuntimeDirectory, /run/touchpoint), which the unit's ExecCondition takes to skip the restart
// that follows. Empty outside such a unit.
std::string staff_exit_mark();

// Applies the kiosk's mode to the window: the pointer shown only in staff modes, a close request
// ignored in customer mode when full screen, and a quit once staff approved the exit.
void apply_kiosk_mode(platform::Host& host, KioskApp& app, bool fullscreen);

// Runs the kiosk until it quits (platform::run, with apply_kiosk_mode before the first frame and
// after each one; `after_frame` is called before it, `each_turn` at every turn of the loop).
// Returns the exit status for the process: kExitStaffClosedKiosk after a staff exit, having left
// the staff_exit_mark() when there is one, else 0.
int run_kiosk_window(platform::Host& host, KioskApp& app, bool fullscreen,
                     const std::function<void()>& after_frame = {},
                     const std::function<void()>& each_turn = {});

}  // namespace tp::kiosk
