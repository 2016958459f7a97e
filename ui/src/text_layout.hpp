#pragma once
// Internal: wrapped, centred text drawing for the widgets.

#include <imgui.h>

#include <string_view>
#include <vector>

namespace tp::ui::detail {

// Lines of `text` wrapped to `wrap_width` pixels with `font` at `size`.
std::vector<std::string_view> wrap_lines(ImFont* font, float size, std::string_view text, float wrap_width);

// Draws `text` wrapped to the rectangle's width, each line centred horizontally and the block
// centred vertically; clipped to the rectangle.
void draw_centered(ImDrawList* dl, ImFont* font, float size, ImVec2 min, ImVec2 max, ImU32 color,
                   std::string_view text);

// Height of `text` wrapped to `wrap_width`.
float wrapped_height(ImFont* font, float size, std::string_view text, float wrap_width);

}  // namespace tp::ui::detail
