#pragma once
// Internal: turns any user text into a safe FTS5 MATCH expression.

#include <string>
#include <string_view>

namespace tp {

// Splits `input` into words (letters and digits of the Latin, Greek and Cyrillic scripts; all
// else separates) and returns `"w1"* "w2"* ...` (at most 8 words of at most 64 bytes), or an
// empty string when the input has no word. The result contains no FTS5 operator.
std::string fts_prefix_query(std::string_view input);

}  // namespace tp
