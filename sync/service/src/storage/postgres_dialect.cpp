#include "storage/postgres_dialect.hpp"

#include <algorithm>

namespace tp::service::storage {
namespace {

constexpr int kMaxParameters = 65535;

bool identifier_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
           u == '$' || u >= 0x80;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// The end (one past the closing quote) of a quoted run starting at `open`, where a doubled
// quote stands for itself and, when `backslash_escapes`, a backslash escapes the next byte.
std::size_t end_of_quoted(std::string_view sql, std::size_t open, char quote, bool backslash_escapes) {
    std::size_t i = open + 1;
    while (i < sql.size()) {
        if (backslash_escapes && sql[i] == '\\') {
            i += 2;
        } else if (sql[i] == quote) {
            if (i + 1 < sql.size() && sql[i + 1] == quote) i += 2;
            else return i + 1;
        } else {
            ++i;
        }
    }
    return sql.size();
}

// The tag of a dollar quote ("$tag$" or "$$") starting at `open`, or empty when there is none.
std::string_view dollar_tag(std::string_view sql, std::size_t open) {
    std::size_t i = open + 1;
    if (i < sql.size() && digit(sql[i])) return {};
    while (i < sql.size() && sql[i] != '$' && identifier_char(sql[i])) ++i;
    if (i < sql.size() && sql[i] == '$') return sql.substr(open, i + 1 - open);
    return {};
}

std::size_t end_of_block_comment(std::string_view sql, std::size_t open) {
    int depth = 0;
    std::size_t i = open;
    while (i + 1 < sql.size()) {
        if (sql[i] == '/' && sql[i + 1] == '*') {
            ++depth;
            i += 2;
        } else if (sql[i] == '*' && sql[i + 1] == '/') {
            i += 2;
            if (--depth == 0) return i;
        } else {
            ++i;
        }
    }
    return sql.size();
}

}  // namespace

PostgresPlaceholders rewrite_placeholders(std::string_view sql) {
    PostgresPlaceholders out;
    out.sql.reserve(sql.size() + 8);
    std::size_t i = 0;
    auto copy_to = [&](std::size_t end) {
        out.sql.append(sql.substr(i, end - i));
        i = end;
    };
    while (i < sql.size()) {
        const char c = sql[i];
        const bool after_identifier = i > 0 && identifier_char(sql[i - 1]);
        if (c == '\'') {
            const bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                                 !(i > 1 && identifier_char(sql[i - 2]));
            copy_to(end_of_quoted(sql, i, '\'', escapes));
        } else if (c == '"') {
            copy_to(end_of_quoted(sql, i, '"', false));
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            const std::size_t eol = sql.find('\n', i);
            copy_to(eol == std::string_view::npos ? sql.size() : eol);
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            copy_to(end_of_block_comment(sql, i));
        } else if (c == '$' && !after_identifier && !dollar_tag(sql, i).empty()) {
            const std::string_view tag = dollar_tag(sql, i);
            const std::size_t close = sql.find(tag, i + tag.size());
            copy_to(close == std::string_view::npos ? sql.size() : close + tag.size());
        } else if (c == '?') {
            std::size_t j = i + 1;
            int number = 0;
            while (j < sql.size() && digit(sql[j])) {
                number = number * 10 + (sql[j] - '0');
                if (number > kMaxParameters)
                    throw StorageError(StorageError::Kind::Other, "parameter number above 65535 in SQL");
                ++j;
            }
            if (j > i + 1 && number == 0) throw StorageError(StorageError::Kind::Other, "parameter ?0 in SQL");
            if (j == i + 1) number = out.parameter_count + 1;
            if (number > kMaxParameters)
                throw StorageError(StorageError::Kind::Other, "more than 65535 parameters in SQL");
            out.parameter_count = std::max(out.parameter_count, number);
            out.sql += '$';
            out.sql += std::to_string(number);
            i = j;
        } else {
            out.sql += c;
            ++i;
        }
    }
    return out;
}

StorageError::Kind kind_of_sqlstate(std::string_view sqlstate) {
    using Kind = StorageError::Kind;
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") return Kind::Retry;
    if (sqlstate == "23505") return Kind::Conflict;
    if (sqlstate.substr(0, 2) == "08" || sqlstate.substr(0, 2) == "53" || sqlstate == "57P01" ||
        sqlstate == "57P02" || sqlstate == "57P03")
        return Kind::Unavailable;
    return Kind::Other;
}

}  // namespace tp::service::storage
