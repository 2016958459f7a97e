#include "touchpoint/ui/keyboard.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "touchpoint/ui/utf8.hpp"
#include "touchpoint/ui/widgets.hpp"

namespace tp::ui {
namespace {

std::string utf8_of(char32_t ch) {
    std::string s;
    append_utf8(s, ch);
    return s;
}

std::string key_id(const KeyDef& key) {
    switch (key.role) {
        case KeyRole::Char: return "kbd.key." + utf8_of(key.ch);
        case KeyRole::Shift: return "kbd.shift";
        case KeyRole::Backspace: return "kbd.backspace";
        case KeyRole::Space: return "kbd.space";
        case KeyRole::Enter: return "kbd.enter";
        case KeyRole::ToLetters: return "kbd.page.letters";
        case KeyRole::ToSymbols: return "kbd.page.symbols";
        case KeyRole::ToAccents: return "kbd.page.accents";
    }
    return "kbd.unknown";
}

std::string key_label(const UiContext& ctx, const KeyDef& key, bool upper, ShiftState shift) {
    switch (key.role) {
        case KeyRole::Char: return utf8_of(upper ? to_upper(key.ch) : key.ch);
        case KeyRole::Shift: return shift == ShiftState::Locked ? "\u21EA" : "\u21E7";  // ⇪ ⇧
        case KeyRole::Backspace: return "\u232B";                                      // ⌫
        case KeyRole::Space: return ctx.tr("keyboard.space");
        case KeyRole::Enter: return ctx.tr("keyboard.done");
        case KeyRole::ToLetters: return "ABC";
        case KeyRole::ToSymbols: return "?123";
        case KeyRole::ToAccents: return upper ? "ÀÉ" : "àé";
    }
    return "";
}

float row_units(const KeyRow& row) {
    float units = 0;
    for (const KeyDef& k : row) units += k.units;
    return units;
}

}  // namespace

namespace {
// The keyboard never takes more than this share of the window's height.
constexpr float kHeightShare = 0.45f;

int letter_rows(const UiContext& ctx, std::string_view layout_language) {
    const auto& layout = ctx.strings().keyboard(layout_language.empty() ? ctx.strings().language() : layout_language);
    return static_cast<int>(keyboard_rows(layout, KeyboardPage::Letters).size());
}
}  // namespace

float OnScreenKeyboard::key_height(const UiContext& ctx, std::string_view layout_language) {
    const float natural = std::max(kMinTouchTarget, std::round(56.0f * ctx.theme().text_scale));
    return fitted_key_height(ctx, natural, letter_rows(ctx, layout_language), ctx.theme().spacing() * 0.5f,
                             kHeightShare);
}

float OnScreenKeyboard::height(const UiContext& ctx, std::string_view layout_language) {
    const float rows = static_cast<float>(letter_rows(ctx, layout_language));
    return rows * key_height(ctx, layout_language) + (rows - 1) * ctx.theme().spacing() * 0.5f;
}

void OnScreenKeyboard::reset() {
    page_ = KeyboardPage::Letters;
    shift_ = ShiftState::Off;
}

KeyboardResult OnScreenKeyboard::draw(UiContext& ctx, std::string& text, const KeyboardOptions& options) {
    const std::string_view lang = options.layout.empty() ? std::string_view(ctx.strings().language()) : options.layout;
    const KeyboardLayout& layout = ctx.strings().keyboard(lang);
    const Theme& theme = ctx.theme();
    const float gap = theme.spacing() * 0.5f;
    const float total_units = keyboard_width_units(layout);
    const float avail = ImGui::GetContentRegionAvail().x;
    // Key unit: fill the width, but keep keys from growing absurdly wide on large screens.
    const float key_h = key_height(ctx, lang);
    const float unit = std::min((avail - gap * (total_units - 1)) / total_units, key_h * 1.8f);
    const bool upper = shift_ != ShiftState::Off && page_ != KeyboardPage::Symbols;
    const auto at_limit = [&] {
        return options.max_codepoints != 0 && codepoint_count(text) >= options.max_codepoints;
    };

    KeyboardResult result = KeyboardResult::None;
    const float left = ImGui::GetCursorPosX();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    for (const KeyRow& row : keyboard_rows(layout, page_)) {
        // A key of u units spans u unit widths plus the u - 1 gaps it replaces.
        const float row_w = row_units(row) * unit + gap * (row_units(row) - 1);
        const float full_w = total_units * unit + gap * (total_units - 1);
        ImGui::SetCursorPosX(left + std::max(0.0f, (full_w - row_w) * 0.5f));
        bool first = true;
        for (const KeyDef& key : row) {
            if (!first) ImGui::SameLine();
            first = false;
            const bool is_char = key.role == KeyRole::Char;
            ButtonOptions bo;
            bo.tone = is_char || key.role == KeyRole::Space ? Tone::Key : Tone::KeySpecial;
            if (key.role == KeyRole::Enter) bo.tone = Tone::Primary;
            bo.width = key.units * unit + gap * (key.units - 1.0f);
            bo.height = key_h;
            bo.kind = WidgetKind::Key;
            bo.font = ctx.fonts().bold;
            bo.selected = key.role == KeyRole::Shift && shift_ != ShiftState::Off;
            bo.enabled = !(is_char || key.role == KeyRole::Space) || !at_limit();
            const std::string label = key_label(ctx, key, upper, shift_);
            if (!button(ctx, key_id(key), label, bo)) continue;

            switch (key.role) {
                case KeyRole::Char:
                case KeyRole::Space:
                case KeyRole::Backspace:
                    if (apply_key(key, upper, text)) result = KeyboardResult::Edited;
                    if (key.role == KeyRole::Char && shift_ == ShiftState::Once) shift_ = ShiftState::Off;
                    break;
                case KeyRole::Shift:
                    shift_ = shift_ == ShiftState::Off    ? ShiftState::Once
                             : shift_ == ShiftState::Once ? ShiftState::Locked
                                                          : ShiftState::Off;
                    break;
                case KeyRole::Enter: result = KeyboardResult::Done; break;
                case KeyRole::ToLetters: page_ = KeyboardPage::Letters; break;
                case KeyRole::ToSymbols: page_ = KeyboardPage::Symbols; break;
                case KeyRole::ToAccents: page_ = KeyboardPage::Accents; break;
            }
        }
    }
    ImGui::PopStyleVar();

    if (options.physical_keys && result != KeyboardResult::Done) {
        ImGuiIO& io = ImGui::GetIO();
        for (ImWchar ch : io.InputQueueCharacters) {
            if (ch < 0x20 || at_limit()) continue;
            append_utf8(text, static_cast<char32_t>(ch));
            result = KeyboardResult::Edited;
        }
        io.InputQueueCharacters.resize(0);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)) && !text.empty()) {
            pop_codepoint(text);
            result = KeyboardResult::Edited;
        }
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) result = KeyboardResult::Done;
    }
    return result;
}

}  // namespace tp::ui
