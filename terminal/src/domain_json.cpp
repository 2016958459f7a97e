#include "touchpoint/domain_json.hpp"

namespace tp {

namespace {
template <typename E, typename Parse>
void enum_from_json(const nlohmann::json& j, E& v, Parse parse, const char* what) {
    auto parsed = parse(j.get<std::string>());
    if (!parsed) throw nlohmann::json::other_error::create(501, std::string("unknown ") + what, &j);
    v = *parsed;
}
}  // namespace

void to_json(nlohmann::json& j, Role v) {
    j = to_string(v);
}
void from_json(const nlohmann::json& j, Role& v) {
    enum_from_json(j, v, role_from_string, "role");
}
void to_json(nlohmann::json& j, Channel v) {
    j = to_string(v);
}
void from_json(const nlohmann::json& j, Channel& v) {
    enum_from_json(j, v, channel_from_string, "channel");
}
void to_json(nlohmann::json& j, CaseKind v) {
    j = to_string(v);
}
void from_json(const nlohmann::json& j, CaseKind& v) {
    enum_from_json(j, v, case_kind_from_string, "case kind");
}

}  // namespace tp
