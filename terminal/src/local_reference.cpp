#include "touchpoint/local_reference.hpp"

#include <algorithm>
#include <cctype>

namespace tp {

std::string terminal_tag(std::string_view terminal_id) {
    std::string tag;
    for (auto it = terminal_id.rbegin(); it != terminal_id.rend() && tag.size() < 4; ++it)
        if (std::isalnum(static_cast<unsigned char>(*it)))
            tag.insert(tag.begin(), static_cast<char>(std::toupper(static_cast<unsigned char>(*it))));
    return tag;
}

std::string local_reference_prefix(std::string_view store_id, std::string_view terminal_id) {
    return std::string(store_id) + "-" + terminal_tag(terminal_id) + "-";
}

bool is_local_reference(std::string_view reference, std::string_view prefix) {
    if (prefix.empty() || reference.substr(0, prefix.size()) != prefix) return false;
    const std::string_view n = reference.substr(prefix.size());
    return !n.empty() && n.size() <= 9 &&
           std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace tp
