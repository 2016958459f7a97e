#include "change_feed.hpp"

#include <charconv>

#include "context.hpp"

namespace tp::service {
namespace {

std::int64_t newest_seq(Sql& db) {
    // The entity changed last keeps its row (a change replaces an entity's row with a newer
    // seq), so the largest seq present is the newest ever given.
    auto stmt = db.prepare("SELECT COALESCE(MAX(seq), 0) FROM changes");
    return stmt.step() ? stmt.int64(0) : 0;
}

[[noreturn]] void cursor_expired() {
    throw ApiError{410, "cursor_expired",
                   "The service does not know this cursor; start again from the beginning."};
}

}  // namespace

std::string encode_cursor(const std::string& epoch, std::int64_t seq) {
    return epoch + "-" + std::to_string(seq);
}

std::int64_t decode_cursor(Sql& db, const std::string& epoch,
                           const std::optional<std::string>& cursor) {
    if (!cursor) return 0;
    const std::string& c = *cursor;
    if (c.size() <= epoch.size() + 1 || c.compare(0, epoch.size(), epoch) != 0 ||
        c[epoch.size()] != '-')
        cursor_expired();
    std::int64_t seq = -1;
    const char* first = c.data() + epoch.size() + 1;
    const char* last = c.data() + c.size();
    auto [end, ec] = std::from_chars(first, last, seq);
    if (ec != std::errc() || end != last || seq < 0) cursor_expired();
    if (seq > newest_seq(db)) cursor_expired();
    return seq;
}

FeedPage read_page(Sql& db, const TerminalIdentity& terminal, const std::string& epoch,
                   std::int64_t after_seq, int limit) {
    // Read the newest seq first: anything committed later has a larger seq and is seen next time.
    std::int64_t newest = newest_seq(db);
    auto stmt = db.prepare(
        "SELECT c.seq, c.type, c.id, e.data FROM changes c "
        "JOIN entities e ON e.type = c.type AND e.id = c.id "
        "WHERE c.seq > ?1 AND c.seq <= ?2 AND ("
        "  e.store_id = ?3"
        "  OR e.customer_id IN (SELECT customer_id FROM served WHERE terminal_id = ?4)"
        "  OR e.staff_id IN (SELECT staff_id FROM terminal_technicians WHERE terminal_id = ?4))"
        " ORDER BY c.seq LIMIT ?5");
    stmt.bind_all(after_seq, newest, terminal.store_id, terminal.terminal_id, limit + 1);
    FeedPage page;
    std::int64_t last_seq = after_seq;
    std::string out = "[";
    while (stmt.step()) {
        if (page.count == static_cast<std::size_t>(limit)) {
            page.more = true;
            break;
        }
        last_seq = stmt.int64(0);
        if (page.count > 0) out += ',';
        // The keys in the order nlohmann::json writes them.
        out += R"({"data":)";
        out += stmt.text(3);
        out += R"(,"id":)";
        out += nlohmann::json(stmt.text(2)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        out += R"(,"seq":)";
        out += std::to_string(last_seq);
        out += R"(,"type":)";
        out += nlohmann::json(stmt.text(1)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        out += '}';
        ++page.count;
    }
    out += ']';
    page.changes = std::move(out);
    page.cursor = encode_cursor(epoch, page.more ? last_seq : std::max(newest, after_seq));
    return page;
}

}  // namespace tp::service
