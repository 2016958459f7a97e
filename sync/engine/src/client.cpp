#include "touchpoint/sync/client.hpp"

namespace tp::sync {
namespace {

using nlohmann::json;

std::string url_encode(const std::string& s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
        }
    }
    return out;
}

Error classify(int status, const json& body) {
    std::string code, message;
    if (body.is_object() && body.contains("error") && body["error"].is_object()) {
        code = body["error"].value("code", std::string());
        message = body["error"].value("message", std::string());
    }
    const std::string detail = "HTTP " + std::to_string(status) + " " + code + " " + message;
    if (status == 401 && code == "token_expired")
        return Error{Errc::TokenExpired, "The terminal's sign-in to the service expired.", detail};
    if (status == 401 || status == 403)
        return Error{Errc::Unauthorized, "The service did not accept this terminal.", detail};
    if (status == 410)
        return Error{Errc::CursorExpired, "The terminal must download its data again.", detail};
    if (status == 423) return Error{Errc::Locked, "Too many wrong PINs. Try again later.", detail};
    if (status == 408 || status == 429 || status >= 500)
        return Error{Errc::Network, "The service is busy or unavailable.", detail};
    return Error{Errc::Service, message.empty() ? "The service refused the request." : message,
                 detail};
}

Result<std::string> string_field(const json& j, const char* field) {
    auto it = j.find(field);
    if (it == j.end() || !it->is_string())
        return Error{Errc::InvalidInput, "The service sent an answer this terminal cannot read.",
                     std::string("missing ") + field};
    return it->get<std::string>();
}

Result<Enrollment> parse_enrollment(const json& j) {
    Enrollment e;
    auto token = string_field(j, "token");
    if (!token) return token.error();
    e.token = *token;
    e.terminal_id = j.value("terminal_id", std::string());
    e.store_id = j.value("store_id", std::string());
    e.token_expires_at = j.value("token_expires_at", Millis{0});
    return e;
}

}  // namespace

json command_to_wire(const OutboxEntry& e) {
    return {{"command_id", e.command_id},
            {"terminal_seq", e.seq},
            {"case_prev_seq", e.lane_prev_seq},
            {"case_id", e.case_id},
            {"customer_id", e.customer_id},
            {"action", std::string(spec(e.action).wire_name)},
            {"payload", e.payload},
            {"actor", {{"role", to_string(e.role)}, {"id", e.actor_id}, {"staff_id", e.staff_id}}},
            {"device_time", e.device_time}};
}

Result<json> ServiceClient::call(HttpRequest request) {
    if (!token_.empty()) request.headers["Authorization"] = "Bearer " + token_;
    auto response = transport_.send(request);
    if (!response) return response.error();
    json body = json::parse(response->body, nullptr, false);
    if (response->status < 200 || response->status >= 300)
        return classify(response->status, body.is_discarded() ? json() : body);
    if (body.is_discarded() || !body.is_object())
        return Error{Errc::Network, "The service sent an incomplete answer.",
                     "unparseable body, HTTP " + std::to_string(response->status)};
    return body;
}

Result<Enrollment> ServiceClient::enroll(const std::string& code, const std::string& name) {
    auto body =
        call({"POST", "/v1/enroll", {}, json{{"code", code}, {"terminal_name", name}}.dump()});
    if (!body) return body.error();
    return parse_enrollment(*body);
}

Result<Enrollment> ServiceClient::renew() {
    auto body = call({"POST", "/v1/token/renew", {}, "{}"});
    if (!body) return body.error();
    return parse_enrollment(*body);
}

Result<PushAnswer> ServiceClient::push(const std::vector<OutboxEntry>& commands) {
    json batch = json::array();
    for (const auto& c : commands) batch.push_back(command_to_wire(c));
    auto body = call({"POST", "/v1/commands", {}, json{{"commands", batch}}.dump(), 30'000});
    if (!body) return body.error();
    PushAnswer answer;
    const auto& results = (*body)["results"];
    if (!results.is_array())
        return Error{Errc::Network, "The service sent an incomplete answer.", "no results"};
    for (const auto& r : results) {
        if (!r.is_object()) continue;
        CommandResult cr;
        const auto id = r.value("command_id", std::string());
        cr.status = r.value("status", std::string());
        if (cr.status == "retry" || cr.status.empty()) {
            answer.retry.push_back(id);
            continue;
        }
        cr.code = r.value("code", std::string());
        cr.reason = r.value("reason", std::string());
        cr.alternative = r.value("alternative", std::string());
        cr.alternative_text = r.value("alternative_text", std::string());
        cr.case_id = r.value("case_id", std::string());
        cr.case_version = r.value("case_version", std::int64_t{0});
        cr.server_time = r.value("server_time", Millis{0});
        answer.answered.emplace_back(id, std::move(cr));
    }
    return answer;
}

Result<FeedPage> ServiceClient::pull(const std::string& cursor, int limit, int wait_s) {
    std::string path = "/v1/changes?limit=" + std::to_string(limit);
    if (!cursor.empty()) path += "&cursor=" + url_encode(cursor);
    if (wait_s > 0) path += "&wait=" + std::to_string(wait_s);
    auto body = call({"GET", path, {}, {}, (wait_s + 15) * 1000});
    if (!body) return body.error();
    FeedPage page;
    try {
        for (const auto& c : body->at("changes")) {
            page.changes.push_back({c.at("type").get<std::string>(), c.at("id").get<std::string>(),
                                    c.value("data", json())});
        }
        page.cursor = body->at("cursor").get<std::string>();
        page.more = body->value("more", false);
    } catch (const json::exception& e) {
        return Error{Errc::Network, "The service sent an incomplete answer.", e.what()};
    }
    return page;
}

Result<json> ServiceClient::verify_staff(const std::string& staff_id, const std::string& pin) {
    return call(
        {"POST", "/v1/staff/verify", {}, json{{"staff_id", staff_id}, {"pin", pin}}.dump()});
}

Result<json> ServiceClient::get(const std::string& path) {
    return call({"GET", path, {}, {}});
}

}  // namespace tp::sync
