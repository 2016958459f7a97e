#include "touchpoint/ui/theme.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "touchpoint/ui/imgui_color.hpp"

namespace tp::ui {
namespace {

// Light theme: dark ink on near-white, navy primary.
Palette standard_palette() {
    Palette p;
    p.background = Color::hex(0xF4F5F7);
    p.surface = Color::hex(0xFFFFFF);
    p.text = Color::hex(0x1A1D21);
    p.text_muted = Color::hex(0x4B5563);
    p.primary = Color::hex(0x0B57A4);
    p.on_primary = Color::hex(0xFFFFFF);
    p.secondary = Color::hex(0xE2E7EE);
    p.on_secondary = Color::hex(0x1A1D21);
    p.danger = Color::hex(0xAF1F1F);
    p.on_danger = Color::hex(0xFFFFFF);
    p.offline = Color::hex(0xFFD54F);
    p.on_offline = Color::hex(0x1A1D21);
    p.success = Color::hex(0x1B6B35);
    p.on_success = Color::hex(0xFFFFFF);
    p.pending = Color::hex(0xDCE7F7);
    p.on_pending = Color::hex(0x0A3F7A);
    p.refused = Color::hex(0xFBE1E1);
    p.on_refused = Color::hex(0x8A1414);
    p.key = Color::hex(0xFFFFFF);
    p.on_key = Color::hex(0x1A1D21);
    p.key_special = Color::hex(0xC9D1DC);
    p.on_key_special = Color::hex(0x1A1D21);
    p.disabled = Color::hex(0xE5E7EB);
    p.on_disabled = Color::hex(0x545B66);
    p.border = Color::hex(0x737D8C);  // >= 3:1 against the page and cards (WCAG 1.4.11)
    p.focus = Color::hex(0x0B57A4);
    return p;
}

// High contrast: white and yellow on black, no mid-tones carrying text.
Palette high_contrast_palette() {
    Palette p;
    p.background = Color::hex(0x000000);
    p.surface = Color::hex(0x0D0D0D);
    p.text = Color::hex(0xFFFFFF);
    p.text_muted = Color::hex(0xE6E6E6);
    p.primary = Color::hex(0xFFE000);
    p.on_primary = Color::hex(0x000000);
    p.secondary = Color::hex(0x000000);
    p.on_secondary = Color::hex(0xFFFFFF);
    p.danger = Color::hex(0xFF8A80);
    p.on_danger = Color::hex(0x000000);
    p.offline = Color::hex(0xFFE000);
    p.on_offline = Color::hex(0x000000);
    p.success = Color::hex(0x7CFC9A);
    p.on_success = Color::hex(0x000000);
    p.pending = Color::hex(0x9CD3FF);
    p.on_pending = Color::hex(0x000000);
    p.refused = Color::hex(0xFF8A80);
    p.on_refused = Color::hex(0x000000);
    p.key = Color::hex(0x000000);
    p.on_key = Color::hex(0xFFFFFF);
    p.key_special = Color::hex(0x262626);
    p.on_key_special = Color::hex(0xFFE000);
    p.disabled = Color::hex(0x000000);
    p.on_disabled = Color::hex(0xB3B3B3);
    p.border = Color::hex(0xFFFFFF);
    p.focus = Color::hex(0x00E5FF);
    return p;
}

}  // namespace

float Theme::touch_height() const { return std::max(kMinTouchTarget, std::round(64.0f * text_scale)); }
float Theme::spacing() const { return std::round(12.0f * text_scale); }
float Theme::padding() const { return std::round(16.0f * text_scale); }
float Theme::rounding() const { return kind == ThemeKind::HighContrast ? 4.0f : 10.0f; }
float Theme::border_width() const { return kind == ThemeKind::HighContrast ? 3.0f : 1.5f; }

Theme make_theme(ThemeKind kind, float text_scale) {
    Theme t;
    t.kind = kind;
    t.palette = kind == ThemeKind::HighContrast ? high_contrast_palette() : standard_palette();
    t.text_scale = std::clamp(text_scale, 0.75f, 2.0f);
    return t;
}

std::vector<TextPair> text_pairs(const Palette& p) {
    return {
        {"text/background", p.text, p.background},
        {"text/surface", p.text, p.surface},
        {"text_muted/background", p.text_muted, p.background},
        {"text_muted/surface", p.text_muted, p.surface},
        {"on_primary/primary", p.on_primary, p.primary},
        {"on_secondary/secondary", p.on_secondary, p.secondary},
        {"on_danger/danger", p.on_danger, p.danger},
        {"on_offline/offline", p.on_offline, p.offline},
        {"on_success/success", p.on_success, p.success},
        {"on_pending/pending", p.on_pending, p.pending},
        {"on_refused/refused", p.on_refused, p.refused},
        {"on_key/key", p.on_key, p.key},
        {"on_key_special/key_special", p.on_key_special, p.key_special},
        {"on_disabled/disabled", p.on_disabled, p.disabled},
        {"on_disabled/background", p.on_disabled, p.background},
    };
}

void apply_theme(const Theme& theme, ImGuiStyle& style) {
    const Palette& p = theme.palette;
    style = ImGuiStyle();
    style.WindowPadding = ImVec2(theme.padding() * 1.5f, theme.padding() * 1.5f);
    style.FramePadding = ImVec2(theme.padding(), theme.padding() * 0.75f);
    style.ItemSpacing = ImVec2(theme.spacing(), theme.spacing());
    style.ItemInnerSpacing = ImVec2(theme.spacing() * 0.5f, theme.spacing() * 0.5f);
    style.ScrollbarSize = std::max(24.0f, 24.0f * theme.text_scale);
    style.GrabMinSize = 40.0f;
    style.WindowRounding = 0.0f;
    style.FrameRounding = theme.rounding();
    style.ChildRounding = theme.rounding();
    style.PopupRounding = theme.rounding();
    style.GrabRounding = theme.rounding();
    style.ScrollbarRounding = theme.rounding();
    style.WindowBorderSize = 0.0f;
    style.FrameBorderSize = theme.kind == ThemeKind::HighContrast ? 2.0f : 1.0f;
    style.TouchExtraPadding = ImVec2(4.0f, 4.0f);
    style.AntiAliasedLines = true;
    style.AntiAliasedFill = true;

    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = to_vec4(p.text);
    c[ImGuiCol_TextDisabled] = to_vec4(p.text_muted);
    c[ImGuiCol_WindowBg] = to_vec4(p.background);
    c[ImGuiCol_ChildBg] = to_vec4(p.background);
    c[ImGuiCol_PopupBg] = to_vec4(p.surface);
    c[ImGuiCol_Border] = to_vec4(p.border);
    c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_FrameBg] = to_vec4(p.surface);
    c[ImGuiCol_FrameBgHovered] = to_vec4(p.surface);
    c[ImGuiCol_FrameBgActive] = to_vec4(p.surface);
    c[ImGuiCol_TitleBg] = to_vec4(p.surface);
    c[ImGuiCol_TitleBgActive] = to_vec4(p.surface);
    c[ImGuiCol_TitleBgCollapsed] = to_vec4(p.surface);
    c[ImGuiCol_ScrollbarBg] = to_vec4(p.background);
    c[ImGuiCol_ScrollbarGrab] = to_vec4(p.border);
    c[ImGuiCol_ScrollbarGrabHovered] = to_vec4(p.border);
    c[ImGuiCol_ScrollbarGrabActive] = to_vec4(p.focus);
    c[ImGuiCol_CheckMark] = to_vec4(p.primary);
    c[ImGuiCol_Button] = to_vec4(p.secondary);
    c[ImGuiCol_ButtonHovered] = to_vec4(p.secondary);
    c[ImGuiCol_ButtonActive] = to_vec4(p.secondary);
    c[ImGuiCol_Header] = to_vec4(p.secondary);
    c[ImGuiCol_HeaderHovered] = to_vec4(p.secondary);
    c[ImGuiCol_HeaderActive] = to_vec4(p.secondary);
    c[ImGuiCol_Separator] = to_vec4(p.border);
    c[ImGuiCol_NavHighlight] = to_vec4(p.focus);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.55f);
}

const char* to_string(ThemeKind kind) {
    switch (kind) {
        case ThemeKind::Standard: return "standard";
        case ThemeKind::HighContrast: return "high_contrast";
    }
    return "standard";
}

}  // namespace tp::ui
