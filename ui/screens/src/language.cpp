// The customer picks the language of their session; each choice is written in its own language.
// Coming from the attract screen's start, a choice goes on to identify; from any other screen
// (its language button, the home's) it comes back to where they were.
#include <imgui.h>

#include "screen_kit.hpp"

namespace tp::ui {

void draw_language(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "language");
    draw_screen_top(env);
    begin_body(env, "languages", button_row_height(ui, {ui.tr("common.back")}) + ui.theme().spacing());
    screen_title(env, ui.tr("language.title"));
    ImGui::Dummy(ImVec2(0, ui.theme().spacing()));
    ButtonOptions big;
    big.width = std::min(ImGui::GetContentRegionAvail().x, 520.0f * ui.theme().text_scale);
    big.height = ui.theme().touch_height() * 1.3f;
    big.font = ui.fonts().heading;
    for (const LanguageSpec& spec : ui.strings().languages()) {
        const std::string_view lang = spec.code;
        big.selected = env.snap.language == lang;
        const std::string id = "language." + std::string(lang);
        if (button(ui, id, ui.strings().tr_in(lang, "language.name"), big)) {
            env.core.choose_language(std::string(lang));
            const bool from_start = env.nav.back_stack.empty() || env.nav.back_stack.back().first == ScreenId::Attract;
            if (from_start) env.nav.go(ScreenId::Identify);
            else env.nav.back();
        }
    }
    end_body();
    back_button(env);
    end_screen();
}

}  // namespace tp::ui
