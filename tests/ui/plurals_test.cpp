// Every text with a count takes the plural form of its language for 0, 1, 2, 5 and 21: French
// "one" covers 0 and 1; English, Spanish and German "one" is 1 only.

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "touchpoint/ui/context.hpp"
#include "touchpoint/ui/strings.hpp"

using namespace tp;
using namespace tp::ui;

namespace {

struct Forms {
    std::string one, other;  // the word that changes with the count
};

struct PluralKey {
    const char* key;
    const char* arg;
    std::map<std::string, Forms> words;  // by language
    bool shows_count_when_one = true;    // false: the "one" form says it without the number
};

const std::vector<PluralKey>& plural_keys() {
    static const std::vector<PluralKey> keys{
        {"idle.body", "seconds",
         {{"en", {"second", "seconds"}}, {"es", {"segundo", "segundos"}}, {"fr", {"seconde", "secondes"}}, {"de", {"Sekunde", "Sekunden"}}}},
        {"sync.pending_count", "count",
         {{"en", {"waiting", "waiting"}}, {"es", {"pendiente", "pendientes"}}, {"fr", {"attente", "attente"}}, {"de", {"ausstehend", "ausstehend"}}}},
        {"sync.refused_count", "count",
         {{"en", {"refused", "refused"}}, {"es", {"rechazado", "rechazados"}}, {"fr", {"refusé", "refusés"}}, {"de", {"abgelehnt", "abgelehnt"}}}},
        {"search.results", "count",
         {{"en", {"customer", "customers"}}, {"es", {"cliente", "clientes"}}, {"fr", {"client", "clients"}}, {"de", {"Kunde", "Kunden"}}}},
        {"staff.locked", "minutes",
         {{"en", {"minute", "minutes"}}, {"es", {"minuto", "minutos"}}, {"fr", {"minute", "minutes"}}, {"de", {"Minute", "Minuten"}}}},
        {"verify.wrong_pin", "attempts",
         {{"en", {"attempt", "attempts"}}, {"es", {"intento", "intentos"}}, {"fr", {"essai", "essais"}}, {"de", {"Versuch", "Versuche"}}}},
        {"visit.checklist_open", "count",
         {{"en", {"item", "items"}}, {"es", {"punto", "puntos"}}, {"fr", {"point", "points"}}, {"de", {"Punkt", "Punkte"}}}},
        {"picker.newest", "count",
         {{"en", {"file", "files"}}, {"es", {"archivo", "archivos"}}, {"fr", {"fichier", "fichiers"}}, {"de", {"Datei", "Dateien"}}},
         false},
    };
    return keys;
}

// Whole words of `text`: runs of letters (ASCII letters and any non-ASCII UTF-8 byte).
std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out(1);
    for (unsigned char c : text) {
        if (std::isalpha(c) || c >= 0x80) out.back() += static_cast<char>(c);
        else if (!out.back().empty()) out.emplace_back();
    }
    if (out.back().empty()) out.pop_back();
    return out;
}

bool has_word(const std::string& text, const std::string& word) {
    for (const std::string& w : words(text))
        if (w == word) return true;
    return false;
}

bool takes_one(const std::string& lang, std::int64_t n) { return lang == "fr" ? n == 0 || n == 1 : n == 1; }

}  // namespace

TEST_CASE("every count takes its language's plural form for 0, 1, 2, 5 and 21") {
    auto loaded = StringTable::load(default_assets_dir() / "strings");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().detail));
    const StringTable& t = *loaded;
    for (const PluralKey& k : plural_keys()) {
        for (const std::string& lang : t.language_codes()) {
            CAPTURE(k.key);
            CAPTURE(lang);
            REQUIRE_MESSAGE(k.words.count(lang), "no expected plural words for this language");
            const Forms& forms = k.words.at(lang);
            for (std::int64_t n : {0, 1, 2, 5, 21}) {
                CAPTURE(n);
                const std::string text = t.message_in(lang, k.key, {{k.arg, n}});
                CAPTURE(text);
                const bool one = takes_one(lang, n);
                CHECK(has_word(text, one ? forms.one : forms.other));
                if (forms.one != forms.other) CHECK_FALSE(has_word(text, one ? forms.other : forms.one));
                if (!one || k.shows_count_when_one) CHECK(text.find(std::to_string(n)) != std::string::npos);
            }
        }
    }
    CHECK(t.missing().empty());
}

TEST_CASE("the idle warning agrees with its count in every language") {
    // The French idle warning once said "dans 1 secondes".
    auto loaded = StringTable::load(default_assets_dir() / "strings");
    REQUIRE(loaded.ok());
    CHECK(loaded->message_in("fr", "idle.body", {{"seconds", std::int64_t{1}}}).find("dans 1 seconde.") != std::string::npos);
    CHECK(loaded->message_in("de", "idle.body", {{"seconds", std::int64_t{1}}}).find("in 1 Sekunde beendet") != std::string::npos);
    CHECK(loaded->message_in("en", "idle.body", {{"seconds", std::int64_t{0}}}).find("in 0 seconds.") != std::string::npos);
}

TEST_CASE("every English text with a plural is checked above") {
    auto loaded = StringTable::load(default_assets_dir() / "strings");
    REQUIRE(loaded.ok());
    for (const std::string& key : loaded->keys(kReferenceLanguage)) {
        if (std::string(loaded->tr_in(kReferenceLanguage, key)).find(", plural,") == std::string::npos) continue;
        CAPTURE(key);
        bool listed = false;
        for (const PluralKey& k : plural_keys()) listed = listed || key == k.key;
        CHECK_MESSAGE(listed, "a text with a count has no plural check");
    }
}
