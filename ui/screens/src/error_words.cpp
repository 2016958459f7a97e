#include "error_words.hpp"

namespace tp::ui {
namespace {

std::string arg_text(const ErrorArg& arg) {
    if (const auto* s = std::get_if<std::string>(&arg.value)) return *s;
    return std::to_string(std::get<std::int64_t>(arg.value));
}

}  // namespace

std::string error_words(const UiContext& ui, const Error& error, std::string_view fallback) {
    if (error.key.empty() || !ui.strings().has(kReferenceLanguage, error.key)) return ui.tr(fallback);
    std::string text = ui.tr(error.key);
    for (const auto& arg : error.args) {
        const std::string placeholder = "{" + arg.name + "}";
        for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at)) {
            const std::string value = arg_text(arg);
            text.replace(at, placeholder.size(), value);
            at += value.size();
        }
    }
    return text;
}

std::string key_words(const UiContext& ui, std::string_view key, std::string_view fallback) {
    return error_words(ui, Error{Errc::InvalidInput, std::string(key), {}}, fallback);
}

}  // namespace tp::ui
