#include "request_head.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tp::service {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool is_request_id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

}  // namespace

bool is_request_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), is_request_id_char);
}

HeadCheck check_head(std::string_view bytes, const HeadLimits& limits) {
    using Verdict = HeadCheck::Verdict;
    HeadCheck out;
    const std::size_t end = bytes.find("\r\n\r\n");
    // Complete lines only: up to the head's last CRLF, or up to the last CRLF received so far.
    std::string_view head = end == std::string_view::npos ? bytes : bytes.substr(0, end + 2);
    const std::size_t head_bytes = end == std::string_view::npos ? bytes.size() : end + 4;

    bool malformed = false;
    bool body_too_large = false;
    std::size_t lines = 0;
    bool first = true;
    std::size_t line_start = 0;
    // Every complete line is read (the peek is bounded), so the request id is found wherever
    // it stands, and then the worst problem decides.
    for (std::size_t pos = head.find("\r\n"); pos != std::string_view::npos;
         line_start = pos + 2, pos = head.find("\r\n", line_start)) {
        std::string_view line = head.substr(line_start, pos - line_start);
        if (first) {
            malformed = line.find(" HTTP/1.") == std::string_view::npos;
            first = false;
            continue;
        }
        ++lines;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view name = line.substr(0, colon);
        std::string_view value = trim(line.substr(colon + 1));
        if (iequals(name, "X-Request-Id") && is_request_id(value)) out.request_id = value;
        if (iequals(name, "Transfer-Encoding")) out.body_framed = true;
        if (iequals(name, "Content-Length")) {
            std::uint64_t length = 0;
            auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
            if (ec == std::errc::result_out_of_range || (ec == std::errc() && length > limits.max_body_bytes))
                body_too_large = true;
            else if (ec != std::errc() || ptr != value.data() + value.size())
                malformed = true;
            out.body_framed = true;
        }
    }
    // 16 bytes and no space yet: not a request line.
    if (first && bytes.size() >= 16 && bytes.substr(0, 16).find(' ') == std::string_view::npos)
        malformed = true;
    if (malformed)
        out.verdict = Verdict::Malformed;
    else if (lines > limits.max_headers || head_bytes > limits.max_head_bytes)
        out.verdict = Verdict::HeadersTooLarge;
    else if (body_too_large)
        out.verdict = Verdict::BodyTooLarge;
    else
        out.verdict = end == std::string_view::npos ? Verdict::Incomplete : Verdict::Ready;
    out.head_bytes = head_bytes;
    return out;
}

}  // namespace tp::service
