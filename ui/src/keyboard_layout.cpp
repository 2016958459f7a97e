#include "touchpoint/ui/keyboard_layout.hpp"

#include <algorithm>
#include <array>

#include "touchpoint/ui/utf8.hpp"

namespace tp::ui {
namespace {

KeyRow chars(std::string_view utf8) {
    KeyRow row;
    for (char32_t ch : decode_utf8(utf8)) row.push_back(KeyDef{KeyRole::Char, ch, 1.0f});
    return row;
}

KeyDef special(KeyRole role, float units) { return KeyDef{role, 0, units}; }

// Third row pattern: shift, the letters, backspace.
KeyRow shifted_row(std::string_view utf8) {
    KeyRow row{special(KeyRole::Shift, 1.5f)};
    for (const KeyDef& k : chars(utf8)) row.push_back(k);
    row.push_back(special(KeyRole::Backspace, 1.5f));
    return row;
}

KeyRow bottom_row(KeyboardPage page) {
    KeyRow row;
    switch (page) {
        case KeyboardPage::Letters:
            row = {special(KeyRole::ToSymbols, 1.5f), special(KeyRole::ToAccents, 1.5f)};
            break;
        case KeyboardPage::Symbols:
            row = {special(KeyRole::ToLetters, 1.5f), special(KeyRole::ToAccents, 1.5f)};
            break;
        case KeyboardPage::Accents:
            row = {special(KeyRole::ToSymbols, 1.5f), special(KeyRole::ToLetters, 1.5f)};
            break;
    }
    row.push_back(special(KeyRole::Space, 5.0f));
    row.push_back(KeyDef{KeyRole::Char, U'.', 1.0f});
    row.push_back(KeyDef{KeyRole::Char, U'@', 1.0f});
    row.push_back(special(KeyRole::Enter, 2.0f));
    return row;
}

float row_units(const KeyRow& row) {
    float units = 0;
    for (const KeyDef& k : row) units += k.units;
    return units;
}

}  // namespace

KeyboardLayout make_keyboard_layout(std::string language, std::string name, const std::vector<std::string>& rows) {
    KeyboardLayout layout{std::move(language), std::move(name), {}};
    for (std::size_t i = 0; i < rows.size(); ++i)
        layout.letters.push_back(i + 1 == rows.size() ? shifted_row(rows[i]) : chars(rows[i]));
    return layout;
}

const KeyboardLayout& fallback_keyboard_layout() {
    static const KeyboardLayout qwerty = make_keyboard_layout("en", "QWERTY", {"qwertyuiop", "asdfghjkl", "zxcvbnm'-"});
    return qwerty;
}

std::vector<KeyRow> keyboard_rows(const KeyboardLayout& layout, KeyboardPage page) {
    std::vector<KeyRow> rows;
    switch (page) {
        case KeyboardPage::Letters:
            rows = layout.letters;
            break;
        case KeyboardPage::Symbols: {
            // "." and "@" live on the bottom row of every page (ids must be unique per page).
            KeyRow third = chars(",'\":;!?*");
            third.push_back(special(KeyRole::Backspace, 1.5f));
            rows = {chars("1234567890"), chars("#€&-_+()/%"), third};
            break;
        }
        case KeyboardPage::Accents:
            rows = {chars("àáâäãåæçèéê"), chars("ëìíîïñòóôöõ"), shifted_row("œøùúûüýÿß")};
            break;
    }
    rows.push_back(bottom_row(page));
    return rows;
}

float keyboard_width_units(const KeyboardLayout& layout) {
    float widest = 0;
    for (KeyboardPage page : {KeyboardPage::Letters, KeyboardPage::Symbols, KeyboardPage::Accents})
        for (const KeyRow& row : keyboard_rows(layout, page)) widest = std::max(widest, row_units(row));
    return widest;
}

char32_t to_upper(char32_t ch) {
    if (ch >= U'a' && ch <= U'z') return ch - 0x20;
    if (ch >= 0xE0 && ch <= 0xFE && ch != 0xF7) return ch - 0x20;  // à..þ except ÷
    if (ch == 0xFF) return 0x178;                                   // ÿ -> Ÿ
    if (ch >= 0x100 && ch <= 0x137 && (ch & 1u)) return ch - 1;     // Ā..ķ pairs
    if (ch >= 0x139 && ch <= 0x148 && !(ch & 1u)) return ch - 1;    // Ĺ..ň pairs
    if (ch >= 0x14A && ch <= 0x177 && (ch & 1u)) return ch - 1;     // Ŋ..ŷ pairs (œ -> Œ)
    if (ch >= 0x179 && ch <= 0x17E && !(ch & 1u)) return ch - 1;    // Ź..ž pairs
    return ch;
}

bool apply_key(const KeyDef& key, bool upper, std::string& text) {
    switch (key.role) {
        case KeyRole::Char:
            append_utf8(text, upper ? to_upper(key.ch) : key.ch);
            return true;
        case KeyRole::Space:
            text.push_back(' ');
            return true;
        case KeyRole::Backspace: {
            const bool had = !text.empty();
            pop_codepoint(text);
            return had;
        }
        default:
            return false;
    }
}

}  // namespace tp::ui
