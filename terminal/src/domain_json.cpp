#include "touchpoint/domain_json.hpp"

void nlohmann::adl_serializer<tp::LocalText>::to_json(json& j, const tp::LocalText& text) {
    j = json::object();
    for (const auto& [language, value] : text) j[language] = value;
}

void nlohmann::adl_serializer<tp::LocalText>::from_json(const json& j, tp::LocalText& text) {
    text.clear();
    if (j.is_null()) return;
    if (j.is_string()) {
        if (!j.get_ref<const std::string&>().empty()) text.emplace("en", j.get<std::string>());
        return;
    }
    if (!j.is_object())
        throw json::type_error::create(302, "a text must be an object of language -> text", &j);
    for (const auto& [language, value] : j.items()) text.emplace(language, value.get<std::string>());
}

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

void to_json(nlohmann::json& j, const ProcessStep& s) {
    j = nlohmann::json{{"code", s.code}, {"planned", s.planned}, {"actual", s.actual}};
}

void from_json(const nlohmann::json& j, ProcessStep& s) {
    s = ProcessStep{};
    s.planned = j.value("planned", Millis{0});
    s.actual = j.value("actual", Millis{0});
    if (j.contains("code")) {
        s.code = j.at("code").get<std::string>();
        return;
    }
    for (char c : j.value("name", std::string())) {
        if (c == ' ' || c == '-') s.code.push_back('_');
        else if (c >= 'A' && c <= 'Z') s.code.push_back(static_cast<char>(c - 'A' + 'a'));
        else s.code.push_back(c);
    }
}

void to_json(nlohmann::json& j, const InTrayOption& o) {
    j = nlohmann::json{{"id", o.id}, {"text", o.text}};
    if (o.start != 0 || o.end != 0) {
        j["start"] = o.start;
        j["end"] = o.end;
    }
}

void from_json(const nlohmann::json& j, InTrayOption& o) {
    o = InTrayOption{};
    if (j.is_string()) {
        o.id = j.get<std::string>();
        o.text.emplace("en", o.id);
        return;
    }
    o.id = j.at("id").get<std::string>();
    o.text = j.value("text", LocalText{});
    o.start = j.value("start", Millis{0});
    o.end = j.value("end", Millis{0});
}

}  // namespace tp
