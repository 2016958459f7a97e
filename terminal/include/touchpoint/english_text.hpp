#pragma once
// The English wording of string-table keys for consoles and logs: the `touchpoint` command, the
// service's console and the kiosk's standard error speak English to staff and IT. The table is
// assets/strings/en.json, built into the core, so no asset folder is needed to print an error.
// Screens never use it: they word keys in their own language (ui/strings.hpp).

#include <string>
#include <string_view>

#include "touchpoint/error.hpp"

namespace tp {

// Whether en.json has `key`.
bool has_english_text(std::string_view key);
// en.json's text of `key`; the key itself when en.json lacks it (e.g. a held reason recorded as
// prose by an older build).
std::string english_text(std::string_view key);
// The error's key in English with its args put in for plain "{name}" placeholders (ICU forms such
// as plurals are left as written). The detail is not included.
std::string english_text(const Error& error);

}  // namespace tp
