// Screens not written yet draw their name only. Each screen's file removes its line here.
#include "touchpoint/ui/screens/screens.hpp"
#include "touchpoint/ui/widgets.hpp"

namespace tp::ui {
namespace {
void unwritten(ScreenEnv& env, const char* name) {
    begin_screen(env.ui, name);
    draw_screen_top(env);
    title_text(env.ui, name);
    end_screen();
}
}  // namespace

void draw_sync_diagnostics(ScreenEnv& env) { unwritten(env, "sync_diagnostics"); }

}  // namespace tp::ui
