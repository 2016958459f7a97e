#include "text.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <ctime>

#include "touchpoint/utf8.hpp"

namespace tp::service {
namespace {

// Two-byte UTF-8 sequences of Latin-1 Supplement and Latin Extended-A letters we fold, keyed by
// code point.
std::string_view fold_code_point(unsigned cp) {
    if (cp >= 0xC0 && cp <= 0xC5) return "a";
    if (cp >= 0xE0 && cp <= 0xE5) return "a";
    if (cp == 0xC6 || cp == 0xE6) return "ae";
    if (cp == 0xC7 || cp == 0xE7) return "c";
    if ((cp >= 0xC8 && cp <= 0xCB) || (cp >= 0xE8 && cp <= 0xEB)) return "e";
    if ((cp >= 0xCC && cp <= 0xCF) || (cp >= 0xEC && cp <= 0xEF)) return "i";
    if (cp == 0xD1 || cp == 0xF1) return "n";
    if ((cp >= 0xD2 && cp <= 0xD6) || (cp >= 0xF2 && cp <= 0xF6)) return "o";
    if (cp == 0xD8 || cp == 0xF8) return "o";
    if ((cp >= 0xD9 && cp <= 0xDC) || (cp >= 0xF9 && cp <= 0xFC)) return "u";
    if (cp == 0xDD || cp == 0xFD || cp == 0xFF) return "y";
    if (cp == 0xDF) return "ss";
    if (cp >= 0x100 && cp <= 0x17F) {
        // Latin Extended-A: runs of upper/lower case letters sharing a base letter, by first
        // code point of each run.
        static constexpr std::array<std::pair<unsigned, std::string_view>, 21> kRuns{{
            {0x100, "a"}, {0x106, "c"},  {0x10E, "d"}, {0x112, "e"},  {0x11C, "g"}, {0x124, "h"},
            {0x128, "i"}, {0x132, "ij"}, {0x134, "j"}, {0x136, "k"},  {0x139, "l"}, {0x143, "n"},
            {0x14C, "o"}, {0x152, "oe"}, {0x154, "r"}, {0x15A, "s"},  {0x162, "t"}, {0x168, "u"},
            {0x174, "w"}, {0x176, "y"},  {0x179, "z"},
        }};
        if (cp == 0x17F) return "s";
        std::string_view base;
        for (const auto& [first, letter] : kRuns)
            if (cp >= first) base = letter;
        return base;
    }
    return {};
}

}  // namespace

std::string fold_for_search(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
            continue;
        }
        if ((c & 0xE0) == 0xC0 && i + 1 < text.size()) {
            unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
            std::string_view folded = fold_code_point(cp);
            if (!folded.empty()) {
                out.append(folded);
                ++i;
                continue;
            }
        }
        out.push_back(static_cast<char>(c));
    }
    return out;
}

std::string digits_only(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c >= '0' && c <= '9') out.push_back(c);
    return out;
}

std::string channel_phrase(Channel channel) {
    switch (channel) {
        case Channel::Web:
            return "on the web";
        case Channel::App:
            return "in the app";
        case Channel::CallCenter:
            return "by phone with the call center";
        case Channel::Chat:
            return "in a chat";
        case Channel::Email:
            return "by e-mail";
        case Channel::Kiosk:
            return "at a store kiosk";
        case Channel::Terminal:
            return "with a sales rep in a store";
        case Channel::Technician:
            return "by the technician";
        case Channel::Service:
            return "by the service";
    }
    return "elsewhere";
}

std::string excerpt(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    return std::string(utf8_prefix(text, max_bytes)) + "…";
}

std::string printable(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
    return out;
}

std::string utc_text(Millis at) {
    std::time_t seconds = static_cast<std::time_t>(at / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return text;
}

Millis start_of_utc_day(Millis at) {
    constexpr Millis kDay = 24LL * 3600 * 1000;
    Millis day = at / kDay;
    if (at < 0 && at % kDay != 0) --day;
    return day * kDay;
}

std::string describe_time(Millis at, Millis now) {
    std::time_t seconds = static_cast<std::time_t>(at / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[48];
    if (start_of_utc_day(at) == start_of_utc_day(now))
        std::snprintf(buf, sizeof buf, "%02d:%02d UTC", tm.tm_hour, tm.tm_min);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d UTC", tm.tm_year + 1900,
                      tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
    return buf;
}

std::optional<std::string> base64_decode(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        int v = value(c);
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFFu));
        }
    }
    return out;
}

bool is_sha256_hex(std::string_view text) {
    if (text.size() != 64) return false;
    for (char c : text) {
        bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex) return false;
    }
    return true;
}

}  // namespace tp::service
