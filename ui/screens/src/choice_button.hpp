#pragma once
// A button that picks one value among several (a reason, a score, an offered answer).

#include <string>
#include <string_view>

#include "touchpoint/ui/widgets.hpp"

namespace tp::ui {

// Draws `label`; while `chosen == value` it is drawn as the choice (primary, outlined). Tapping
// sets `chosen` to `value` and returns true. `options` sets the size; tone and selection are its own.
bool choice_button(UiContext& ui, std::string_view id, std::string_view label, const std::string& value,
                   std::string& chosen, ButtonOptions options = {});

}  // namespace tp::ui
