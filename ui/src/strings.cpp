#include "touchpoint/ui/strings.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

namespace tp::ui {

bool is_supported_language(std::string_view language) {
    return std::find(kLanguages.begin(), kLanguages.end(), language) != kLanguages.end();
}

Result<StringTable> StringTable::load(const std::filesystem::path& dir) {
    StringTable table;
    for (std::string_view lang : kLanguages) {
        const auto path = dir / (std::string(lang) + ".json");
        std::ifstream in(path, std::ios::binary);
        if (!in)
            return Error{Errc::NotFound, "The kiosk's texts are missing.",
                         "cannot open " + path.string()};
        nlohmann::json doc;
        try {
            doc = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            return Error{Errc::InvalidInput, "The kiosk's texts are damaged.",
                         path.string() + ": " + e.what()};
        }
        if (!doc.is_object())
            return Error{Errc::InvalidInput, "The kiosk's texts are damaged.",
                         path.string() + ": not a JSON object"};
        Table& t = table.tables_[std::string(lang)];
        for (const auto& [key, value] : doc.items()) {
            if (!value.is_string())
                return Error{Errc::InvalidInput, "The kiosk's texts are damaged.",
                             path.string() + ": value of " + key + " is not a string"};
            t.emplace(key, value.get<std::string>());
        }
    }
    if (table.tables_[std::string(kReferenceLanguage)].empty())
        return Error{Errc::InvalidInput, "The kiosk's texts are damaged.", "en.json is empty"};
    return table;
}

StringTable StringTable::from_values(std::map<std::string, std::map<std::string, std::string>> tables) {
    StringTable table;
    for (auto& [lang, values] : tables) {
        Table& t = table.tables_[lang];
        for (auto& [key, text] : values) t.emplace(key, std::move(text));
    }
    return table;
}

bool StringTable::set_language(std::string_view language) {
    if (!is_supported_language(language)) return false;
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

std::string format(std::string_view pattern, std::initializer_list<std::string_view> args) {
    std::string out;
    out.reserve(pattern.size() + 32);
    auto next = args.begin();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '%' && i + 1 < pattern.size()) {
            if (pattern[i + 1] == 's') {
                if (next != args.end()) out += *next++;
                ++i;
                continue;
            }
            if (pattern[i + 1] == '%') {
                out += '%';
                ++i;
                continue;
            }
        }
        out += pattern[i];
    }
    return out;
}

}  // namespace tp::ui
