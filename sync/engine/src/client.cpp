#include "touchpoint/sync/client.hpp"

#include <set>

#include "touchpoint/sync/feed_text.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/sync/answers.hpp"

namespace tp::sync {
namespace {

using nlohmann::json;

Result<std::string> string_field(const json& j, const char* field) {
    auto it = j.find(field);
    if (it == j.end() || !it->is_string())
        return Error{Errc::InvalidInput, "error.service_answer_unreadable",
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

HttpRequest make_request(std::string method, std::string path, std::string body = {},
                         int timeout_ms = 15'000) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    r.timeout_ms = timeout_ms;
    return r;
}

}  // namespace

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

Result<json> ServiceClient::call(HttpRequest request, bool require_echo, std::string* body) {
    if (!token_.empty()) request.headers["Authorization"] = "Bearer " + token_;
    const std::string request_id = new_request_id();
    request.headers["X-Request-Id"] = request_id;
    if (!request.cancelled) request.cancelled = cancelled_;
    auto response = transport_.send(request);
    if (!response) return response.error();
    auto answer = read_answer(*response, request_id, require_echo);
    if (answer && body) *body = std::move(response->body);
    return answer;
}

Result<Enrollment> ServiceClient::enroll(const std::string& code, const std::string& name) {
    auto body =
        call(make_request("POST", "/v1/enroll", json{{"code", code}, {"terminal_name", name}}.dump()));
    if (!body) return body.error();
    return parse_enrollment(*body);
}

Result<Enrollment> ServiceClient::renew() {
    auto body = call(make_request("POST", "/v1/token/renew", "{}"));
    if (!body) return body.error();
    return parse_enrollment(*body);
}

Result<PushAnswer> ServiceClient::push(const std::vector<OutboxEntry>& commands) {
    json batch = json::array();
    std::set<std::string> sent;
    for (const auto& c : commands) {
        batch.push_back(command_to_wire(c));
        sent.insert(c.command_id);
    }
    std::string text;
    try {
        text = json{{"commands", batch}}.dump();
    } catch (const json::exception& e) {
        return Error{Errc::Rejected, "error.request_cannot_send", e.what()};
    }
    auto body = call(make_request("POST", "/v1/commands", std::move(text), 30'000), true);
    if (!body) return body.error();
    auto results = body->find("results");
    if (results == body->end() || !results->is_array())
        return Error{Errc::Network, "error.service_answer_unreadable", "no results"};
    PushAnswer answer;
    std::set<std::string> decided;
    for (const auto& r : *results) {
        if (!r.is_object()) continue;
        const auto id = r.value("command_id", std::string());
        // Only a result naming a command of this batch decides anything, and only once.
        if (!sent.count(id) || decided.count(id)) {
            tp::log::warn("sync", "push: ignored a result for a command not in this batch");
            continue;
        }
        const auto status = r.value("status", std::string());
        if (status != "applied" && status != "refused") {
            RetryAnswer retry{id, r.value("code", std::string()), 0};
            if (auto m = r.find("missing_seq"); m != r.end() && m->is_number_integer())
                retry.missing_seq = m->get<std::int64_t>();
            if (status != "retry")
                tp::log::warn("sync", "command " + id + ": unknown result status, sent again");
            answer.retry.push_back(std::move(retry));
            decided.insert(id);
            continue;
        }
        CommandResult cr;
        cr.status = status;
        cr.code = r.value("code", std::string());
        cr.reason = r.value("reason", std::string());
        cr.alternative = r.value("alternative", std::string());
        cr.alternative_text = r.value("alternative_text", std::string());
        cr.case_id = r.value("case_id", std::string());
        cr.case_version = r.value("case_version", std::int64_t{0});
        cr.server_time = r.value("server_time", Millis{0});
        answer.answered.emplace_back(id, std::move(cr));
        decided.insert(id);
    }
    // A command the answer does not mention was not decided: it is sent again.
    for (const auto& c : commands)
        if (!decided.count(c.command_id)) answer.retry.push_back({c.command_id, "unanswered", 0});
    return answer;
}

Result<FeedPage> ServiceClient::pull(const std::string& cursor, int limit, int wait_s,
                                     std::function<bool()> cancelled) {
    std::string path = "/v1/changes?limit=" + std::to_string(limit);
    if (!cursor.empty()) path += "&cursor=" + url_encode(cursor);
    if (wait_s > 0) path += "&wait=" + std::to_string(wait_s);
    HttpRequest request = make_request("GET", path, {}, (wait_s + 15) * 1000);
    request.cancelled = cancelled;
    std::string response_body;
    auto body = call(std::move(request), false, &response_body);
    if (!body) return body.error();
    FeedPage page;
    try {
        const auto& changes = body->at("changes");
        // Each entity's text as sent is what the cache stores; without it the parsed entity is
        // written out again.
        auto texts = change_data_texts(response_body);
        if (texts && texts->size() != changes.size()) texts.reset();
        std::size_t i = 0;
        for (const auto& c : changes) {
            Change change{c.at("type").get<std::string>(), c.at("id").get<std::string>(),
                          c.value("data", json()), {}};
            if (texts && !change.data.is_null()) change.text = std::string((*texts)[i]);
            page.changes.push_back(std::move(change));
            ++i;
        }
        page.cursor = body->at("cursor").get<std::string>();
        page.more = body->value("more", false);
        page.wipe = body->value("wipe", false);
    } catch (const json::exception& e) {
        return Error{Errc::Network, "error.service_answer_unreadable", e.what()};
    }
    return page;
}

Result<HeartbeatAnswer> ServiceClient::heartbeat(const json& health) {
    auto body = call(make_request("POST", "/v1/heartbeat", health.dump(), 5'000));
    if (!body) return body.error();
    HeartbeatAnswer answer;
    try {
        answer.server_time = body->value("server_time", Millis{0});
        answer.wipe = body->value("wipe", false);
    } catch (const json::exception& e) {
        return Error{Errc::Network, "error.service_answer_unreadable", e.what()};
    }
    return answer;
}

Status ServiceClient::report_wiped() {
    auto body = call(make_request("POST", "/v1/wipe/done", "{}"));
    if (!body) return body.error();
    return Ok{};
}

Result<json> ServiceClient::verify_staff(const std::string& staff_id, const std::string& pin) {
    return call(make_request("POST", "/v1/staff/verify",
                             json{{"staff_id", staff_id}, {"pin", pin}}.dump()));
}

Result<json> ServiceClient::identify_customer(const std::string& customer_id,
                                              const std::string& pin,
                                              const std::map<std::string, std::string>& proof) {
    HttpRequest request = make_request(
        "POST", "/v1/customers/" + url_encode(customer_id) + "/identify", json{{"pin", pin}}.dump());
    for (const auto& [name, value] : proof) request.headers[name] = value;
    return call(std::move(request));
}

Result<json> ServiceClient::get(const std::string& path,
                                const std::map<std::string, std::string>& headers) {
    HttpRequest request = make_request("GET", path);
    for (const auto& [name, value] : headers) request.headers[name] = value;
    return call(std::move(request));
}

}  // namespace tp::sync
