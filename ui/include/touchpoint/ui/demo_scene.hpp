#pragma once
// A demonstration scene that exercises the foundation: attract text, the status strip, status
// chips, a text field fed by the on-screen keyboard, a QR code and the sync corner. Used by the
// screenshot tool and the UI tests; not a product screen.

#include <string>

#include "touchpoint/ui/context.hpp"
#include "touchpoint/ui/keyboard.hpp"

namespace tp::ui {

struct DemoScene {
    OnScreenKeyboard keyboard;
    std::string text;             // what the keyboard typed
    bool online = false;
    std::string offline_since = "14:02";
    int pending = 3;
    int done_count = 0;           // times the done key was tapped
};

void draw_demo_scene(UiContext& ctx, DemoScene& scene);

}  // namespace tp::ui
