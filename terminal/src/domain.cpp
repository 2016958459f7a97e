#include "touchpoint/domain.hpp"

#include <array>
#include <utility>

namespace tp {
namespace {

template <typename E, std::size_t N>
const char* name_of(const std::array<std::pair<E, const char*>, N>& names, E value) {
    for (const auto& [v, n] : names)
        if (v == value) return n;
    return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, const char*>, N>& names,
                          const std::string& s) {
    for (const auto& [v, n] : names)
        if (s == n) return v;
    return std::nullopt;
}

constexpr std::array<std::pair<Role, const char*>, 4> kRoles{{
    {Role::Customer, "customer"},
    {Role::Rep, "rep"},
    {Role::Technician, "technician"},
    {Role::Automatic, "automatic"},
}};

constexpr std::array<std::pair<Channel, const char*>, 9> kChannels{{
    {Channel::Web, "web"},
    {Channel::App, "app"},
    {Channel::CallCenter, "call_center"},
    {Channel::Chat, "chat"},
    {Channel::Email, "email"},
    {Channel::Kiosk, "kiosk"},
    {Channel::Terminal, "store_terminal"},
    {Channel::Technician, "technician"},
    {Channel::Service, "service"},
}};

constexpr std::array<std::pair<CaseKind, const char*>, 8> kKinds{{
    {CaseKind::Order, "order"},
    {CaseKind::Return, "return"},
    {CaseKind::Repair, "repair"},
    {CaseKind::Complaint, "complaint"},
    {CaseKind::AccountChange, "account_change"},
    {CaseKind::Callback, "callback"},
    {CaseKind::ServiceRequest, "service_request"},
    {CaseKind::Visit, "visit"},
}};

}  // namespace

const char* to_string(Role r) {
    return name_of(kRoles, r);
}
const char* to_string(Channel c) {
    return name_of(kChannels, c);
}
const char* to_string(CaseKind k) {
    return name_of(kKinds, k);
}
std::optional<Role> role_from_string(const std::string& s) {
    return value_of(kRoles, s);
}
std::optional<Channel> channel_from_string(const std::string& s) {
    return value_of(kChannels, s);
}
std::optional<CaseKind> case_kind_from_string(const std::string& s) {
    return value_of(kKinds, s);
}

const std::string& pick_text(const LocalText& text, std::string_view language,
                             std::string_view fallback_language) {
    for (std::string_view want : {language, fallback_language, std::string_view("en")}) {
        auto it = text.find(want);
        if (it != text.end() && !it->second.empty()) return it->second;
    }
    for (const auto& [lang, value] : text)
        if (!value.empty()) return value;
    static const std::string kNone;
    return kNone;
}

}  // namespace tp
