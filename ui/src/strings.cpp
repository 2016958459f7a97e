#include "touchpoint/ui/strings.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "message_format.hpp"

namespace tp::ui {

namespace {

std::string cache_key(std::string_view language, std::string_view pattern_language, std::string_view key) {
    std::string k;
    k.reserve(language.size() + pattern_language.size() + key.size() + 2);
    k.append(language).append(1, '\x1f').append(pattern_language).append(1, '\x1f').append(key);
    return k;
}

// A load error when a text does not parse in its locale or names an argument English lacks.
Status validate_patterns(const std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>>& tables,
                         const std::vector<std::string>& languages,
                         const std::function<std::string(std::string_view)>& locale_of, detail::MessageCache& cache) {
    std::map<std::string, std::set<std::string>, std::less<>> english_names;
    const auto english = tables.find(kReferenceLanguage);
    for (const std::string_view lang : languages) {
        const auto t = tables.find(lang);
        if (t == tables.end()) continue;
        const std::string locale = locale_of(lang);
        for (const auto& [key, text] : t->second) {
            detail::CompileResult compiled = detail::compile_message(locale, text);
            if (!compiled.error.empty())
                return Error{Errc::InvalidInput, "error.texts_unusable",
                             std::string(lang) + ".json: " + key + " is not a valid message pattern (" + compiled.error + ")"};
            if (lang == kReferenceLanguage) {
                english_names[key] = compiled.message.names;
            } else if (english != tables.end() && english->second.count(key)) {
                if (!english_names.count(key)) {
                    auto en = detail::compile_message(locale_of(kReferenceLanguage), english->second.find(key)->second);
                    english_names[key] = en.message.names;
                }
                for (const std::string& name : compiled.message.names)
                    if (!english_names[key].count(name))
                        return Error{Errc::InvalidInput, "error.texts_unusable",
                                     std::string(lang) + ".json: " + key + " uses the argument {" + name +
                                         "} that its English text does not have"};
            }
            cache.entries[cache_key(lang, lang, key)] =
                std::make_shared<const detail::CompiledMessage>(std::move(compiled.message));
        }
    }
    return Ok{};
}

}  // namespace

Result<StringTable> StringTable::load(const std::filesystem::path& dir) {
    StringTable table;
    auto languages = load_languages(dir / "languages.json");
    if (!languages) return languages.error();
    table.languages_ = std::move(languages).value();
    if (!table.supports(kReferenceLanguage))
        return Error{Errc::InvalidInput, "The kiosk's texts are damaged.",
                     (dir / "languages.json").string() + ": English is not listed"};
    for (const std::string& lang : table.language_codes()) {
        const auto path = dir / (std::string(lang) + ".json");
        std::ifstream in(path, std::ios::binary);
        if (!in)
            return Error{Errc::NotFound, "error.texts_unusable",
                         "cannot open " + path.string()};
        nlohmann::json doc;
        try {
            doc = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            return Error{Errc::InvalidInput, "error.texts_unusable",
                         path.string() + ": " + e.what()};
        }
        if (!doc.is_object())
            return Error{Errc::InvalidInput, "error.texts_unusable",
                         path.string() + ": not a JSON object"};
        Table& t = table.tables_[std::string(lang)];
        for (const auto& [key, value] : doc.items()) {
            if (!value.is_string())
                return Error{Errc::InvalidInput, "error.texts_unusable",
                             path.string() + ": value of " + key + " is not a string"};
            t.emplace(key, value.get<std::string>());
        }
    }
    if (table.tables_[std::string(kReferenceLanguage)].empty())
        return Error{Errc::InvalidInput, "error.texts_unusable", "en.json is empty"};
    table.cache_ = std::make_shared<detail::MessageCache>();
    if (Status valid = validate_patterns(table.tables_, table.language_codes(), [&](std::string_view l) { return table.locale(l); }, *table.cache_);
        !valid.ok())
        return valid.error();
    return table;
}

StringTable StringTable::from_values(std::map<std::string, std::map<std::string, std::string>> tables,
                                     std::vector<LanguageSpec> languages) {
    StringTable table;
    table.languages_ = std::move(languages);
    if (table.languages_.empty())
        for (const auto& [lang, values] : tables) table.languages_.push_back({lang, lang, fallback_keyboard_layout()});
    for (auto& [lang, values] : tables) {
        Table& t = table.tables_[lang];
        for (auto& [key, text] : values) t.emplace(key, std::move(text));
    }
    return table;
}

std::vector<std::string> StringTable::language_codes() const {
    std::vector<std::string> out;
    for (const LanguageSpec& l : languages_) out.push_back(l.code);
    return out;
}

bool StringTable::supports(std::string_view language) const {
    return std::any_of(languages_.begin(), languages_.end(), [&](const LanguageSpec& l) { return l.code == language; });
}

const KeyboardLayout& StringTable::keyboard(std::string_view language) const {
    for (std::string_view wanted : {language, kReferenceLanguage})
        for (const LanguageSpec& l : languages_)
            if (l.code == wanted && !l.keyboard.letters.empty()) return l.keyboard;
    return fallback_keyboard_layout();
}

bool StringTable::set_language(std::string_view language) {
    if (!supports(language)) return false;
    language_ = std::string(language);
    return true;
}

const char* StringTable::tr(std::string_view key) const { return tr_in(language_, key); }

const char* StringTable::tr_in(std::string_view language, std::string_view key) const {
    if (auto t = tables_.find(language); t != tables_.end()) {
        if (auto it = t->second.find(key); it != t->second.end() && !it->second.empty())
            return it->second.c_str();
    }
    missing_.insert(std::string(language) + ":" + std::string(key));
    if (auto t = tables_.find(kReferenceLanguage); t != tables_.end()) {
        if (auto it = t->second.find(key); it != t->second.end()) return it->second.c_str();
    }
    return unknown_keys_.emplace(key).first->c_str();
}

std::string StringTable::locale(std::string_view language) const {
    for (const LanguageSpec& l : languages_)
        if (l.code == language) return l.locale;
    return std::string(language);
}

bool StringTable::set_locale(std::string_view language, std::string_view icu_locale) {
    if (icu_locale.empty()) return false;
    for (LanguageSpec& l : languages_) {
        if (l.code != language) continue;
        l.locale = std::string(icu_locale);
        cache_.reset();
        return true;
    }
    return false;
}

Status StringTable::set_locales(const std::vector<std::string>& settings) {
    for (const std::string& s : settings) {
        const auto eq = s.find('=');
        if (eq == std::string::npos || !set_locale(s.substr(0, eq), s.substr(eq + 1)))
            return Error{Errc::InvalidInput, "That locale setting is not valid.",
                         "locale " + s + ": expected <language>=<ICU locale> for one of the kiosk's languages"};
    }
    return Ok{};
}

std::string StringTable::message(std::string_view key, const MessageArgs& args) const {
    return message_in(language_, key, args);
}

std::string StringTable::message_in(std::string_view language, std::string_view key, const MessageArgs& args) const {
    if (!cache_) cache_ = std::make_shared<detail::MessageCache>();
    const std::string locale_name = locale(language);
    bool complete = true;
    // The pattern of `key` in `pattern_language`, formatted in `language`'s locale, if it can be.
    auto attempt = [&](std::string_view pattern_language, std::string& out) {
        const auto t = tables_.find(pattern_language);
        if (t == tables_.end()) return false;
        const auto text = t->second.find(key);
        if (text == t->second.end() || text->second.empty()) return false;
        const std::string ck = cache_key(language, pattern_language, key);
        auto entry = cache_->entries.find(ck);
        if (entry == cache_->entries.end()) {
            detail::CompileResult compiled = detail::compile_message(locale_name, text->second);
            std::shared_ptr<const detail::CompiledMessage> value;
            if (compiled.error.empty()) value = std::make_shared<const detail::CompiledMessage>(std::move(compiled.message));
            entry = cache_->entries.emplace(ck, std::move(value)).first;
        }
        if (!entry->second) return false;
        bool incomplete = false;
        if (!detail::format_message(*entry->second, args, out, incomplete)) return false;
        if (incomplete) complete = false;
        return true;
    };
    std::string out;
    if (attempt(language, out)) {
        if (!complete) missing_.insert(std::string(language) + ":" + std::string(key));
        return out;
    }
    missing_.insert(std::string(language) + ":" + std::string(key));
    if (language != kReferenceLanguage && attempt(kReferenceLanguage, out)) return out;
    return std::string(key);
}

bool StringTable::has(std::string_view language, std::string_view key) const {
    auto t = tables_.find(language);
    if (t == tables_.end()) return false;
    auto it = t->second.find(key);
    return it != t->second.end() && !it->second.empty();
}

std::vector<std::string> StringTable::keys(std::string_view language) const {
    std::vector<std::string> out;
    if (auto t = tables_.find(language); t != tables_.end())
        for (const auto& [key, text] : t->second) out.push_back(key);
    return out;
}

}  // namespace tp::ui
