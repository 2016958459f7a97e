#pragma once
// The kiosk's languages as data: assets/strings/languages.json lists, in the order the language
// screen shows them, each language's code (its string table is <code>.json), its ICU locale (how
// dates, times and numbers are written) and its keyboard's letter rows:
//   {"languages": [{"code": "en", "locale": "en-GB", "keyboard": "QWERTY",
//                   "letters": ["qwertyuiop", "asdfghjkl", "zxcvbnm'-"]}, ...]}
// A language's own name is its table's "language.name".

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/error.hpp"
#include "touchpoint/ui/keyboard_layout.hpp"

namespace tp::ui {

struct LanguageSpec {
    std::string code;    // "de"
    std::string locale;  // ICU locale, BCP 47: "de-DE"
    KeyboardLayout keyboard;
};

// Fails (NotFound, InvalidInput) when the file is missing or malformed, a code repeats, or a
// language lacks a code, a locale or letter rows.
Result<std::vector<LanguageSpec>> load_languages(const std::filesystem::path& file);

}  // namespace tp::ui
