#pragma once
// The terminal's side of the /v1 protocol (docs/sync-protocol.md), one call per endpoint. Every
// request carries a fresh X-Request-Id and every answer is classified by read_answer
// (answers.hpp): Network (transient), TokenExpired/Unauthorized (credentials), Rejected (a
// terminal bug), CursorExpired, NotFound, Locked, Service (the user's input).

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "touchpoint/cache.hpp"
#include "touchpoint/error.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/sync/transport.hpp"

namespace tp::sync {

struct Enrollment {
    std::string terminal_id;
    std::string token;
    std::string store_id;
    Millis token_expires_at = 0;
};

// A command of the batch the service did not decide: send it again later.
struct RetryAnswer {
    std::string command_id;
    std::string code;              // out_of_order, unavailable, internal; "unanswered" if absent
    std::int64_t missing_seq = 0;  // out_of_order: the predecessor the service has not recorded
};

// The answer to one batch. Every command of the batch is in exactly one of the two lists; a
// result naming a command that is not in the batch is ignored.
struct PushAnswer {
    std::vector<std::pair<std::string, CommandResult>> answered;  // decided: applied or refused
    std::vector<RetryAnswer> retry;
};

struct FeedPage {
    std::vector<Change> changes;
    std::string cursor;
    bool more = false;
    bool wipe = false;  // the operator ordered this terminal wiped (docs/operations.md)
};

// The service's answer to a heartbeat.
struct HeartbeatAnswer {
    Millis server_time = 0;
    bool wipe = false;
};

class ServiceClient {
  public:
    explicit ServiceClient(Transport& transport) : transport_(transport) {}

    void set_token(std::string token) { token_ = std::move(token); }
    const std::string& token() const { return token_; }
    // Every request gives up once `cancelled` returns true (e.g. the terminal stops).
    void set_cancelled(std::function<bool()> cancelled) { cancelled_ = std::move(cancelled); }

    Result<Enrollment> enroll(const std::string& code, const std::string& terminal_name);
    Result<Enrollment> renew();
    Result<PushAnswer> push(const std::vector<OutboxEntry>& commands);
    // `wait_s` > 0 long-polls: the service answers as soon as a change is in scope.
    // `cancelled`, when given, replaces the client's own for this request.
    Result<FeedPage> pull(const std::string& cursor, int limit, int wait_s,
                          std::function<bool()> cancelled = {});
    // The terminal's health (protocol §3, "Heartbeat"), with a short timeout.
    Result<HeartbeatAnswer> heartbeat(const nlohmann::json& health);
    // Tells the service the wipe it ordered is done (POST /v1/wipe/done).
    Status report_wiped();
    Result<nlohmann::json> verify_staff(const std::string& staff_id, const std::string& pin);
    // The customer's PIN checked by the service: {"grant", "grant_expires_at"} (protocol §13).
    // Needs the signed-in rep's staff grant in `proof`.
    Result<nlohmann::json> identify_customer(const std::string& customer_id,
                                             const std::string& pin,
                                             const std::map<std::string, std::string>& proof);
    // GET of any /v1 resource with this terminal's token (lookups, context), with `headers`
    // added (grants).
    Result<nlohmann::json> get(const std::string& path,
                               const std::map<std::string, std::string>& headers = {});

    Transport& transport() { return transport_; }

  private:
    // `body`, when given, receives the answer's text once it has been read as a success.
    Result<nlohmann::json> call(HttpRequest request, bool require_echo = false,
                                std::string* body = nullptr);
    Transport& transport_;
    std::string token_;
    std::function<bool()> cancelled_;
};

// `s` percent-encoded for a URL path segment or query value (RFC 3986 unreserved kept).
std::string url_encode(const std::string& s);

// The wire form of one outbox entry.
nlohmann::json command_to_wire(const OutboxEntry& entry);

}  // namespace tp::sync
