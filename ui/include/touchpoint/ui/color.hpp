#pragma once
// sRGB colours and the WCAG 2.x contrast arithmetic the theme is checked against. No ImGui here,
// so the contrast rules can be tested on their own.

#include <cstdint>

namespace tp::ui {

struct Color {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;

    // From 0xRRGGBB, opaque.
    static constexpr Color hex(std::uint32_t rgb) {
        return Color{static_cast<std::uint8_t>((rgb >> 16) & 0xFF),
                     static_cast<std::uint8_t>((rgb >> 8) & 0xFF),
                     static_cast<std::uint8_t>(rgb & 0xFF), 255};
    }
    friend constexpr bool operator==(const Color&, const Color&) = default;
};

// WCAG 2.x relative luminance of an opaque sRGB colour, in [0, 1]. Alpha is ignored.
double relative_luminance(Color c);

// WCAG 2.x contrast ratio (L1 + 0.05) / (L2 + 0.05), in [1, 21], independent of argument order.
double contrast_ratio(Color a, Color b);

// WCAG AA minimum for normal-size text.
inline constexpr double kMinTextContrast = 4.5;
// What outlines, scroll cues and other non-text parts of a control need against what is behind
// them (WCAG 2.x, 1.4.11).
inline constexpr double kMinComponentContrast = 3.0;

}  // namespace tp::ui
