#pragma once
// UTF-8 checks shared by the terminal and the service (ICU's UTF-8 macros underneath).
// Well-formed means: no stray continuation bytes, no overlong forms, no surrogates, nothing
// above U+10FFFF and no sequence cut short at the end.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tp {

bool is_valid_utf8(std::string_view text);

// Number of code points in well-formed `text`.
std::size_t utf8_length(std::string_view text);

// The longest prefix of `text` that has at most `max_bytes` bytes and does not end inside a
// UTF-8 sequence. Precondition: `text` is well-formed.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// Every string and object key in `value`, at any depth, is well-formed UTF-8.
bool json_text_is_valid(const nlohmann::json& value);

}  // namespace tp
