#pragma once
// UTF-8 helpers for text the on-screen keyboard edits. Input is assumed to be valid UTF-8 (the
// keyboard only ever appends whole code points); invalid bytes decode as U+FFFD, one per byte.

#include <string>
#include <string_view>
#include <vector>

namespace tp::ui {

// The code points of `text`, in order.
std::vector<char32_t> decode_utf8(std::string_view text);

// Appends the UTF-8 encoding of `cp` (which must be a Unicode scalar value) to `out`.
void append_utf8(std::string& out, char32_t cp);

// Removes the last whole code point of `text`; does nothing when `text` is empty.
void pop_codepoint(std::string& text);

// Number of code points in `text`.
std::size_t codepoint_count(std::string_view text);

}  // namespace tp::ui
