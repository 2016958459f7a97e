#include "touchpoint/utf8.hpp"

#include <unicode/utf8.h>

#include <cstdint>

namespace tp {

bool is_valid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int32_t>(text.size());
    if (text.size() > static_cast<std::size_t>(INT32_MAX)) return false;
    std::int32_t i = 0;
    while (i < length) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) return false;
    }
    return true;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t n = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    auto end = static_cast<std::int32_t>(max_bytes);
    // Back up to the start of the code point that straddles `max_bytes`, if any.
    U8_SET_CP_START(s, 0, end);
    return text.substr(0, static_cast<std::size_t>(end));
}

bool json_text_is_valid(const nlohmann::json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::string:
            return is_valid_utf8(value.get_ref<const std::string&>());
        case nlohmann::json::value_t::array:
            for (const auto& item : value)
                if (!json_text_is_valid(item)) return false;
            return true;
        case nlohmann::json::value_t::object:
            for (const auto& [key, item] : value.items())
                if (!is_valid_utf8(key) || !json_text_is_valid(item)) return false;
            return true;
        default:
            return true;
    }
}

}  // namespace tp
