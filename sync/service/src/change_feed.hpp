#pragma once
// The change feed (protocol §5): pages of whole entities in the terminal's scope, in seq order,
// after an opaque cursor "<epoch>-<seq>".

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "auth.hpp"

namespace tp::service {

struct FeedPage {
    // The page's changes as the JSON array the protocol answers: each entity's stored JSON is
    // copied as it is, never parsed.
    std::string changes = "[]";
    std::size_t count = 0;
    std::string cursor;
    bool more = false;
};

// The seq a cursor stands for: 0 for no cursor. Throws ApiError 410 cursor_expired when the
// cursor is malformed, of another epoch, or past the newest change of this database.
std::int64_t decode_cursor(Sql& db, const std::string& epoch, const std::optional<std::string>& cursor);

std::string encode_cursor(const std::string& epoch, std::int64_t seq);

// Up to `limit` changes in the terminal's scope after `after_seq`. When the page is not full the
// cursor moves to the newest change of the database, so later polls skip what is out of scope.
// Runs inside the caller's transaction.
FeedPage read_page(Sql& db, const TerminalIdentity& terminal, const std::string& epoch,
                   std::int64_t after_seq, int limit);

}  // namespace tp::service
