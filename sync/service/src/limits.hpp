#pragma once
// The length limits of what clients send, in bytes of UTF-8 (docs/sync-protocol.md §6, "Texts
// and limits"). The limits of commands are the core's table (touchpoint/command_limits.hpp), the
// one the terminal checks before queueing; the rest are the service's own. A text over its limit
// is refused `invalid`, never cut: the service only shortens texts it composes itself, and then
// always at a character boundary (tp::utf8_prefix).

#include <cstddef>

#include "touchpoint/command_limits.hpp"

namespace tp::service::limits {

using tp::limits::kAddress;
using tp::limits::kId;
using tp::limits::kItemId;
using tp::limits::kKeyword;
using tp::limits::kLanguage;
using tp::limits::kPhotoBase64;
using tp::limits::kPhotoBytes;
using tp::limits::kSha256Hex;
using tp::limits::kShortText;
using tp::limits::kText;

constexpr std::size_t kEnrollCode = 128;
constexpr std::size_t kPin = 32;
// A heartbeat (POST /v1/heartbeat): its whole body, and its version text.
constexpr std::size_t kHeartbeatBody = 4096;
constexpr std::size_t kVersion = 64;

// How much of a complaint's text its case's subject keeps.
constexpr std::size_t kTitleExcerpt = 60;
// An in-tray item a channel posts: at most this many options.
constexpr std::size_t kInTrayOptions = 20;

}  // namespace tp::service::limits
