// String tables: every key exists, non-empty, in all four languages; every action, channel, case
// kind and refusal code the screens show has its text; lookups fall back to English and report it.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "touchpoint/actions.hpp"
#include "touchpoint/domain.hpp"
#include "touchpoint/ui/context.hpp"
#include "touchpoint/ui/strings.hpp"

using namespace tp;
using namespace tp::ui;

namespace {

StringTable load_tables() {
    auto tables = StringTable::load(default_assets_dir() / "strings");
    REQUIRE_MESSAGE(tables.ok(), (tables.ok() ? "" : tables.error().detail));
    return std::move(tables).value();
}

void require_everywhere(const StringTable& t, const std::string& key) {
    for (const std::string& lang : t.language_codes()) CHECK_MESSAGE(t.has(lang, key), (std::string(lang) + " lacks " + key));
}

// Refusal codes of docs/sync-protocol.md §7, plus the UI's catch-all.
constexpr const char* kRefusalCodes[] = {
    "not_delivered",  "outside_return_window", "already_dispatched", "order_cancelled",
    "already_shipped", "already_cancelled",    "case_closed",        "already_answered",
    "return_already_open",
    "not_assigned",   "visit_cancelled",       "visit_completed",    "not_supported_here",
    "invalid",        "not_allowed",           "unknown",
};

}  // namespace

// Loading checks the rest: every text parses as a MessageFormat pattern in its locale and names
// only arguments its English text has (a load error otherwise, see ui_messages_test).
TEST_CASE("every key exists, non-empty, in every language, as an ICU pattern") {
    const StringTable t = load_tables();
    const auto english = t.keys("en");
    REQUIRE(english.size() > 250);
    REQUIRE(t.language_codes().size() >= 4);
    for (const std::string& lang : t.language_codes()) {
        const auto keys = t.keys(lang);
        CHECK_MESSAGE(keys == english, (std::string(lang) + " has a different key set than en"));
        for (const auto& key : english) {
            CHECK_MESSAGE(t.has(lang, key), (std::string(lang) + " lacks " + key));
            CHECK_MESSAGE(std::string(t.tr_in(lang, key)).find("%s") == std::string::npos,
                          (std::string(lang) + ":" + key + " still has a positional %s"));
        }
    }
    CHECK(t.missing().empty());
}

TEST_CASE("every action of the action table has a label and a hint") {
    const StringTable t = load_tables();
    for (const ActionSpec& s : action_table()) {
        require_everywhere(t, "action." + std::string(s.wire_name));
        require_everywhere(t, "action." + std::string(s.wire_name) + ".hint");
        if (s.refusal_alternative)
            require_everywhere(t, "refusal.alternative." + std::string(spec(*s.refusal_alternative).wire_name));
    }
}

TEST_CASE("every refusal code, channel and case kind has a text") {
    const StringTable t = load_tables();
    for (const char* code : kRefusalCodes) require_everywhere(t, std::string("refusal.") + code);
    for (Channel c : {Channel::Web, Channel::App, Channel::CallCenter, Channel::Chat, Channel::Email, Channel::Kiosk,
                      Channel::Terminal, Channel::Technician, Channel::Service})
        require_everywhere(t, std::string("channel.") + to_string(c));
    for (CaseKind k : {CaseKind::Order, CaseKind::Return, CaseKind::Repair, CaseKind::Complaint,
                       CaseKind::AccountChange, CaseKind::Callback, CaseKind::ServiceRequest, CaseKind::Visit})
        require_everywhere(t, std::string("case_kind.") + to_string(k));
}

TEST_CASE("the texts the brief names are there") {
    const StringTable t = load_tables();
    CHECK(std::string(t.tr_in("en", "offline.since")) == "Offline since {when}");
    CHECK(std::string(t.tr_in("en", "status.waiting_to_sync")) == "waiting to sync");
    CHECK(std::string(t.tr_in("en", "status.confirmed")) == "Confirmed {when}");
    CHECK(std::string(t.tr_in("en", "status.refused")) == "Refused: {reason}");
    CHECK(std::string(t.tr_in("en", "idle.title")) == "Are you still there?");
    CHECK(std::string(t.tr_in("en", "idle.more_time")) == "I need more time");
    CHECK(std::string(t.tr_in("en", "refusal.already_shipped")) == "already shipped");
    CHECK(std::string(t.tr_in("fr", "keyboard.space")) == "espace");
    CHECK(std::string(t.tr_in("de", "language.name")) == "Deutsch");
    CHECK(t.missing().empty());
}

TEST_CASE("a missing key falls back to English and is reported") {
    StringTable t = StringTable::from_values({{"en", {{"a", "Apple"}, {"b", "Banana"}}}, {"de", {{"a", "Apfel"}}}});
    REQUIRE(t.set_language("de"));
    CHECK(std::string(t.tr("a")) == "Apfel");
    CHECK(std::string(t.tr("b")) == "Banana");
    CHECK(t.missing().count("de:b") == 1);
    CHECK(std::string(t.tr("nope")) == "nope");
    CHECK(t.missing().count("de:nope") == 1);
    CHECK_FALSE(t.set_language("it"));
    CHECK(t.language() == "de");
}

TEST_CASE("every case status the service or the terminal gives a case is a word in every language") {
    const StringTable t = load_tables();
    // The service's rules and demo data (protocol §7, §9) and the terminal's own: "requested"
    // for a case made here, "refused" for one the service refused; "other" for one not known yet.
    for (const char* status : {"placed", "shipped", "delivered", "cancelled", "open", "closed",
                               "completed", "in_progress", "requested", "refused", "other"})
        require_everywhere(t, std::string("case_status.") + status);
}

TEST_CASE("the kiosk's languages, their locales and keyboards are the data of languages.json") {
    StringTable t = load_tables();
    CHECK(t.language_codes() == std::vector<std::string>{"en", "es", "fr", "de"});
    CHECK(t.locale("en") == "en-GB");
    CHECK(t.locale("de") == "de-DE");
    CHECK(t.keyboard("de").name == "QWERTZ");
    CHECK(t.keyboard("fr").name == "AZERTY");
    CHECK(t.keyboard("fr").letters.size() == 4);
    CHECK(t.keyboard("it").name == t.keyboard("en").name);  // a language without a layout types in English's
    CHECK(t.supports("es"));
    CHECK_FALSE(t.supports("it"));
    REQUIRE(t.set_locales({"de=de-AT"}).ok());
    CHECK(t.locale("de") == "de-AT");
}
