// The first screen a walk-up customer sees: what the kiosk does, one big "start", the way in for
// staff, and the look (high contrast, text size) anyone can change before starting.
#include <imgui.h>

#include "screen_kit.hpp"

namespace tp::ui {

void draw_attract(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "attract");
    draw_screen_top(env);
    const float spacing = ui.theme().spacing();
    // Staff enter at the bottom, out of the customer's way; what is above scrolls when it is taller.
    begin_body(env, "attract", ui.theme().touch_height() + spacing);
    screen_title(env, ui.tr("attract.title"));
    body_text(ui, ui.tr("attract.subtitle"));
    ImGui::Dummy(ImVec2(0, spacing * 2));

    ButtonOptions start;
    start.tone = Tone::Primary;
    start.width = std::min(ImGui::GetContentRegionAvail().x, 560.0f * ui.theme().text_scale);
    start.height = ui.theme().touch_height() * 1.6f;
    start.font = ui.fonts().heading;
    if (button(ui, "attract.start", ui.tr("attract.start"), start)) {
        env.state.notice.clear();
        env.nav.go(ScreenId::Language);
    }
    ImGui::Dummy(ImVec2(0, spacing * 2));

    heading_text(ui, ui.tr("prefs.accessibility"));
    toggle(ui, "attract.contrast", ui.tr("a11y.high_contrast"), env.state.high_contrast);
    muted_text(ui, ui.tr("a11y.text_size"));
    struct Size {
        const char* id;
        const char* label;
        float scale;
    };
    for (const Size& s : {Size{"attract.text.1", "a11y.text_normal", 1.0f},
                          Size{"attract.text.1.25", "a11y.text_large", 1.25f},
                          Size{"attract.text.1.5", "a11y.text_larger", 1.5f}}) {
        ButtonOptions o;
        o.selected = env.state.text_scale == s.scale;
        if (button(ui, s.id, ui.tr(s.label), o)) env.state.text_scale = s.scale;
        ImGui::SameLine();
    }
    ImGui::NewLine();
    end_body();
    if (button(ui, "attract.staff", ui.tr("attract.staff"))) env.nav.go(ScreenId::StaffSignIn);
    end_screen();
}

}  // namespace tp::ui
