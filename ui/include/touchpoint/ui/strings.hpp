#pragma once
// The string tables of assets/strings/<code>.json, one per language of languages.json (en, es, fr,
// de today; see languages.hpp): flat JSON objects, key -> UTF-8 text.
// Texts are ICU MessageFormat patterns with named arguments ("{name}", "{count, plural, one {# day}
// other {# days}}", "{when, date, medium}"), formatted by `message` in the language's ICU locale.
// English is the reference: every key exists there; a key missing in another language falls back
// to English and is remembered, so tests and the diagnostics screen can report it.
//
// Not thread-safe: look strings up on the UI thread only.

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <memory>
#include <string_view>
#include <variant>
#include <vector>

#include "touchpoint/domain.hpp"
#include "touchpoint/error.hpp"
#include "touchpoint/ui/languages.hpp"

namespace tp::ui {

inline constexpr std::string_view kReferenceLanguage = "en";

// A date/time argument, shown in the screen's locale and the terminal's local timezone.
struct Moment {
    Millis utc_ms;
};
using MessageValue = std::variant<std::string, std::int64_t, double, Moment>;
struct MessageArg {
    std::string name;
    MessageValue value;
};
using MessageArgs = std::vector<MessageArg>;

namespace detail {
struct MessageCache;
}

class StringTable {
  public:
    // Loads `dir`/languages.json and the table of every language it lists. Fails (InvalidInput or
    // NotFound) when a file is missing, is not a JSON object of strings, when English is not
    // listed or is empty; fails (InvalidInput,
    // detail naming language and key) when a text is not a valid MessageFormat pattern in its
    // language's locale or uses an argument name its English text does not have.
    static Result<StringTable> load(const std::filesystem::path& dir);

    // Builds a table from values (tests, tools). `tables` maps language -> key -> text; `languages`
    // gives their locales and keyboards (by default each table's language, its code as locale and
    // the fallback keyboard). Patterns are not validated.
    static StringTable from_values(std::map<std::string, std::map<std::string, std::string>> tables,
                                   std::vector<LanguageSpec> languages = {});

    // The kiosk's languages, in the order the language screen lists them.
    const std::vector<LanguageSpec>& languages() const { return languages_; }
    std::vector<std::string> language_codes() const;
    bool supports(std::string_view language) const;
    // The keyboard layout of `language`; English's for a language without one.
    const KeyboardLayout& keyboard(std::string_view language) const;

    // Requires supports(language); otherwise the language is left unchanged and false is
    // returned.
    bool set_language(std::string_view language);
    const std::string& language() const { return language_; }

    // Text of `key` in the current language; falls back to English, then to the key itself.
    // The pointer stays valid for the table's lifetime.
    const char* tr(std::string_view key) const;
    const char* tr_in(std::string_view language, std::string_view key) const;

    // `key` formatted with `args` in the current language's locale. Never throws and never shows a
    // pattern that does not parse or format: that falls back to the English pattern, then to the
    // key itself, and is recorded in missing() ("lang:key") as a missing key is.
    std::string message(std::string_view key, const MessageArgs& args = {}) const;
    std::string message_in(std::string_view language, std::string_view key, const MessageArgs& args = {}) const;

    // The ICU locale a language's messages are formatted in (languages.json's, unless set); the
    // code itself for an unknown language. set_locale returns false and changes nothing for an
    // unsupported language or an empty locale.
    std::string locale(std::string_view language) const;
    bool set_locale(std::string_view language, std::string_view icu_locale);
    // Applies settings "<code>=<locale>" (e.g. "de=de-AT"). Fails (InvalidInput) naming the first
    // one that is malformed or names no language of the kiosk; the earlier ones stay applied.
    Status set_locales(const std::vector<std::string>& settings);

    bool has(std::string_view language, std::string_view key) const;
    // Keys of one language, sorted.
    std::vector<std::string> keys(std::string_view language) const;
    // Keys looked up with tr/tr_in that were missing in the requested language ("lang:key").
    const std::set<std::string>& missing() const { return missing_; }

  private:
    using Table = std::map<std::string, std::string, std::less<>>;
    std::map<std::string, Table, std::less<>> tables_;
    std::string language_{kReferenceLanguage};
    std::vector<LanguageSpec> languages_;
    // Compiled patterns per language+key; shared by copies, dropped when a locale changes.
    mutable std::shared_ptr<detail::MessageCache> cache_;
    mutable std::set<std::string> missing_;
    mutable std::set<std::string> unknown_keys_;  // stable storage for key-as-text fallbacks
};

}  // namespace tp::ui
