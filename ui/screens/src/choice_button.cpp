#include "choice_button.hpp"

namespace tp::ui {

bool choice_button(UiContext& ui, std::string_view id, std::string_view label, const std::string& value,
                   std::string& chosen, ButtonOptions options) {
    options.selected = chosen == value;
    options.tone = options.selected ? Tone::Primary : Tone::Secondary;
    if (!button(ui, id, label, options)) return false;
    chosen = value;
    return true;
}

}  // namespace tp::ui
