#pragma once
// Customer mode and staff modes, as the kiosk's host needs them. Staff modes: a rep or a
// technician is signed in, or the terminal is not enrolled (only staff can do anything on it).
// Everything else — the attract screen, a customer's own session — is customer mode: a touch
// screen in public. The decisions are made here, headless; platform/ applies them to the window.

#include "touchpoint/app_state.hpp"

namespace tp {

bool in_staff_mode(const AppSnapshot& snap);
// The mouse pointer: shown in staff modes, hidden in customer mode (fingers need none, and a
// pointer left on a touch screen reads as a fault).
bool pointer_shown(const AppSnapshot& snap);
// A request to close the window (the compositor's close, Alt+F4, Ctrl+Q where a desktop maps it)
// is obeyed in a window, and in a staff mode; a full-screen kiosk in customer mode ignores it.
// Staff leave a full-screen kiosk with "Exit kiosk" and their PIN (Terminal::begin_staff_exit).
bool window_close_allowed(const AppSnapshot& snap, bool fullscreen);

}  // namespace tp
