// What a terminal the operator ordered wiped shows instead of every other screen, from the moment
// it stored the order (docs/operations.md): being reset while it sends its queue, then "This
// terminal has been reset" — for customers to use another one, for staff how to bring it back.
#include <imgui.h>

#include "screen_kit.hpp"

namespace tp::ui {

void draw_reset(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "reset");
    const float spacing = ui.theme().spacing();
    begin_body(env, "reset", 0.0f);
    ImGui::Dummy(ImVec2(0, spacing * 2));
    screen_title(env, ui.tr("reset.title"), true);
    body_text(ui, ui.tr(env.snap.sync.wiped ? "reset.detail" : "reset.under_way"));
    ImGui::Dummy(ImVec2(0, spacing));
    muted_text(ui, ui.tr("reset.staff"));
    end_body();
    end_screen();
}

}  // namespace tp::ui
