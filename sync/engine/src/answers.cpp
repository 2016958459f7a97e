#include "touchpoint/sync/answers.hpp"

#include <array>
#include <string_view>

#include "touchpoint/crypto.hpp"

namespace tp::sync {
namespace {

using nlohmann::json;

struct ProtocolCode {
    std::string_view code;
    Errc errc;
    const char* key;  // string-table key: what the status and the screens say
};

constexpr std::array<ProtocolCode, 19> kCodes{{
    {"token_expired", Errc::TokenExpired, "error.token_expired"},
    {"terminal_revoked", Errc::Revoked, "error.terminal_revoked"},
    {"unauthorized", Errc::Unauthorized, "error.enroll_again"},
    {"cursor_expired", Errc::CursorExpired, "error.cursor_expired"},
    {"locked", Errc::Locked, "error.pin_locked"},
    {"not_found", Errc::NotFound, "error.service_not_found"},
    {"invalid_code", Errc::Service, "not_set_up.code_refused"},
    {"code_used", Errc::Service, "not_set_up.code_used"},
    {"wrong_pin", Errc::Service, "error.wrong_pin"},
    {"bad_json", Errc::Rejected, "error.rejected"},
    {"invalid", Errc::Rejected, "error.rejected"},
    {"too_many", Errc::Rejected, "error.rejected"},
    {"too_large", Errc::Rejected, "error.rejected"},
    {"forbidden", Errc::Rejected, "error.rejected"},
    {"headers_too_large", Errc::Rejected, "error.rejected"},
    {"busy", Errc::Busy, "error.service_busy"},
    {"timeout", Errc::Network, "error.unreachable"},
    {"internal", Errc::Unavailable, "error.service_unavailable"},
    {"unavailable", Errc::Unavailable, "error.service_unavailable"},
}};

const ProtocolCode* find_code(std::string_view code) {
    for (const auto& c : kCodes)
        if (c.code == code) return &c;
    return nullptr;
}

std::string string_at(const json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string status_text(int status) {
    return "HTTP " + std::to_string(status);
}

}  // namespace

std::string new_request_id() {
    return new_uuid();
}

Result<json> read_answer(const HttpResponse& response, const std::string& request_id,
                         bool require_echo) {
    const int status = response.status;
    json body = json::parse(response.body, nullptr, false);
    const bool object = !body.is_discarded() && body.is_object();
    if (status >= 200 && status < 300) {
        if (!object)
            return Error{Errc::Network, "error.service_answer_unreadable",
                         status_text(status) + ", body is not a JSON object"};
        if (require_echo && string_at(body, "request_id") != request_id)
            return Error{Errc::Network, "error.service_answer_unreadable",
                         status_text(status) + ", request_id not echoed"};
        return body;
    }
    // Not 2xx: a protocol error only when it says so in the protocol's own words.
    const json* error = nullptr;
    if (object) {
        auto it = body.find("error");
        if (it != body.end() && it->is_object()) error = &*it;
    }
    const std::string code = error ? string_at(*error, "code") : std::string();
    const ProtocolCode* known = find_code(code);
    const bool echoed = error && string_at(*error, "request_id") == request_id;
    if (!known || !echoed) {
        const char* why = !error   ? "not a protocol error"
                          : !known ? "unknown error code"
                                   : "request_id not echoed";
        return Error{Errc::Network, "error.unreachable",
                     status_text(status) + ", " + why};
    }
    return Error{known->errc, known->key, status_text(status) + " " + code};
}

std::string protocol_code(const Error& error) {
    // read_answer's detail for a protocol error is "HTTP <status> <code>".
    const std::string& d = error.detail;
    if (d.rfind("HTTP ", 0) != 0) return "";
    auto space = d.rfind(' ');
    if (space == std::string::npos || space < 5) return "";
    std::string code = d.substr(space + 1);
    return find_code(code) ? code : "";
}

}  // namespace tp::sync
