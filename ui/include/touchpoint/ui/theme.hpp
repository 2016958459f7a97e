#pragma once
// The kiosk's two themes (standard and high contrast) and the text scale. A theme is plain data;
// `apply_theme` copies it into ImGui's style. Widgets draw text only with the colour pairs that
// `text_pairs` lists, which is what the WCAG contrast test checks (>= 4.5:1 for every pair).

#include <string_view>
#include <vector>

#include "touchpoint/ui/color.hpp"

struct ImGuiStyle;

namespace tp::ui {

enum class ThemeKind { Standard, HighContrast };

struct Palette {
    Color background;       // screen background
    Color surface;          // cards and panels
    Color text;             // body text, on background and surface
    Color text_muted;       // secondary text, on background and surface
    Color primary, on_primary;            // main call to action
    Color secondary, on_secondary;        // other buttons, list rows
    Color danger, on_danger;              // destructive or "cancel order" actions
    Color offline, on_offline;            // the offline banner
    Color success, on_success;            // "Confirmed" chips
    Color pending, on_pending;            // "waiting to sync" chips
    Color refused, on_refused;            // "Refused" chips and needs-attention rows
    Color key, on_key;                    // on-screen keyboard character keys
    Color key_special, on_key_special;    // shift, backspace, page switches, enter
    Color disabled, on_disabled;          // disabled controls (still readable: >= 4.5:1)
    Color border;                         // outlines of controls and cards (no text)
    Color focus;                          // pressed / focused outline (no text)
};

// One foreground/background pair that text is drawn with.
struct TextPair {
    std::string_view name;
    Color foreground;
    Color background;
};

// Metrics in pixels at text scale 1. Interactive widgets are never shorter than kMinTouchTarget.
inline constexpr float kMinTouchTarget = 48.0f;

struct Theme {
    ThemeKind kind = ThemeKind::Standard;
    Palette palette;
    float text_scale = 1.0f;  // 1.0 normal; the kiosk offers 1.25 and 1.5

    // Height of buttons, keys, list rows and fields: at least kMinTouchTarget at every scale.
    float touch_height() const;
    float spacing() const;    // gap between controls
    float padding() const;    // inner padding of buttons and cards
    float rounding() const;
    float border_width() const;
};

// Requires text_scale in [0.75, 2.0]; values outside are clamped.
Theme make_theme(ThemeKind kind, float text_scale = 1.0f);

// Every text/background pair the widgets of this module draw with.
std::vector<TextPair> text_pairs(const Palette& palette);

// Copies the palette and metrics into ImGui's style (ImGui's own widgets then match the theme).
void apply_theme(const Theme& theme, ImGuiStyle& style);

const char* to_string(ThemeKind kind);

}  // namespace tp::ui
