#pragma once
// The `touchpoint` executable's entry: command-line verbs (enroll, sync, status, queue) run
// headless; otherwise the kiosk runs in a window, or renders one screen to a PNG.

namespace tp::kiosk {

int kiosk_main(int argc, char** argv);

}  // namespace tp::kiosk
