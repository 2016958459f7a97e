#include "search_query.hpp"

#include <vector>

namespace tp {
namespace {

constexpr std::size_t kMaxWords = 8;
constexpr std::size_t kMaxWordBytes = 64;

bool is_word_codepoint(char32_t cp) {
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp == 0xD7 || cp == 0xF7) return false;
    return (cp >= 0xC0 && cp <= 0x24F) ||
           (cp >= 0x370 && cp <= 0x3FF && cp != 0x37E && cp != 0x387) ||
           (cp >= 0x400 && cp <= 0x4FF) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

// Decodes one UTF-8 sequence at `i`; invalid bytes decode as U+FFFD (a separator).
char32_t decode(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    int len = b0 < 0x80           ? 1
              : (b0 >> 5) == 0x6  ? 2
              : (b0 >> 4) == 0xE  ? 3
              : (b0 >> 3) == 0x1E ? 4
                                  : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = len == 1 ? b0 : b0 & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    i += static_cast<std::size_t>(len);
    return cp;
}

}  // namespace

std::string search_words(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
        if (i > 0 && is_digit(text[i]) != is_digit(text[i - 1])) out.push_back(' ');
        out.push_back(text[i]);
    }
    return out;
}

std::string fts_prefix_query(std::string_view input) {
    std::vector<std::string> words;
    std::string current;
    auto flush = [&] {
        if (!current.empty() && words.size() < kMaxWords) words.push_back(current);
        current.clear();
    };
    bool in_digits = false;
    for (std::size_t i = 0; i < input.size() && words.size() < kMaxWords;) {
        const std::size_t start = i;
        const char32_t cp = decode(input, i);
        if (is_word_codepoint(cp)) {
            const bool digit = cp >= '0' && cp <= '9';
            if (digit != in_digits) flush();
            in_digits = digit;
            if (current.size() + (i - start) <= kMaxWordBytes)
                current.append(input.substr(start, i - start));
        } else {
            flush();
        }
    }
    flush();
    std::string query;
    for (const auto& w : words) {
        if (!query.empty()) query += ' ';
        query += '"' + w + "\"*";
    }
    return query;
}

}  // namespace tp
