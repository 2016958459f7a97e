#pragma once
// The terminal's side of the /v1 protocol (docs/sync-protocol.md), one call per endpoint.
// Failures are classified for the engine: Network (transient: no answer, 5xx, 429),
// TokenExpired, Unauthorized, CursorExpired, Service (a permanent 4xx), InvalidInput (an answer
// that does not parse).

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

struct PushAnswer {
    std::vector<std::pair<std::string, CommandResult>> answered;  // applied or refused
    std::vector<std::string> retry;  // the service asked to send these again later
};

struct FeedPage {
    std::vector<Change> changes;
    std::string cursor;
    bool more = false;
};

class ServiceClient {
  public:
    explicit ServiceClient(Transport& transport) : transport_(transport) {}

    void set_token(std::string token) { token_ = std::move(token); }
    const std::string& token() const { return token_; }

    Result<Enrollment> enroll(const std::string& code, const std::string& terminal_name);
    Result<Enrollment> renew();
    Result<PushAnswer> push(const std::vector<OutboxEntry>& commands);
    // `wait_s` > 0 long-polls: the service answers as soon as a change is in scope.
    Result<FeedPage> pull(const std::string& cursor, int limit, int wait_s);
    Result<nlohmann::json> verify_staff(const std::string& staff_id, const std::string& pin);
    // GET of any /v1 resource with this terminal's token (lookups, context).
    Result<nlohmann::json> get(const std::string& path);

    Transport& transport() { return transport_; }

  private:
    Result<nlohmann::json> call(HttpRequest request);
    Transport& transport_;
    std::string token_;
};

// The wire form of one outbox entry.
nlohmann::json command_to_wire(const OutboxEntry& entry);

}  // namespace tp::sync
