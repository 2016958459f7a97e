// StringTable::message: ICU MessageFormat with named arguments in each language's locale; a
// pattern that does not parse falls back and is reported; load refuses bad patterns.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "touchpoint/ui/context.hpp"
#include "touchpoint/ui/strings.hpp"

using namespace tp;
using namespace tp::ui;

namespace {

// 2026-03-05 14:07:00 UTC.
constexpr Millis kMarch5 = 1'772'719'620'000;

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        char tmpl[] = "/tmp/tp-messages-XXXXXX";
        path = ::mkdtemp(tmpl);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    void write(const std::string& lang, const std::string& json) const {
        std::ofstream(path / (lang + ".json")) << json;
    }
    void write_languages() const {
        std::ofstream(path / "languages.json") << R"({"languages": [
            {"code": "en", "locale": "en-GB", "keyboard": "QWERTY", "letters": ["qwertyuiop", "asdfghjkl", "zxcvbnm"]},
            {"code": "es", "locale": "es-ES", "keyboard": "QWERTY", "letters": ["qwertyuiop", "asdfghjklñ", "zxcvbnm"]},
            {"code": "fr", "locale": "fr-FR", "keyboard": "AZERTY", "letters": ["azertyuiop", "qsdfghjklm", "wxcvbn"]},
            {"code": "de", "locale": "de-DE", "keyboard": "QWERTZ", "letters": ["qwertzuiopü", "asdfghjklöä", "yxcvbnm"]}]})";
    }
};

std::vector<LanguageSpec> four_locales() {
    return {{"en", "en-GB", fallback_keyboard_layout()},
            {"es", "es-ES", fallback_keyboard_layout()},
            {"fr", "fr-FR", fallback_keyboard_layout()},
            {"de", "de-DE", fallback_keyboard_layout()}};
}

}  // namespace

TEST_CASE("named arguments, plurals per language and numbers in the locale") {
    StringTable t = StringTable::from_values({
        {"en", {{"hello", "Hello {name}"}, {"left", "in {n, plural, one {# second} other {# seconds}}"}}},
        {"fr", {{"hello", "Bonjour {name}"}, {"left", "dans {n, plural, one {# seconde} other {# secondes}}"}}},
        {"de", {{"hello", "Hallo {name}"}, {"left", "in {n, plural, one {# Sekunde} other {# Sekunden}}"}}},
    });
    CHECK(t.message_in("fr", "hello", {{"name", std::string("Anne")}}) == "Bonjour Anne");
    CHECK(t.message_in("en", "left", {{"n", std::int64_t{1}}}) == "in 1 second");
    CHECK(t.message_in("en", "left", {{"n", std::int64_t{0}}}) == "in 0 seconds");
    CHECK(t.message_in("fr", "left", {{"n", std::int64_t{0}}}) == "dans 0 seconde");
    CHECK(t.message_in("fr", "left", {{"n", std::int64_t{1}}}) == "dans 1 seconde");
    CHECK(t.message_in("fr", "left", {{"n", std::int64_t{2}}}) == "dans 2 secondes");
    CHECK(t.message_in("de", "left", {{"n", std::int64_t{21}}}) == "in 21 Sekunden");
    CHECK(t.message_in("de", "left", {{"n", std::int64_t{1234}}}) == "in 1.234 Sekunden");
    REQUIRE(t.set_language("de"));
    CHECK(t.message("hello", {{"name", std::string("Jörg")}}) == "Hallo Jörg");
    CHECK(t.missing().empty());
}

TEST_CASE("a date argument is shown in the language's locale and the terminal's timezone") {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    StringTable t = StringTable::from_values({
        {"en", {{"on", "{when, date, medium}"}}},
        {"de", {{"on", "{when, date, medium}"}}},
        {"fr", {{"on", "{when, date, medium}"}}},
        {"es", {{"on", "{when, date, medium}"}}},
    }, four_locales());
    const MessageArgs at{{"when", Moment{kMarch5}}};
    CHECK(t.message_in("en", "on", at) == "5 Mar 2026");
    CHECK(t.message_in("de", "on", at) == "05.03.2026");
    CHECK(t.message_in("fr", "on", at) == "5 mars 2026");
    CHECK(t.message_in("es", "on", at) == "5 mar 2026");
    CHECK(t.locale("de") == "de-DE");
    REQUIRE(t.set_locale("en", "en-US"));
    CHECK(t.message_in("en", "on", at) == "Mar 5, 2026");
    CHECK_FALSE(t.set_locale("it", "it-IT"));
    CHECK(t.set_locales({"fr=fr-CA", "de=de-AT"}).ok());
    CHECK(t.locale("fr") == "fr-CA");
    CHECK(t.locale("de") == "de-AT");
    CHECK_FALSE(t.set_locales({"it=it-IT"}).ok());
    CHECK_FALSE(t.set_locales({"de"}).ok());
    CHECK_FALSE(t.set_locales({"de="}).ok());
}

TEST_CASE("a pattern that does not parse or format falls back to English, then to the key, and is reported") {
    StringTable t = StringTable::from_values({
        {"en", {{"a", "Apple {n, plural, one {# day} other {# days}}"}, {"b", "{x"}}},
        {"de", {{"a", "Apfel {n, plural, one {# Tag} other {# Tage"}, {"b", "{x"}}},
    });
    CHECK(t.message_in("de", "a", {{"n", std::int64_t{2}}}) == "Apple 2 days");
    CHECK(t.missing().count("de:a") == 1);
    CHECK(t.message_in("de", "b") == "b");
    CHECK(t.missing().count("de:b") == 1);
    // A string where the plural needs a number formats nothing and falls back to the key.
    CHECK(t.message_in("en", "a", {{"n", std::string("two")}}) == "a");
    CHECK(t.missing().count("en:a") == 1);
}

TEST_CASE("an argument the caller leaves out is empty, never the raw pattern, and is reported") {
    StringTable t = StringTable::from_values({{"en", {{"hi", "Hi {name}!"}}}});
    CHECK(t.message_in("en", "hi") == "Hi !");
    CHECK(t.missing().count("en:hi") == 1);
}

TEST_CASE("load refuses a pattern that does not parse, or that names an argument English lacks") {
    const std::string good = R"({"k": "{n, plural, one {# x} other {# xs}}"})";
    SUBCASE("does not parse") {
        TempDir dir;
        dir.write_languages();
        for (const char* lang : {"en", "es", "de"}) dir.write(lang, good);
        dir.write("fr", R"({"k": "{n, plural, one {# x} other {# xs}"})");
        auto loaded = StringTable::load(dir.path);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().detail.find("fr.json: k ") != std::string::npos);
    }
    SUBCASE("foreign argument name") {
        TempDir dir;
        dir.write_languages();
        for (const char* lang : {"en", "es", "fr"}) dir.write(lang, good);
        dir.write("de", R"({"k": "{count, plural, one {# x} other {# xs}}"})");
        auto loaded = StringTable::load(dir.path);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().detail.find("de.json: k uses the argument {count}") != std::string::npos);
    }
    SUBCASE("numbered argument") {
        TempDir dir;
        dir.write_languages();
        for (const char* lang : {"en", "es", "fr", "de"}) dir.write(lang, R"({"k": "Hello {0}"})");
        CHECK_FALSE(StringTable::load(dir.path).ok());
    }
    SUBCASE("all good") {
        TempDir dir;
        dir.write_languages();
        for (const char* lang : {"en", "es", "fr", "de"}) dir.write(lang, good);
        auto loaded = StringTable::load(dir.path);
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().detail));
        CHECK(loaded->message_in("fr", "k", {{"n", std::int64_t{1}}}) == "1 x");
    }
}

TEST_CASE("the kiosk's times and days are worded in each language's locale") {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    auto loaded = StringTable::load(default_assets_dir() / "strings");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().detail));
    const StringTable& t = *loaded;
    const MessageArgs at{{"when", Moment{kMarch5}}};  // 14:07 UTC
    for (const char* lang : {"en", "es", "fr", "de"}) {
        CAPTURE(lang);
        CHECK(t.message_in(lang, "time.clock", at) == "14:07");
    }
    CHECK(t.message_in("en", "time.day_clock", at) == "5 Mar, 14:07");
    CHECK(t.message_in("de", "time.day_clock", at) == "5. März, 14:07");
    CHECK(t.message_in("fr", "time.day_clock", at) == "5 mars, 14:07");
    CHECK(t.message_in("es", "time.day_clock", at) == "5 mar, 14:07");
    StringTable us = *loaded;
    REQUIRE(us.set_locale("en", "en-US"));
    CHECK(us.message_in("en", "time.clock", at) == "2:07\u202FPM");
    CHECK(t.missing().empty());
}
