#include "error_words.hpp"

namespace tp::ui {
namespace {

MessageArgs message_args(const std::vector<ErrorArg>& args) {
    MessageArgs out;
    out.reserve(args.size());
    for (const auto& arg : args) {
        if (const auto* s = std::get_if<std::string>(&arg.value)) out.push_back({arg.name, *s});
        else out.push_back({arg.name, std::get<std::int64_t>(arg.value)});
    }
    return out;
}

}  // namespace

std::string error_words(const UiContext& ui, const Error& error, std::string_view fallback) {
    if (error.key.empty() || !ui.strings().has(kReferenceLanguage, error.key)) return ui.msg(fallback);
    return ui.msg(error.key, message_args(error.args));
}

std::string key_words(const UiContext& ui, std::string_view key, std::string_view fallback) {
    return error_words(ui, Error{Errc::InvalidInput, std::string(key), {}}, fallback);
}

}  // namespace tp::ui
