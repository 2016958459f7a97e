#include "touchpoint/ui/languages.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

namespace tp::ui {

namespace {

Error damaged(const std::filesystem::path& file, const std::string& why) {
    return Error{Errc::InvalidInput, "The kiosk's texts are damaged.", file.string() + ": " + why};
}

}  // namespace

Result<std::vector<LanguageSpec>> load_languages(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{Errc::NotFound, "The kiosk's texts are missing.", "cannot open " + file.string()};
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        return damaged(file, e.what());
    }
    if (!doc.is_object() || !doc.contains("languages") || !doc["languages"].is_array())
        return damaged(file, "no \"languages\" array");
    std::vector<LanguageSpec> out;
    for (const auto& entry : doc["languages"]) {
        const auto text = [&](const char* field) {
            return entry.is_object() && entry.contains(field) && entry[field].is_string()
                       ? entry[field].get<std::string>()
                       : std::string();
        };
        const std::string code = text("code");
        const std::string locale = text("locale");
        if (code.empty() || locale.empty()) return damaged(file, "a language without a code or a locale");
        if (std::any_of(out.begin(), out.end(), [&](const LanguageSpec& l) { return l.code == code; }))
            return damaged(file, "language " + code + " is listed twice");
        std::vector<std::string> rows;
        if (entry.contains("letters") && entry["letters"].is_array())
            for (const auto& row : entry["letters"])
                if (row.is_string() && !row.get<std::string>().empty()) rows.push_back(row.get<std::string>());
        if (rows.empty()) return damaged(file, "language " + code + " has no keyboard letters");
        out.push_back({code, locale, make_keyboard_layout(code, text("keyboard"), rows)});
    }
    if (out.empty()) return damaged(file, "no language");
    return out;
}

}  // namespace tp::ui
