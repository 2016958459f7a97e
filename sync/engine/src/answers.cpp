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
    const char* message;  // plain language, for the status and the log
};

constexpr std::array<ProtocolCode, 19> kCodes{{
    {"token_expired", Errc::TokenExpired, "The terminal's sign-in to the service expired."},
    {"terminal_revoked", Errc::Revoked, "This terminal has been disabled."},
    {"unauthorized", Errc::Unauthorized, "The service did not accept this terminal."},
    {"cursor_expired", Errc::CursorExpired, "The terminal must download its data again."},
    {"locked", Errc::Locked, "Too many wrong PINs. Try again later."},
    {"not_found", Errc::NotFound, "The service does not have what was asked for."},
    {"invalid_code", Errc::Service, "This enrollment code is not known."},
    {"code_used", Errc::Service, "This enrollment code was used already."},
    {"wrong_pin", Errc::Service, "The staff ID or PIN is wrong."},
    {"bad_json", Errc::Rejected, "The service could not read what this terminal sent."},
    {"invalid", Errc::Rejected, "The service found what this terminal sent invalid."},
    {"too_many", Errc::Rejected, "This terminal sent too many commands at once."},
    {"too_large", Errc::Rejected, "This terminal sent a request that is too large."},
    {"forbidden", Errc::Rejected, "This terminal may not make this request."},
    {"headers_too_large", Errc::Rejected, "This terminal sent a request that is too large."},
    {"busy", Errc::Busy, "The service is busy; the request will be sent again."},
    {"timeout", Errc::Network, "The request took too long to reach the service."},
    {"internal", Errc::Unavailable, "The service failed; the request will be sent again."},
    {"unavailable", Errc::Unavailable, "The service is unavailable; the request will be sent again."},
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
            return Error{Errc::Network, "The service sent an incomplete answer.",
                         status_text(status) + ", body is not a JSON object"};
        if (require_echo && string_at(body, "request_id") != request_id)
            return Error{Errc::Network, "An answer came that was not the service's.",
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
        return Error{Errc::Network, "The service cannot be reached right now.",
                     status_text(status) + ", " + why};
    }
    return Error{known->errc, known->message, status_text(status) + " " + code};
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
