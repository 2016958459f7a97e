// Customer search (staff) and customer identification (kiosk) over the local cache: accents,
// case, prefixes, phone digits, e-mail and loyalty numbers; and input that must never break it.

#include <doctest/doctest.h>

#include "terminal_test_support.hpp"
#include "touchpoint/queries.hpp"

using namespace tp;
using namespace tp::test;

namespace {

struct Seeded {
    const char* id;
    const char* name;
    const char* phone;
    const char* email;
    const char* loyalty;
    const char* store_id;
};

constexpr Seeded kCustomers[] = {
    {"C-JOSE", "José García", "+34 612 345 678", "jose.garcia@example.es", "L-100001", "S-1"},
    {"C-ZOE", "Zoë Müller", "+49 151 2345 6789", "zoe.mueller@example.de", "L-100002", "S-1"},
    {"C-FRAN", "François Lefèvre", "+33 6 98 76 54 32", "francois.lefevre@example.fr", "L-200003",
     "S-2"},
    {"C-NUNEZ", "Ñúñez", "+34 699 888 777", "ana.nunez@example.es", "L-100004", "S-1"},
    {"C-JOSEPH", "Joseph Smith", "+44 7700 900123", "joseph@example.co.uk", "L-300005", "S-2"},
    // Words that spell FTS5 operators when upper-cased.
    {"C-ORLA", "Orla Nott Andersen", "+353 87 123 4567", "orla@example.ie", "L-400006", "S-2"},
};
constexpr int kCustomerCount = sizeof kCustomers / sizeof kCustomers[0];

struct SearchFixture {
    TempDir dir;
    std::unique_ptr<Store> store = open_store(dir.file("search.db"));

    SearchFixture() {
        std::vector<Change> page;
        for (const auto& s : kCustomers) {
            Customer c = make_customer(s.id, s.name, s.store_id);
            c.phone = s.phone;
            c.email = s.email;
            c.loyalty_number = s.loyalty;
            page.push_back(change("customer", c.id, c));
        }
        apply_changes(*store, page);
    }

    std::set<std::string> ids(std::string_view query, const std::string& store_id = {}) {
        std::set<std::string> out;
        for (const auto& hit : search_customers(*store, query, store_id)) out.insert(hit.id);
        return out;
    }

    std::string identified(std::string_view identifier) {
        auto c = find_customer(*store, identifier);
        return c ? c->id : std::string("<none>");
    }

    // The cache is intact: every customer is still there and the index agrees with the table.
    void check_intact() {
        REQUIRE(table_exists(*store, "customers"));
        CHECK(sql_int(*store, "SELECT count(*) FROM customers") == kCustomerCount);
        CHECK_NOTHROW(store->db().exec(
            "INSERT INTO customer_search(customer_search) VALUES('integrity-check')"));
        CHECK(ids("jose").count("C-JOSE") == 1);
    }
};

using Ids = std::set<std::string>;

}  // namespace

TEST_CASE_FIXTURE(SearchFixture, "names match without accents or case, by word prefix") {
    // "jose" is also a prefix of "Joseph": both, and nobody else.
    CHECK(ids("jose") == Ids{"C-JOSE", "C-JOSEPH"});
    CHECK(ids("José") == Ids{"C-JOSE", "C-JOSEPH"});
    CHECK(ids("JOSÉ GARCÍA") == Ids{"C-JOSE"});
    CHECK(ids("gar") == Ids{"C-JOSE"});
    CHECK(ids("garcia jose") == Ids{"C-JOSE"});  // word order does not matter
    CHECK(ids("muller") == Ids{"C-ZOE"});
    CHECK(ids("Müller") == Ids{"C-ZOE"});
    CHECK(ids("zoe") == Ids{"C-ZOE"});
    CHECK(ids("FRAN") == Ids{"C-FRAN"});
    CHECK(ids("lefevre") == Ids{"C-FRAN"});
    CHECK(ids("nunez") == Ids{"C-NUNEZ"});
    CHECK(ids("ÑÚÑEZ") == Ids{"C-NUNEZ"});
    CHECK(ids("smith") == Ids{"C-JOSEPH"});
    // Every word must match: a second word nobody has narrows to nothing.
    CHECK(ids("jose zzz").empty());
    CHECK(ids("xyzzy").empty());
}

TEST_CASE_FIXTURE(SearchFixture, "phone numbers match by digits, with or without spacing") {
    CHECK(ids("612345678") == Ids{"C-JOSE"});
    CHECK(ids("612 345") == Ids{"C-JOSE"});
    CHECK(ids("612 345 678") == Ids{"C-JOSE"});
    CHECK(ids("+34 612 345 678") == Ids{"C-JOSE"});
    CHECK(ids("34612345678") == Ids{"C-JOSE"});
    CHECK(ids("699888") == Ids{"C-NUNEZ"});
    CHECK(ids("698765432") == Ids{"C-FRAN"});
    CHECK(ids("612 999").empty());
}

TEST_CASE_FIXTURE(SearchFixture, "e-mail prefixes and loyalty numbers match") {
    CHECK(ids("jose.gar") == Ids{"C-JOSE"});
    CHECK(ids("zoe.mue") == Ids{"C-ZOE"});
    CHECK(ids("ana.nunez@exa") == Ids{"C-NUNEZ"});
    CHECK(ids("francois.lefevre@example.fr") == Ids{"C-FRAN"});
    CHECK(ids("L-100001") == Ids{"C-JOSE"});
    CHECK(ids("l-100002") == Ids{"C-ZOE"});
    CHECK(ids("200003") == Ids{"C-FRAN"});
    CHECK(ids("10000") == Ids{"C-JOSE", "C-ZOE", "C-NUNEZ"});
}

TEST_CASE_FIXTURE(SearchFixture, "the store filter and the limit narrow the results") {
    CHECK(ids("jose", "S-1") == Ids{"C-JOSE"});
    CHECK(ids("jose", "S-2") == Ids{"C-JOSEPH"});
    CHECK(ids("jose", "S-9").empty());
    CHECK(ids("example", "S-1") == Ids{"C-JOSE", "C-ZOE", "C-NUNEZ"});

    CHECK(search_customers(*store, "example").size() == kCustomerCount);
    CHECK(search_customers(*store, "example", {}, 2).size() == 2);
    // Out-of-range limits are clamped rather than trusted.
    CHECK(search_customers(*store, "example", {}, 0).size() == 1);
    CHECK(search_customers(*store, "example", {}, -5).size() == 1);
}

TEST_CASE_FIXTURE(SearchFixture, "hits carry what the result list shows") {
    auto hits = search_customers(*store, "zoe");
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].name == "Zoë Müller");
    CHECK(hits[0].loyalty_number == "L-100002");
    CHECK(hits[0].email == "zoe.mueller@example.de");
    CHECK(hits[0].phone == "+49 151 2345 6789");
}

TEST_CASE_FIXTURE(SearchFixture, "the index follows updates and removals from the feed") {
    Customer renamed = make_customer("C-ZOE", "Zoë Schmidt", "S-1");
    renamed.version = 2;
    renamed.email = "zoe.schmidt@example.de";
    apply_changes(*store, {change("customer", renamed.id, renamed),
                   Change{"customer", "C-JOSEPH", nlohmann::json()}});
    CHECK(ids("muller").empty());
    CHECK(ids("schmidt") == Ids{"C-ZOE"});
    CHECK(ids("jose") == Ids{"C-JOSE"});
    CHECK(ids("smith").empty());
}

TEST_CASE_FIXTURE(SearchFixture, "hostile or malformed search input never throws or breaks the cache") {
    const std::string long_word(10'000, 'a');
    std::string long_mixed;
    while (long_mixed.size() < 10'000) long_mixed += "jo\"se* OR NEAR( ";
    std::string many_words;
    for (int i = 0; i < 2000; ++i) many_words += "w" + std::to_string(i) + " ";

    const std::vector<std::string> inputs = {
        "",
        " ",
        " \t\r\n ",
        "\"",
        "\"\"",
        "'",
        "''",
        "*",
        "**",
        "jose*",
        "\"jose",
        "jose\"",
        "NEAR(",
        "NEAR(jose zoe)",
        "NEAR(jose, 2)",
        "OR",
        "AND",
        "NOT",
        "AND NOT",
        "jose OR zoe",
        "jose AND NOT zoe",
        "jose NOT",
        "name:jose",
        "{name email}: jose",
        "^jose",
        "-jose",
        "+",
        "(",
        ")",
        "()",
        "'; DROP TABLE customers; --",
        "\"; DROP TABLE customers; --",
        "customer_search MATCH '*'",
        "%",
        "_",
        "\\",
        long_word,
        long_mixed,
        many_words,
        "😀",
        "👩‍👩‍👧‍👦 🏳️‍🌈",
        "jose😀",
        "\xff\xfe\xfd",
        "jos\xc3",
        "\xc3\x28",
        "\xc0\xafjose",
        "\xc1\x81\xc1\x81",
        "\x80\x80\x80",
        "\xf0\x9f\x98",
        "\xed\xa0\x80",
        std::string("jo\0se", 5),
        std::string(1, '\0'),
    };
    for (const auto& input : inputs) {
        CAPTURE(input);
        std::vector<CustomerHit> hits;
        CHECK_NOTHROW(hits = search_customers(*store, input));
        CHECK(hits.size() <= 20);
        CHECK_NOTHROW(hits = search_customers(*store, input, "S-1", 5));
        CHECK(hits.size() <= 5);
        CHECK_NOTHROW((void)find_customer(*store, input));
    }
    check_intact();

    // Blank input searches for nothing rather than everything.
    CHECK(search_customers(*store, "").empty());
    CHECK(search_customers(*store, " \t\n").empty());
    CHECK(search_customers(*store, "\"*\"").empty());
    // Syntax characters are separators, not operators: the words still match.
    CHECK(ids("jose😀") == Ids{"C-JOSE", "C-JOSEPH"});
    CHECK(ids("\"garcia") == Ids{"C-JOSE"});
    CHECK(ids("garcia*") == Ids{"C-JOSE"});
    CHECK(ids("NEAR(garcia") == Ids{});  // "near" is a word no customer has
    CHECK(ids("(garcia)") == Ids{"C-JOSE"});
    CHECK(ids("garcia' --") == Ids{"C-JOSE"});
}

TEST_CASE_FIXTURE(SearchFixture, "operator words are searched as words, not parsed as syntax") {
    CHECK(ids("OR") == Ids{"C-ORLA"});
    CHECK(ids("AND") == Ids{"C-ORLA"});
    CHECK(ids("NOT") == Ids{"C-ORLA"});
    CHECK(ids("orla AND andersen") == Ids{"C-ORLA"});
    CHECK(ids("NOTT") == Ids{"C-ORLA"});
    CHECK(ids("NEAR").empty());
}

TEST_CASE_FIXTURE(SearchFixture, "a broken search index yields no results, not an exception") {
    store->db().exec("DROP TABLE customer_search");
    std::vector<CustomerHit> hits;
    CHECK_NOTHROW(hits = search_customers(*store, "jose"));
    CHECK(hits.empty());
    // Identification does not depend on the index.
    CHECK(identified("L-100001") == "C-JOSE");
}

TEST_CASE_FIXTURE(SearchFixture, "identify finds exactly one customer by loyalty, e-mail or phone") {
    CHECK(identified("L-100001") == "C-JOSE");
    CHECK(identified("l-100001") == "C-JOSE");
    CHECK(identified("  L-100002 \n") == "C-ZOE");
    CHECK(identified("jose.garcia@example.es") == "C-JOSE");
    CHECK(identified("JOSE.GARCIA@EXAMPLE.ES") == "C-JOSE");
    CHECK(identified("+34 612 345 678") == "C-JOSE");
    CHECK(identified("612345678") == "C-JOSE");
    CHECK(identified("612 345 678") == "C-JOSE");
    CHECK(identified("34612345678") == "C-JOSE");
    CHECK(identified("+33 6 98 76 54 32") == "C-FRAN");
    CHECK(identified("44 7700 900123") == "C-JOSEPH");
}

TEST_CASE_FIXTURE(SearchFixture, "identify is an exact match: partial or other input finds no one") {
    CHECK(identified("") == "<none>");
    CHECK(identified("   ") == "<none>");
    CHECK(identified("José García") == "<none>");  // a name is not an identifier
    CHECK(identified("jose") == "<none>");
    CHECK(identified("jose.garcia") == "<none>");   // e-mail prefix
    CHECK(identified("L-10000") == "<none>");       // loyalty prefix
    CHECK(identified("612345") == "<none>");        // too few digits of the phone
    CHECK(identified("345 678") == "<none>");
    CHECK(identified("L-100001x") == "<none>");
    CHECK(identified("' OR '1'='1") == "<none>");
    CHECK(identified("%") == "<none>");
    CHECK(identified("_-100001") == "<none>");
    CHECK(identified("x612345678 a long line of words") == "<none>");  // digits buried in text
    CHECK(identified(std::string(10'000, '6')) == "<none>");
    check_intact();
}

TEST_CASE_FIXTURE(SearchFixture, "hits come in name order, and a limit keeps the first of them") {
    auto all = search_customers(*store, "example");
    REQUIRE(all.size() == kCustomerCount);
    for (std::size_t i = 1; i < all.size(); ++i) {
        CAPTURE(i);
        CHECK(all[i - 1].name <= all[i].name);
    }
    auto two = search_customers(*store, "example", {}, 2);
    REQUIRE(two.size() == 2);
    CHECK(two[0].id == all[0].id);
    CHECK(two[1].id == all[1].id);
}

TEST_CASE_FIXTURE(SearchFixture, "numbers in e-mail addresses and loyalty numbers are searched by prefix") {
    Customer ana = make_customer("C-ANA", "Ana Torres", "S-2");
    ana.email = "ana.torres1987@example.es";
    ana.loyalty_number = "LOY00012345";
    ana.phone = "+34 611 222 333";
    apply_changes(*store, {change("customer", ana.id, ana)});
    CHECK(ids("torres1987") == Ids{"C-ANA"});
    CHECK(ids("1987") == Ids{"C-ANA"});
    CHECK(ids("ana.torres19") == Ids{"C-ANA"});
    CHECK(ids("LOY0001") == Ids{"C-ANA"});
    CHECK(ids("loy00012345") == Ids{"C-ANA"});
    CHECK(ids("00012") == Ids{"C-ANA"});
    CHECK(ids("611 222") == Ids{"C-ANA"});
    CHECK(ids("+34 611") == Ids{"C-ANA"});
    // The store filter holds for identifiers too.
    CHECK(ids("LOY0001", "S-1").empty());
    CHECK(ids("611222", "S-1").empty());
    CHECK(ids("611222", "S-2") == Ids{"C-ANA"});
}

TEST_CASE("a search that matches many customers answers with the limit, and typing more narrows") {
    TempDir dir;
    auto store = open_store(dir.file("many.db"));
    std::vector<Change> page;
    for (int i = 0; i < 1500; ++i) {
        Customer c = make_customer("C-" + std::to_string(i), "Pat Number " + std::to_string(i));
        c.email = "pat" + std::to_string(i) + "@example.com";
        page.push_back(change("customer", c.id, c));
    }
    apply_changes(*store, page);
    auto hits = search_customers(*store, "pat");
    REQUIRE(hits.size() == 20);
    for (std::size_t i = 1; i < hits.size(); ++i) CHECK(hits[i - 1].name <= hits[i].name);
    for (const auto& h : hits) CHECK(h.name.rfind("Pat Number ", 0) == 0);
    auto one = search_customers(*store, "pat number 1499");
    REQUIRE(one.size() == 1);
    CHECK(one[0].id == "C-1499");
    auto email = search_customers(*store, "pat1499@");
    REQUIRE(email.size() == 1);
    CHECK(email[0].id == "C-1499");
    CHECK(search_customers(*store, "pat 149").size() == 11);  // 149 and 1490..1499
}
