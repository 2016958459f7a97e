#pragma once
// A transport decorator that breaks the network on purpose, deterministically from a seed:
// requests lost before the service sees them, answers lost after the service committed,
// gateway errors, rate limiting, truncated bodies, and slow answers. Used by the sync contract
// tests against the real service.
//
// It also plays the middleboxes of docs/sync-protocol.md §2 (a proxy, a captive portal, a
// gateway, a cache) that answer in the service's place, before or after sending the request on:
// HTML 404/400/502 pages, empty 200s, protocol-shaped errors that are not for this request, 200s
// whose results name other commands, and JSON that is not the service's. The terminal must take
// every one of them as transient: nothing dropped, refused, held or applied twice.

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "touchpoint/sync/transport.hpp"

namespace tp::test {

struct FaultRates {
    double drop_request = 0;   // fail before sending (connection refused)
    double drop_response = 0;  // send, let the service commit, then lose the answer
    double gateway_error = 0;  // answer 500/502/503 without sending
    double rate_limited = 0;   // answer 429 without sending
    double truncate = 0;       // send, then cut the body in half (a reset mid-body)
    double delay = 0;          // send after a short sleep
    int delay_ms = 20;
    // Middleboxes (§2). "Sent on" means the service got the request, and may have committed it,
    // before the middlebox replaced its answer.
    double html_404 = 0;       // 404 with an HTML page, not sent on
    double html_400 = 0;       // 400 with an HTML page, not sent on
    double html_502 = 0;       // 502 with an HTML page, not sent on
    double empty_200 = 0;      // 200 with an empty body; half of them sent on
    double foreign_error = 0;  // 400 {"error":{"code":"invalid",...}} with another request's id
                               // or with none (now and then another code: 401, 404, 410); half
                               // of them sent on
    double wrong_results = 0;  // POST /v1/commands only, sent on: the results name other commands
                               // (renamed ids, or an earlier answer replayed)
    double foreign_json = 0;   // 200 with JSON that is not the service's answer to this request
                               // (no request_id echo); half of them sent on

    // All the middlebox answers at `rate` each.
    static FaultRates middleboxes(double rate) {
        FaultRates r;
        r.html_404 = r.html_400 = r.html_502 = r.empty_200 = r.foreign_error = r.wrong_results =
            r.foreign_json = rate;
        return r;
    }
};

// What was injected, per kind (Delay is not a fault and not counted in total()).
enum class FaultKind {
    DropRequest,
    DropResponse,
    Gateway,
    RateLimited,
    Truncate,
    Html404,
    Html400,
    Html502,
    Empty200,
    ForeignError,
    WrongResults,
    ForeignJson,
    kCount
};

inline const char* to_string(FaultKind k) {
    static constexpr const char* kNames[] = {"drop_request",  "drop_response", "gateway",
                                             "rate_limited",  "truncate",      "html_404",
                                             "html_400",      "html_502",      "empty_200",
                                             "foreign_error", "wrong_results", "foreign_json"};
    return kNames[static_cast<int>(k)];
}

struct FaultCounts {
    static constexpr int kKinds = static_cast<int>(FaultKind::kCount);
    std::array<int, kKinds> injected{};
    std::array<int, kKinds> sent_on{};  // of those, how many after the service got the request

    int operator[](FaultKind k) const { return injected[static_cast<int>(k)]; }
    int total() const {
        int n = 0;
        for (int v : injected) n += v;
        return n;
    }
    FaultCounts& operator+=(const FaultCounts& o) {
        for (int i = 0; i < kKinds; ++i) {
            injected[i] += o.injected[i];
            sent_on[i] += o.sent_on[i];
        }
        return *this;
    }
    // "drop_request=12 ... empty_200=30(14 sent on) ..."
    std::string summary() const {
        std::ostringstream out;
        for (int i = 0; i < kKinds; ++i) {
            if (i) out << ' ';
            out << to_string(static_cast<FaultKind>(i)) << '=' << injected[i];
            if (sent_on[i] && sent_on[i] != injected[i]) out << '(' << sent_on[i] << " sent on)";
        }
        return out.str();
    }
};

class FaultyTransport final : public sync::Transport {
  public:
    FaultyTransport(sync::Transport& inner, std::uint64_t seed, FaultRates rates = {})
        : inner_(inner), rng_(seed), rates_(rates) {}

    void set_rates(FaultRates rates) {
        std::lock_guard lock(mutex_);
        rates_ = rates;
    }
    // While down, every request fails as if the service were unreachable.
    void set_down(bool down) {
        std::lock_guard lock(mutex_);
        down_ = down;
    }
    int faults_injected() const {
        std::lock_guard lock(mutex_);
        return counts_.total();
    }
    FaultCounts counts() const {
        std::lock_guard lock(mutex_);
        return counts_;
    }
    // Requests sent through this transport, answered or not.
    int requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

    Result<sync::HttpResponse> send(const sync::HttpRequest& request) override {
        Fault fault = Fault::None;
        int gateway_status = 503;
        int delay_ms = 0;
        bool sent_on = false;    // the middlebox passes the request on, then replaces the answer
        std::uint64_t pick = 0;  // which variant of the middlebox's answer
        std::string other_id;    // a request id that is not this request's
        const bool commands = request.method == "POST" && request.path == "/v1/commands";
        {
            std::lock_guard lock(mutex_);
            ++requests_;
            if (down_) return network("service down");
            std::uniform_real_distribution<double> u(0, 1);
            const double r = u(rng_);
            double acc = 0;
            auto hit = [&](double p) { return r < (acc += p); };
            if (hit(rates_.drop_request))
                fault = Fault::DropRequest;
            else if (hit(rates_.drop_response))
                fault = Fault::DropResponse;
            else if (hit(rates_.gateway_error))
                fault = Fault::Gateway;
            else if (hit(rates_.rate_limited))
                fault = Fault::RateLimited;
            else if (hit(rates_.truncate))
                fault = Fault::Truncate;
            else if (hit(rates_.delay))
                fault = Fault::Delay;
            else if (hit(rates_.html_404))
                fault = Fault::Html404;
            else if (hit(rates_.html_400))
                fault = Fault::Html400;
            else if (hit(rates_.html_502))
                fault = Fault::Html502;
            else if (hit(rates_.empty_200))
                fault = Fault::Empty200;
            else if (hit(rates_.foreign_error))
                fault = Fault::ForeignError;
            else if (hit(rates_.wrong_results))
                fault = commands ? Fault::WrongResults : Fault::None;
            else if (hit(rates_.foreign_json))
                fault = Fault::ForeignJson;
            gateway_status = std::array{500, 502, 503}[rng_() % 3];
            delay_ms = rates_.delay_ms;
            // The middleboxes draw more only when one answers, so the older faults keep their
            // sequence for a given seed.
            if (fault >= Fault::Html404) {
                pick = rng_();
                sent_on = fault == Fault::WrongResults ||
                          ((fault == Fault::Empty200 || fault == Fault::ForeignError ||
                            fault == Fault::ForeignJson) &&
                           (pick & 1));
                other_id = !last_request_id_.empty() && (pick & 2)
                               ? last_request_id_  // the answer to the previous request
                               : "proxy-" + std::to_string(rng_() % 1'000'000'000);
            }
            if (auto id = request.headers.find("X-Request-Id"); id != request.headers.end())
                last_request_id_ = id->second;
            if (fault != Fault::None && fault != Fault::Delay) {
                const auto kind = static_cast<int>(to_kind(fault));
                ++counts_.injected[kind];
                if (sent_on || fault == Fault::DropResponse || fault == Fault::Truncate)
                    ++counts_.sent_on[kind];
            }
        }
        switch (fault) {
            case Fault::DropRequest:
                return network("connection refused (injected)");
            case Fault::Gateway:
                return sync::HttpResponse{gateway_status, "<html>bad gateway</html>"};
            case Fault::RateLimited:
                return sync::HttpResponse{429, ""};
            case Fault::Delay:
                std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
                break;
            case Fault::Html404:
                return sync::HttpResponse{404, html_page("404 Not Found")};
            case Fault::Html400:
                return sync::HttpResponse{400, html_page("400 Bad Request")};
            case Fault::Html502:
                return sync::HttpResponse{502, html_page("502 Bad Gateway")};
            default:
                break;
        }
        if (fault >= Fault::Html404 && !sent_on) return made_up_answer(fault, pick, other_id);
        auto response = inner_.send(request);
        if (!response) return response;
        if (fault == Fault::DropResponse) return network("connection reset after send (injected)");
        if (fault == Fault::Truncate) {
            auto cut = *response;
            cut.body.resize(cut.body.size() / 2);
            return cut;
        }
        sync::HttpResponse answer = *response;
        if (fault == Fault::WrongResults) answer = wrong_results(request, *response, pick);
        if (fault == Fault::ForeignJson && commands && (pick & 4)) {
            // The service's own answer without its echo: not provably this request's.
            auto body = nlohmann::json::parse(response->body, nullptr, false);
            if (body.is_object()) {
                body.erase("request_id");
                answer = {200, body.dump()};
            } else {
                answer = made_up_answer(fault, pick, other_id);
            }
        } else if (fault >= Fault::Html404 && fault != Fault::WrongResults) {
            answer = made_up_answer(fault, pick, other_id);
        }
        if (commands && response->status == 200) remember_commands_answer(response->body);
        return answer;
    }

    void wake() override { inner_.wake(); }

  private:
    // FaultKind's order, with None first and Delay after Truncate.
    enum class Fault {
        None,
        DropRequest,
        DropResponse,
        Gateway,
        RateLimited,
        Truncate,
        Delay,
        Html404,
        Html400,
        Html502,
        Empty200,
        ForeignError,
        WrongResults,
        ForeignJson
    };
    static FaultKind to_kind(Fault fault) {
        const int f = static_cast<int>(fault);
        return static_cast<FaultKind>(f < static_cast<int>(Fault::Delay) ? f - 1 : f - 2);
    }

    static Result<sync::HttpResponse> network(const char* what) {
        return Error{Errc::Network, "error.unreachable", what};
    }

    static std::string html_page(const std::string& title) {
        return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><h1>" + title +
               "</h1><p>Store Wi-Fi: sign in to continue.</p></body></html>";
    }

    // What a middlebox answers in the service's place.
    static sync::HttpResponse made_up_answer(Fault fault, std::uint64_t pick,
                                             const std::string& other_id) {
        using nlohmann::json;
        if (fault == Fault::Empty200) return {200, ""};
        if (fault == Fault::ForeignError) {
            // Protocol-shaped, a code of the table, but not this request's: another request's id,
            // or none. Mostly 400 invalid; also codes that would make a terminal re-enroll,
            // renew, download again or hold the command if it believed them.
            struct Shape {
                int status;
                const char* code;
            };
            static constexpr Shape kShapes[] = {{400, "invalid"},        {400, "invalid"},
                                                {400, "invalid"},        {400, "invalid"},
                                                {401, "unauthorized"},   {401, "token_expired"},
                                                {410, "cursor_expired"}, {404, "not_found"}};
            const Shape& shape = kShapes[(pick >> 8) % std::size(kShapes)];
            json error = {{"code", shape.code}, {"message", "The request is invalid."}};
            if (pick & 8) error["request_id"] = other_id;
            return {shape.status, json{{"error", error}}.dump()};
        }
        // JSON that is not the service's: a portal's status, results without an echo, an array,
        // a feed-shaped object without a cursor.
        static const char* const kBodies[] = {
            R"({"status":"ok","portal":"https://login.store-wifi.example/"})",
            R"({"results":[]})",
            R"([])",
            R"({"changes":[],"more":false})",
        };
        return {200, kBodies[(pick >> 4) % std::size(kBodies)]};
    }

    // A 200 whose results name other commands than this batch's: the real answer with some
    // command ids renamed (to ids of earlier batches, or made up), the echo kept; or an earlier
    // answer of this terminal replayed, with this request's echo or with its own old one. Never
    // an id of this batch: a middlebox that forges the echo and swaps results inside the batch
    // cannot be told from the service (§2 offers no defence against that).
    sync::HttpResponse wrong_results(const sync::HttpRequest& request,
                                     const sync::HttpResponse& real, std::uint64_t pick) {
        using nlohmann::json;
        auto body = json::parse(real.body, nullptr, false);
        if (real.status != 200 || !body.is_object() || !body.contains("results") ||
            !body["results"].is_array()) {
            std::lock_guard lock(mutex_);
            --counts_.injected[static_cast<int>(FaultKind::WrongResults)];
            --counts_.sent_on[static_cast<int>(FaultKind::WrongResults)];
            return real;
        }
        std::set<std::string> in_batch;
        auto sent = json::parse(request.body, nullptr, false);
        if (sent.is_object() && sent.contains("commands") && sent["commands"].is_array())
            for (const auto& c : sent["commands"])
                if (c.is_object() && c.contains("command_id") && c["command_id"].is_string())
                    in_batch.insert(c["command_id"].get<std::string>());
        std::lock_guard lock(mutex_);
        const int variant = static_cast<int>((pick >> 4) % 3);
        if (variant > 0 && !earlier_answers_.empty()) {
            json replay = json::parse(earlier_answers_[rng_() % earlier_answers_.size()]);
            if (variant == 1) replay["request_id"] = body.value("request_id", std::string());
            return {200, replay.dump()};
        }
        std::vector<std::string> elsewhere;
        for (const auto& id : earlier_ids_)
            if (!in_batch.count(id)) elsewhere.push_back(id);
        auto& results = body["results"];
        for (std::size_t i = 0; i < results.size(); ++i) {
            if (i > 0 && rng_() % 2) continue;  // the first always, the others by chance
            auto& r = results[i];
            if (!r.is_object()) continue;
            r["command_id"] = !elsewhere.empty() && rng_() % 2
                                  ? elsewhere[rng_() % elsewhere.size()]
                                  : r.value("command_id", std::string()) + "-elsewhere";
        }
        return {200, body.dump()};
    }

    // The last few real answers to POST /v1/commands and the ids they named.
    void remember_commands_answer(const std::string& text) {
        auto body = nlohmann::json::parse(text, nullptr, false);
        if (!body.is_object() || !body.contains("results") || !body["results"].is_array()) return;
        std::lock_guard lock(mutex_);
        earlier_answers_.push_back(text);
        if (earlier_answers_.size() > 8) earlier_answers_.pop_front();
        for (const auto& r : body["results"])
            if (r.is_object() && r.contains("command_id") && r["command_id"].is_string())
                earlier_ids_.push_back(r["command_id"].get<std::string>());
        while (earlier_ids_.size() > 256) earlier_ids_.pop_front();
    }

    sync::Transport& inner_;
    mutable std::mutex mutex_;
    std::mt19937_64 rng_;
    FaultRates rates_;
    bool down_ = false;
    int requests_ = 0;
    FaultCounts counts_;
    std::string last_request_id_;
    std::deque<std::string> earlier_answers_;
    std::deque<std::string> earlier_ids_;
};

}  // namespace tp::test
