#pragma once
// Shared helpers for the terminal suites: a temporary directory that removes itself, file
// fingerprints, and builders for the entities the service's feed carries.

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "touchpoint/cache.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/domain_json.hpp"
#include "touchpoint/store.hpp"

namespace tp::test {

// A fresh directory under the system temp directory, removed with everything in it.
class TempDir {
  public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "touchpoint-test-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

inline std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string file_sha256(const std::string& path) {
    return sha256_hex(read_bytes(path));
}

// Opens the store or fails the test with the store's own message.
inline std::unique_ptr<Store> open_store(const std::string& path, int migrate_to = -1) {
    auto opened = Store::open(path, migrate_to);
    if (!opened) FAIL("Store::open failed: " << opened.error().key << " / "
                                             << opened.error().detail);
    return std::move(opened).value();
}

// One integer from a query that takes no parameters.
inline std::int64_t sql_int(Store& store, const char* sql) {
    auto q = store.db().prepare(sql);
    REQUIRE(q.step());
    return q.int64(0);
}

inline std::int64_t sql_int(Store& store, const char* sql, const std::string& bound) {
    auto q = store.db().prepare(sql);
    q.bind(1, bound);
    REQUIRE(q.step());
    return q.int64(0);
}

inline bool table_exists(Store& store, const std::string& name) {
    return sql_int(store, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?",
                   name) == 1;
}

inline Customer make_customer(const std::string& id, const std::string& name,
                              const std::string& store_id = "S-1") {
    Customer c;
    c.id = id;
    c.name = name;
    c.store_id = store_id;
    c.version = 1;
    return c;
}

inline Case make_order(const std::string& id, const std::string& customer_id,
                       std::int64_t version, const std::string& status = "placed") {
    Case c;
    c.id = id;
    c.reference = "TP-" + id;
    c.customer_id = customer_id;
    c.kind = CaseKind::Order;
    c.title = {{"en", "Order " + id}};
    c.status = status;
    c.version = version;
    c.steps = {{"placed", 1, 1}, {"shipped", 2, 0}, {"delivered", 3, 0}};
    return c;
}

inline InTrayItem make_intray(const std::string& id, const std::string& case_id,
                              const std::string& customer_id) {
    InTrayItem i;
    i.id = id;
    i.case_id = case_id;
    i.customer_id = customer_id;
    i.kind = "confirm_slot";
    i.prompt = {{"en", "Confirm your delivery slot"}};
    i.options = {{"morning", {{"en", "Morning"}}, 0, 0}, {"afternoon", {{"en", "Afternoon"}}, 0, 0}};
    i.due = 1'790'100'000'000;
    return i;
}

template <typename T>
Change change(const std::string& type, const std::string& id, const T& value) {
    return Change{type, id, nlohmann::json(value)};
}

// Applies a page or fails the test.
inline void apply_changes(Store& store, const std::vector<Change>& changes,
                  const std::string& cursor = "c") {
    auto applied = apply_page(store, changes, cursor);
    if (!applied) FAIL("apply_page failed: " << applied.error().detail);
}

}  // namespace tp::test
