#pragma once
// The length limits of what clients send, in bytes of UTF-8 (docs/sync-protocol.md §6,
// "Limits"). A text over its limit is refused `invalid`, never cut: the service only shortens
// texts it composes itself, and then always at a character boundary (tp::utf8_prefix).

#include <cstddef>

namespace tp::service::limits {

// command_id, case_id, customer_id, action, actor.id, new_case_id, a payload's case_id, a
// part's sku, a staff id.
constexpr std::size_t kId = 64;
// Notes, complaint texts, return reasons, in-tray answers, feedback comments, visit notes.
constexpr std::size_t kText = 2000;
// Callback topics, accessibility needs, photo file names, part names, terminal names.
constexpr std::size_t kShortText = 200;
constexpr std::size_t kAddress = 500;
constexpr std::size_t kItemId = 128;  // in-tray items and checklist items
constexpr std::size_t kKeyword = 32;  // kinds, preferred_channel
constexpr std::size_t kLanguage = 8;
constexpr std::size_t kSha256Hex = 64;
constexpr std::size_t kEnrollCode = 128;
constexpr std::size_t kPin = 32;

// How much of a complaint's text its case title shows.
constexpr std::size_t kTitleExcerpt = 60;

}  // namespace tp::service::limits
