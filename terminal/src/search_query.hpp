#pragma once
// Internal: turns any user text into a safe FTS5 MATCH expression.

#include <string>
#include <string_view>

namespace tp {

// Splits `input` into words (runs of letters, or of digits, of the Latin, Greek and Cyrillic
// scripts; all else separates, and a letter next to a digit starts a new word) and returns
// `"w1"* "w2"* ...` (at most 8 words of at most 64 bytes), or an empty string when the input has
// no word. The result contains no FTS5 operator.
std::string fts_prefix_query(std::string_view input);

// `text` with a space wherever an ASCII digit meets another character: what the word index
// holds for an e-mail address ("ana.nunez42@example.com" -> "ana.nunez 42 @example.com"), so
// its words are split as fts_prefix_query splits what is typed.
std::string search_words(std::string_view text);

}  // namespace tp
