#pragma once
// What a command may carry (docs/sync-protocol.md §6, "Texts and limits"): every text is
// well-formed UTF-8, and ids and texts stay within limits counted in bytes of UTF-8 ("é" counts
// 2, "€" 3, an emoji 4). The one table of those limits: the terminal checks a command against it
// before the command enters the outbox, and the reference service checks what it receives against
// the same numbers. A text over its limit is refused, never shortened.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "touchpoint/actions.hpp"
#include "touchpoint/error.hpp"

namespace tp {

struct CommandDraft;

namespace limits {

// command_id, case_id, customer_id, action, actor.id; payload new_case_id and case_id, a part's
// sku; a staff id.
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
// A visit photo, once decoded, and the same bytes in padded base64.
constexpr std::size_t kPhotoBytes = 512 * 1024;
constexpr std::size_t kPhotoBase64 = (kPhotoBytes + 2) / 3 * 4;

}  // namespace limits

// A text field of an action's payload and its limit. `list` is empty for a field of the payload
// itself; else the field belongs to each object of the payload's array `list` (a part's sku).
struct PayloadTextLimit {
    ActionType action;
    std::string_view list;
    std::string_view field;
    std::size_t max_bytes;
};

// Every limited payload text of every action, as in the protocol's table.
std::span<const PayloadTextLimit> payload_text_limits();

// Why `draft` may not be queued, as an InvalidInput error for the person who made it (its args
// name the "field" and, for a text too long, its "max_bytes"; the detail says it in English); nullopt
// when its ids (case, customer, actor, staff) and every text of its payload at any depth are
// well-formed UTF-8, its ids are at most limits::kId bytes, its payload is an object (or null),
// and each limited payload field, when present and not null, is text within its limit. Checks
// form only: whether the action has what it needs is record_command's business, whether it may
// happen the service's.
std::optional<Error> command_input_problem(const CommandDraft& draft);

}  // namespace tp
