#include "message_format.hpp"

#include <unicode/messagepattern.h>

#include <type_traits>
#include <vector>

namespace tp::ui::detail {

namespace {

icu::Formattable to_formattable(const MessageValue& value) {
    return std::visit(
        [](const auto& v) -> icu::Formattable {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string>)
                return icu::Formattable(icu::UnicodeString::fromUTF8(v));
            else if constexpr (std::is_same_v<T, std::int64_t>)
                return icu::Formattable(static_cast<int64_t>(v));
            else if constexpr (std::is_same_v<T, double>)
                return icu::Formattable(v);
            else
                return icu::Formattable(static_cast<UDate>(v.utc_ms), icu::Formattable::kIsDate);
        },
        value);
}

std::string utf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

}  // namespace

CompileResult compile_message(std::string_view locale, std::string_view pattern) {
    CompileResult result;
    const icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(pattern.data(), pattern.size()));
    UErrorCode status = U_ZERO_ERROR;
    UParseError where{};
    icu::MessagePattern parsed(text, &where, status);
    if (U_FAILURE(status)) {
        result.error = std::string(u_errorName(status)) + " at offset " + std::to_string(where.offset);
        return result;
    }
    for (int32_t i = 0; i < parsed.countParts(); ++i) {
        const icu::MessagePattern::Part& part = parsed.getPart(i);
        if (part.getType() == UMSGPAT_PART_TYPE_ARG_NUMBER) {
            result.error = "numbered argument {" + utf8(parsed.getSubstring(part)) + "}; arguments are named";
            return result;
        }
        if (part.getType() == UMSGPAT_PART_TYPE_ARG_NAME) result.message.names.insert(utf8(parsed.getSubstring(part)));
    }
    const icu::Locale icu_locale = icu::Locale::forLanguageTag(std::string(locale), status);
    if (U_FAILURE(status)) {
        result.error = "locale " + std::string(locale) + ": " + u_errorName(status);
        return result;
    }
    auto format = std::make_unique<icu::MessageFormat>(text, icu_locale, where, status);
    if (U_FAILURE(status)) {
        result.error = std::string(u_errorName(status)) + " at offset " + std::to_string(where.offset);
        return result;
    }
    result.message.format = std::move(format);
    return result;
}

bool format_message(const CompiledMessage& message, const MessageArgs& args, std::string& out, bool& incomplete) {
    std::vector<icu::UnicodeString> names;
    std::vector<icu::Formattable> values;
    names.reserve(args.size() + message.names.size());
    values.reserve(args.size() + message.names.size());
    std::set<std::string_view> given;
    for (const MessageArg& arg : args) {
        names.push_back(icu::UnicodeString::fromUTF8(arg.name));
        values.push_back(to_formattable(arg.value));
        given.insert(arg.name);
    }
    incomplete = false;
    for (const std::string& name : message.names) {
        if (given.count(name)) continue;
        incomplete = true;
        names.push_back(icu::UnicodeString::fromUTF8(name));
        values.emplace_back(icu::UnicodeString());
    }
    icu::UnicodeString text;
    UErrorCode status = U_ZERO_ERROR;
    message.format->format(names.data(), values.data(), static_cast<int32_t>(names.size()), text, status);
    if (U_FAILURE(status)) return false;
    out = utf8(text);
    return true;
}

}  // namespace tp::ui::detail
