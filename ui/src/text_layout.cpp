#include "text_layout.hpp"

#include <cfloat>
#include <cmath>

namespace tp::ui::detail {

std::vector<std::string_view> wrap_lines(ImFont* font, float size, std::string_view text, float wrap_width) {
    std::vector<std::string_view> lines;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    const float scale = size / font->FontSize;
    while (p < end) {
        const char* brk = font->CalcWordWrapPositionA(scale, p, end, wrap_width);
        if (brk == p) ++brk;  // a single glyph wider than the box: take it anyway
        const char* line_end = brk;
        // A hard newline inside the line ends it early.
        for (const char* q = p; q < brk; ++q)
            if (*q == '\n') {
                line_end = q;
                brk = q + 1;
                break;
            }
        const char* trimmed = line_end;
        while (trimmed > p && trimmed[-1] == ' ') --trimmed;
        lines.emplace_back(p, static_cast<std::size_t>(trimmed - p));
        p = brk;
        while (p < end && *p == ' ') ++p;
    }
    if (lines.empty()) lines.emplace_back();
    return lines;
}

void draw_centered(ImDrawList* dl, ImFont* font, float size, ImVec2 min, ImVec2 max, ImU32 color,
                   std::string_view text) {
    const float width = max.x - min.x;
    const auto lines = wrap_lines(font, size, text, width);
    const float line_h = size;
    float y = min.y + ((max.y - min.y) - line_h * static_cast<float>(lines.size())) * 0.5f;
    const ImVec4 clip(min.x, min.y, max.x, max.y);
    for (auto line : lines) {
        const ImVec2 extent =
            font->CalcTextSizeA(size, FLT_MAX, 0.0f, line.data(), line.data() + line.size());
        const float x = min.x + (width - extent.x) * 0.5f;
        dl->AddText(font, size, ImVec2(std::floor(x), std::floor(y)), color, line.data(),
                    line.data() + line.size(), 0.0f, &clip);
        y += line_h;
    }
}

float wrapped_height(ImFont* font, float size, std::string_view text, float wrap_width) {
    return size * static_cast<float>(wrap_lines(font, size, text, wrap_width).size());
}

}  // namespace tp::ui::detail
