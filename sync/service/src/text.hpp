#pragma once
// Small text helpers of the service: search keys, plain-language phrases, base64.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "touchpoint/domain.hpp"

namespace tp::service {

// Lowercase, with the accents of Latin letters removed ("José Ñúñez" -> "jose nunez", "ß" ->
// "ss", "ø" -> "o"). Other characters pass through unchanged. Used for accent-insensitive search.
std::string fold_for_search(std::string_view text);

// Only the decimal digits of `text` ("+34 600-12" -> "3460012").
std::string digits_only(std::string_view text);

// "on the web", "in the app", "by phone with the call center", "at a store kiosk", ...
std::string channel_phrase(Channel channel);

// "14:02 UTC" when `at` is on the same UTC day as `now`, else "2024-06-11 14:02 UTC".
std::string describe_time(Millis at, Millis now);

// `text` when it has at most `max_bytes` bytes; else its longest prefix of at most `max_bytes`
// bytes that ends at a character boundary, followed by "…". Precondition: `text` is well-formed
// UTF-8 (then so is the excerpt).
std::string excerpt(std::string_view text, std::size_t max_bytes);

// `text` with every control character (below U+0020, and DEL) replaced by '?', so that a value
// from a client cannot break or forge a log line.
std::string printable(std::string_view text);

// `at` as "2024-06-11 12:00:00 UTC".
std::string utc_text(Millis at);

// Milliseconds at 00:00 UTC of the day containing `at`.
Millis start_of_utc_day(Millis at);

// Decodes standard base64 (padding optional, no whitespace). Empty optional when malformed.
std::optional<std::string> base64_decode(std::string_view text);

// True for a string of 64 lowercase or uppercase hex digits.
bool is_sha256_hex(std::string_view text);

}  // namespace tp::service
