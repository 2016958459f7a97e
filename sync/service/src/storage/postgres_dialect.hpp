#pragma once
// How the shared dialect (storage/sql.hpp) maps onto PostgreSQL: its parameters and its errors.

#include <string>
#include <string_view>

#include "storage/sql.hpp"

namespace tp::service::storage {

struct PostgresPlaceholders {
    std::string sql;          // the statement with $1, $2, ... in place of "?" and "?N"
    int parameter_count = 0;  // the highest parameter number used
};

// Rewrites "?N" to $N and "?" to $M, where M is one more than the highest number assigned so far
// (SQLite's rule, so both engines number a statement's parameters alike). A "?" inside a
// '...' / E'...' string, a "..." identifier, a $tag$...$tag$ string or a comment is left as it
// is. Throws StorageError (Other) for "?0" or a number above 65535 (libpq's limit).
PostgresPlaceholders rewrite_placeholders(std::string_view sql);

// The kind of a failure with this SQLSTATE: 40001 (serialization failure), 40P01 (deadlock) and
// 55P03 (lock not available) are Retry; 23505 (unique violation) is Conflict; class 08 (connection
// exception), 57P01..57P03 (the server shutting down or starting) and class 53 (out of resources)
// are Unavailable; anything else, or no SQLSTATE, is Other.
StorageError::Kind kind_of_sqlstate(std::string_view sqlstate);

}  // namespace tp::service::storage
