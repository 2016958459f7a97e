#pragma once
// ICU MessageFormat behind StringTable::message: compiling a pattern in a locale and formatting it
// with named arguments. Private to touchpoint_ui.

#include <unicode/msgfmt.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "touchpoint/ui/strings.hpp"

namespace tp::ui::detail {

struct CompiledMessage {
    std::unique_ptr<icu::MessageFormat> format;
    std::set<std::string> names;  // every argument name the pattern uses, nested ones included
};

// A compiled pattern, or why it does not parse (`error` non-empty, `message.format` null).
struct CompileResult {
    CompiledMessage message;
    std::string error;
};

// Parses `pattern` as a MessageFormat pattern with named arguments only (numbered "{0}" is an
// error) for the ICU locale `locale` ("de-DE").
CompileResult compile_message(std::string_view locale, std::string_view pattern);

// Formats `message` with `args`; an argument the pattern names but `args` lacks is given as an
// empty string and reported through `incomplete`. False when ICU refuses (e.g. a string given to
// a plural); `out` is then unspecified.
bool format_message(const CompiledMessage& message, const MessageArgs& args, std::string& out, bool& incomplete);

// Compiled patterns by "<language>\x1f<pattern language>\x1f<key>"; a null entry is a pattern
// that does not parse.
struct MessageCache {
    std::map<std::string, std::shared_ptr<const CompiledMessage>, std::less<>> entries;
};

}  // namespace tp::ui::detail
