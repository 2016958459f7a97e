// Applying the change feed: a page is written with one statement per table reused for every row
// and its customers in one statement; the cache and its search index end up exactly as if every
// change had been applied on its own, in order, and a page that fails leaves nothing behind.

#include <doctest/doctest.h>

#include "terminal_test_support.hpp"
#include "touchpoint/queries.hpp"

namespace tp::test {
namespace {

// Every cached row of the feed's tables and the search index, as text, in a stable order.
std::string cache_contents(Store& store) {
    std::string out;
    for (const char* sql :
         {"SELECT id || '|' || store_id || '|' || name || '|' || phone || '|' || email || '|' || "
          "loyalty || '|' || data FROM customers ORDER BY id",
          "SELECT id || '|' || customer_id || '|' || kind || '|' || status || '|' || reference || "
          "'|' || version || '|' || sla_due || '|' || data FROM cases ORDER BY id",
          "SELECT id || '|' || customer_id || '|' || case_id || '|' || due || '|' || data "
          "FROM intray ORDER BY id",
          "SELECT customer_id || '|' || name || '|' || phone || '|' || email "
          "FROM customer_search ORDER BY customer_id"}) {
        auto q = store.db().prepare(sql);
        while (q.step()) out += q.text(0) + "\n";
        out += "--\n";
    }
    return out;
}

std::string sql_text(Store& store, const char* sql) {
    auto q = store.db().prepare(sql);
    REQUIRE(q.step());
    return q.text(0);
}

Customer customer(int n, const std::string& name) {
    Customer c = make_customer("C" + std::to_string(n), name);
    c.phone = "+34 600 000 " + std::to_string(100 + n);
    c.email = "c" + std::to_string(n) + "@example.com";
    c.loyalty_number = "L" + std::to_string(1000 + n);
    return c;
}

// A feed of several pages' worth of entities: customers, their orders and in-tray items, some
// of them sent again later at a newer state.
std::vector<Change> sample_feed() {
    std::vector<Change> feed;
    for (int n = 1; n <= 30; ++n) {
        feed.push_back(
            change("customer", "C" + std::to_string(n), customer(n, "Name " + std::to_string(n))));
        const std::string order = "ORD-" + std::to_string(n);
        feed.push_back(change("case", order, make_order(order, "C" + std::to_string(n), 1)));
        if (n % 3 == 0)
            feed.push_back(
                change("intray", "IT-" + std::to_string(n),
                       make_intray("IT-" + std::to_string(n), order, "C" + std::to_string(n))));
    }
    for (int n = 1; n <= 30; n += 4) {
        feed.push_back(change("customer", "C" + std::to_string(n),
                              customer(n, "Renamed " + std::to_string(n))));
        feed.push_back(
            change("case", "ORD-" + std::to_string(n),
                   make_order("ORD-" + std::to_string(n), "C" + std::to_string(n), 2, "shipped")));
    }
    return feed;
}

}  // namespace

TEST_CASE(
    "a page applied at once gives the same cache and search index as its changes one by one") {
    TempDir dir;
    auto paged = open_store(dir.file("paged.db"));
    auto single = open_store(dir.file("single.db"));
    const auto feed = sample_feed();
    // Pages of 25, each with a later page repeating entities of an earlier one.
    for (std::size_t i = 0; i < feed.size(); i += 25)
        apply_changes(*paged, std::vector<Change>(
                                  feed.begin() + static_cast<long>(i),
                                  feed.begin() + static_cast<long>(std::min(feed.size(), i + 25))));
    for (const auto& c : feed) apply_changes(*single, {c});
    CHECK(cache_contents(*paged) == cache_contents(*single));
    CHECK(sql_int(*paged, "SELECT count(*) FROM customers") == 30);
    // The search index follows a rename made by a later page.
    CHECK(search_customers(*paged, "Renamed").size() == 8);
    CHECK(search_customers(*paged, "Name 5").empty());
    CHECK(search_customers(*paged, "Renamed 9").size() == 1);
}

TEST_CASE("customers of one page: a change and the entity leaving scope keep their order") {
    TempDir dir;
    auto store = open_store(dir.file("t.db"));
    apply_changes(*store, {change("customer", "C1", customer(1, "Ana")),
                           change("customer", "C2", customer(2, "Bea"))});
    // C1 leaves and comes back within one page; C2 comes at a new state, then leaves.
    apply_changes(
        *store,
        {Change{"customer", "C1", nullptr}, change("customer", "C1", customer(1, "Ana Back")),
         change("customer", "C2", customer(2, "Bea New")), Change{"customer", "C2", nullptr}});
    CHECK(sql_int(*store, "SELECT count(*) FROM customers WHERE id = 'C1' AND name = 'Ana Back'") ==
          1);
    CHECK(sql_int(*store, "SELECT count(*) FROM customers WHERE id = 'C2'") == 0);
    CHECK(sql_int(*store, "SELECT count(*) FROM customer_search") == 1);
    CHECK(search_customers(*store, "Back").size() == 1);
    CHECK(search_customers(*store, "Bea").empty());
}

TEST_CASE("a page with an entity that does not decode applies nothing, its customers included") {
    TempDir dir;
    auto store = open_store(dir.file("t.db"));
    apply_changes(*store, {change("customer", "C1", customer(1, "Ana"))}, "first");
    const std::string before = cache_contents(*store);
    auto broken = apply_page(*store,
                             {change("customer", "C2", customer(2, "Bea")),
                              change("case", "ORD-2", make_order("ORD-2", "C2", 1)),
                              Change{"case", "ORD-3", nlohmann::json{{"id", 3}}}},
                             "second");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().code == Errc::InvalidInput);
    CHECK(cache_contents(*store) == before);
    CHECK(store->meta("cursor") == std::optional<std::string>("first"));
    // The statements of the failed page are gone with it: the next page applies normally.
    apply_changes(*store, {change("customer", "C2", customer(2, "Bea"))}, "third");
    CHECK(sql_int(*store, "SELECT count(*) FROM customers") == 2);
}

TEST_CASE("an older case version later in a page does not overwrite a newer one") {
    TempDir dir;
    auto store = open_store(dir.file("t.db"));
    apply_changes(*store, {change("case", "ORD-1", make_order("ORD-1", "C1", 5, "shipped")),
                           change("case", "ORD-1", make_order("ORD-1", "C1", 3, "placed"))});
    CHECK(sql_int(*store, "SELECT version FROM cases WHERE id = 'ORD-1'") == 5);
}

TEST_CASE("an entity's text as the service sent it is what the cache stores") {
    TempDir dir;
    auto store = open_store(dir.file("t.db"));
    // Sent with its keys in another order than the cache would write them, and spaced.
    auto as_sent = [](Change c, int indent) {
        nlohmann::ordered_json reordered;
        for (auto it = c.data.rbegin(); it != c.data.rend(); ++it) reordered[it.key()] = *it;
        c.text = reordered.dump(indent);
        return c;
    };
    const Change ana = as_sent(change("customer", "C1", customer(1, "Ana Text")), -1);
    const Change order = as_sent(change("case", "ORD-1", make_order("ORD-1", "C1", 2)), -1);
    const Change spaced = as_sent(change("case", "ORD-2", make_order("ORD-2", "C1", 3)), 1);
    const Change bea = change("customer", "C2", customer(2, "Bea Dumped"));
    apply_changes(*store, {ana, order, spaced, bea});
    CHECK(sql_text(*store, "SELECT data FROM customers WHERE id = 'C1'") == ana.text);
    CHECK(sql_text(*store, "SELECT data FROM cases WHERE id = 'ORD-1'") == order.text);
    CHECK(nlohmann::json::parse(sql_text(*store, "SELECT data FROM cases WHERE id = 'ORD-2'")) ==
          spaced.data);
    CHECK(sql_text(*store, "SELECT data FROM customers WHERE id = 'C2'") == bea.data.dump());
    CHECK(sql_text(*store, "SELECT name || '|' || loyalty FROM customers WHERE id = 'C1'") ==
          "Ana Text|L1001");
    CHECK(sql_int(*store, "SELECT version FROM cases WHERE id = 'ORD-1'") == 2);
    CHECK(search_customers(*store, "Text").size() == 1);
    auto read = load_customer(*store, "C1");
    REQUIRE(read);
    CHECK(read->name == "Ana Text");
}

}  // namespace tp::test
