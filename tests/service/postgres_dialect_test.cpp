// The shared dialect as PostgreSQL reads it: "?" and "?N" become $N outside quoted text, and
// SQLSTATEs become the storage error kinds.

#include <doctest/doctest.h>

#include "storage/postgres_dialect.hpp"

using tp::service::storage::kind_of_sqlstate;
using tp::service::storage::rewrite_placeholders;
using tp::service::storage::StorageError;
using Kind = StorageError::Kind;

TEST_CASE("? takes the next number and ?N its own, as SQLite numbers them") {
    auto r = rewrite_placeholders("INSERT INTO t(a, b, c) VALUES (?, ?, ?)");
    CHECK(r.sql == "INSERT INTO t(a, b, c) VALUES ($1, $2, $3)");
    CHECK(r.parameter_count == 3);

    r = rewrite_placeholders("UPDATE t SET a = ?2, b = ?1 WHERE id = ?2");
    CHECK(r.sql == "UPDATE t SET a = $2, b = $1 WHERE id = $2");
    CHECK(r.parameter_count == 2);

    // After ?3 the next "?" is 4; a later ?1 reuses the first.
    r = rewrite_placeholders("SELECT ?, ?3, ?, ?1");
    CHECK(r.sql == "SELECT $1, $3, $4, $1");
    CHECK(r.parameter_count == 4);

    r = rewrite_placeholders("SELECT 1");
    CHECK(r.sql == "SELECT 1");
    CHECK(r.parameter_count == 0);

    r = rewrite_placeholders("SELECT ?12");
    CHECK(r.sql == "SELECT $12");
    CHECK(r.parameter_count == 12);
}

TEST_CASE("a ? in a string, an identifier, a dollar quote or a comment is text") {
    auto r = rewrite_placeholders("SELECT 'why?', 'it''s ?', ? FROM t");
    CHECK(r.sql == "SELECT 'why?', 'it''s ?', $1 FROM t");
    CHECK(r.parameter_count == 1);

    r = rewrite_placeholders(R"(SELECT "odd?name", "say ""?""" FROM t WHERE x = ?)");
    CHECK(r.sql == R"(SELECT "odd?name", "say ""?""" FROM t WHERE x = $1)");

    // In E'...' a backslash escapes the quote; in a standard string it does not.
    r = rewrite_placeholders(R"(SELECT E'a\'?', ?)");
    CHECK(r.sql == R"(SELECT E'a\'?', $1)");
    r = rewrite_placeholders(R"(SELECT 'a\', ?)");
    CHECK(r.sql == R"(SELECT 'a\', $1)");
    // An identifier ending in E is no E-string prefix.
    r = rewrite_placeholders(R"(SELECT type'a\', ?)");
    CHECK(r.sql == R"(SELECT type'a\', $1)");

    r = rewrite_placeholders("SELECT $$ ? $$, $tag$ it's ? $tag$, ?");
    CHECK(r.sql == "SELECT $$ ? $$, $tag$ it's ? $tag$, $1");

    r = rewrite_placeholders("SELECT ? -- what?\n, ? /* outer /* inner? */ still? */ , ?");
    CHECK(r.sql == "SELECT $1 -- what?\n, $2 /* outer /* inner? */ still? */ , $3");
    CHECK(r.parameter_count == 3);

    // Multi-byte text passes through untouched.
    r = rewrite_placeholders("SELECT 'José ? 東京', ?");
    CHECK(r.sql == "SELECT 'José ? 東京', $1");
}

TEST_CASE("an unterminated quote keeps the rest as text") {
    const auto r = rewrite_placeholders("SELECT ?, 'open ?");
    CHECK(r.sql == "SELECT $1, 'open ?");
    CHECK(r.parameter_count == 1);
}

TEST_CASE("?0 and numbers beyond libpq's limit are refused") {
    auto kind_of = [](const char* sql) {
        try {
            rewrite_placeholders(sql);
        } catch (const StorageError& e) {
            return e.kind();
        }
        FAIL("no error for " << sql);
        return Kind::Retry;
    };
    CHECK(kind_of("SELECT ?0") == Kind::Other);
    CHECK(kind_of("SELECT ?65536") == Kind::Other);
    CHECK(kind_of("SELECT ?99999999999999999999") == Kind::Other);
    CHECK(rewrite_placeholders("SELECT ?65535").parameter_count == 65535);
}

TEST_CASE("SQLSTATEs map to the storage error kinds") {
    CHECK(kind_of_sqlstate("40001") == Kind::Retry);
    CHECK(kind_of_sqlstate("40P01") == Kind::Retry);
    CHECK(kind_of_sqlstate("55P03") == Kind::Retry);
    CHECK(kind_of_sqlstate("23505") == Kind::Conflict);
    CHECK(kind_of_sqlstate("08006") == Kind::Unavailable);
    CHECK(kind_of_sqlstate("08001") == Kind::Unavailable);
    CHECK(kind_of_sqlstate("57P01") == Kind::Unavailable);
    CHECK(kind_of_sqlstate("53300") == Kind::Unavailable);
    CHECK(kind_of_sqlstate("23503") == Kind::Other);  // foreign key: not a duplicate
    CHECK(kind_of_sqlstate("42601") == Kind::Other);  // syntax error
    CHECK(kind_of_sqlstate("40002") == Kind::Other);
    CHECK(kind_of_sqlstate("") == Kind::Other);
}
