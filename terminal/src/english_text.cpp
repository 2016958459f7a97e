#include "touchpoint/english_text.hpp"

#include <map>

#include <nlohmann/json.hpp>

namespace tp {

const char* english_table_json();  // generated from assets/strings/en.json (CMakeLists.txt)

namespace {

const std::map<std::string, std::string, std::less<>>& table() {
    static const auto parsed = [] {
        std::map<std::string, std::string, std::less<>> out;
        const auto j = nlohmann::json::parse(english_table_json(), nullptr, false);
        if (j.is_object())
            for (const auto& [key, value] : j.items())
                if (value.is_string()) out.emplace(key, value.get<std::string>());
        return out;
    }();
    return parsed;
}

std::string arg_text(const ErrorArg& arg) {
    if (const auto* s = std::get_if<std::string>(&arg.value)) return *s;
    return std::to_string(std::get<std::int64_t>(arg.value));
}

}  // namespace

bool has_english_text(std::string_view key) {
    return table().find(key) != table().end();
}

std::string english_text(std::string_view key) {
    auto it = table().find(key);
    return it == table().end() ? std::string(key) : it->second;
}

std::string english_text(const Error& error) {
    std::string text = english_text(error.key);
    for (const auto& arg : error.args) {
        const std::string placeholder = "{" + arg.name + "}";
        for (auto at = text.find(placeholder); at != std::string::npos;
             at = text.find(placeholder, at)) {
            const std::string value = arg_text(arg);
            text.replace(at, placeholder.size(), value);
            at += value.size();
        }
    }
    return text;
}

}  // namespace tp
