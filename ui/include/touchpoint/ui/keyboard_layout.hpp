#pragma once
// The on-screen keyboard's layouts as plain data (no ImGui). Each language's letter rows come from
// assets/strings/languages.json (English QWERTY, Spanish QWERTY with ñ, French AZERTY with
// é è à ç ù on their own row, German QWERTZ with ü ö ä ß). Every layout also has a symbols page
// (digits, @, €, punctuation) and an accents page holding the accented letters of the kiosk's
// languages, so any customer's name can be typed on any kiosk language.

#include <string>
#include <string_view>
#include <vector>

namespace tp::ui {

enum class KeyRole { Char, Shift, Backspace, Space, Enter, ToLetters, ToSymbols, ToAccents };
enum class KeyboardPage { Letters, Symbols, Accents };

struct KeyDef {
    KeyRole role = KeyRole::Char;
    char32_t ch = 0;      // lower-case character for KeyRole::Char
    float units = 1.0f;   // width in key units
};

using KeyRow = std::vector<KeyDef>;

struct KeyboardLayout {
    std::string language;  // "en", "es", "fr", "de"
    std::string name;      // "QWERTY", "QWERTZ", "AZERTY"
    std::vector<KeyRow> letters;
};

// A layout from its letter rows (UTF-8, lower case, one string per row, top first). The last row
// gets shift on its left and backspace on its right.
KeyboardLayout make_keyboard_layout(std::string language, std::string name, const std::vector<std::string>& rows);

// English QWERTY, for tables that carry no layout (StringTable::from_values).
const KeyboardLayout& fallback_keyboard_layout();

// The rows of one page of a layout, including the bottom row (page switches, space, ".", "@",
// done). The symbols page has no shift key.
std::vector<KeyRow> keyboard_rows(const KeyboardLayout& layout, KeyboardPage page);

// Width in units of the widest row over all pages of the layout (the keyboard sizes its keys
// from it so key size does not change between pages).
float keyboard_width_units(const KeyboardLayout& layout);

// Upper case of the letters the layouts carry (ASCII, Latin-1, Latin Extended-A); anything
// else, including ß, is returned unchanged.
char32_t to_upper(char32_t ch);

// What typing `key` does to `text` (UTF-8): Char appends the character (upper case when
// `upper`), Space appends " ", Backspace removes the last code point. Other roles leave `text`
// unchanged. Returns true when `text` changed.
bool apply_key(const KeyDef& key, bool upper, std::string& text);

}  // namespace tp::ui
