#pragma once
// The reference central case service (brief §5, docs/sync-protocol.md): an HTTP/JSON server over
// one SQLite file. Tests run it in-process on a free port:
//
//     tp::service::Service svc(config);   // opens the database (and seeds it if asked)
//     if (!svc.open_status()) ...         // why it could not
//     int port = svc.start();             // serving on 127.0.0.1:port when this returns
//     ...
//     svc.stop();                         // also done by the destructor

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "touchpoint/domain.hpp"
#include "touchpoint/error.hpp"

namespace tp::service {

struct EnrollCode {
    std::string code;
    std::string store_id = "S1";
};

// A fault a test injects into one terminal command (ServiceConfig::command_fault).
enum class CommandFault {
    None,
    Database,  // the command's writes fail, as a failing disk would; the batch goes on without it
    Commit,    // the commit of the command's batch fails: nothing of the batch is recorded
    Internal,  // applying the command raises a std::logic_error, as a bug in a rule would
};

// The channel key of the demo: accepted only by a service started with `demo` (--demo).
constexpr const char* kDemoChannelKey = "demo-channel-key";

struct ServiceConfig {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: a free port chosen by the system
    std::string db_path = "touchpoint-service.db";
    std::string channel_key = kDemoChannelKey;
    // A demo service: accepts kDemoChannelKey. Off, that key is refused like a wrong one.
    bool demo = false;
    // The back office's key for POST /v1/terminals/{id}/revoke (X-Operator-Key); empty: the
    // endpoint refuses every call.
    std::string operator_key;
    // A terminal whose last heartbeat (or, before its first one, its enrollment) is older than
    // this is flagged silent on the fleet page and in GET /v1/terminals.
    std::chrono::milliseconds silent_after = std::chrono::minutes(5);
    // HTTPS with this PEM certificate chain and PEM private key; both empty: plain HTTP.
    std::string tls_cert;
    std::string tls_key;
    std::vector<EnrollCode> enroll_codes;  // added to the database when missing
    int seed_demo_size = 0;                // customers to seed into an empty database; 0: none
    Millis demo_anchor = 0;                // time the demo data is relative to; 0: today 00:00 UTC
    std::chrono::milliseconds token_ttl = std::chrono::hours(24);
    std::chrono::milliseconds token_grace = std::chrono::hours(24 * 30);
    std::chrono::milliseconds staff_lockout = std::chrono::minutes(15);
    // A staff member verified online: the grant that lets the terminal act on their rights.
    std::chrono::milliseconds staff_grant_ttl = std::chrono::minutes(60);
    // A customer identified online: the grant that lets the terminal read their context.
    std::chrono::milliseconds customer_grant_ttl = std::chrono::minutes(15);
    // 5 wrong customer PINs in a row lock online identification of that customer this long.
    std::chrono::milliseconds customer_lockout = std::chrono::minutes(15);
    // Limits against slow and greedy clients (docs/security.md, "A service that cannot be
    // starved"). A request's body, chunked or not, is refused 413 past payload_max_bytes.
    std::size_t payload_max_bytes = 1024 * 1024;
    std::size_t max_header_bytes = 16 * 1024;  // request line and headers; 431 past it
    std::size_t max_headers = 64;              // header lines; 431 past it
    // A connection's whole request head must arrive within header_timeout of its accept (else
    // 408); until it has, the connection holds no handler thread. The whole request, body
    // included, must arrive within request_timeout; each read waits at most read_timeout.
    std::chrono::milliseconds header_timeout = std::chrono::seconds(10);
    std::chrono::milliseconds request_timeout = std::chrono::seconds(30);
    std::chrono::milliseconds read_timeout = std::chrono::seconds(5);
    std::size_t max_connections_per_address = 32;  // open at once; beyond: 429 busy
    std::size_t handler_threads = 32;  // requests served at once, besides waiting long polls
    // Long polls waiting at once; beyond it a long poll is answered 429 busy. A waiting long poll
    // steps out of the handler_threads onto a thread of its own (small stack), so short requests
    // always have handler_threads threads.
    std::size_t max_long_polls = 2000;
    // Service time in ms since the epoch. Empty: the system clock. Tests inject a fake clock; it
    // must be callable from any thread.
    std::function<Millis()> clock;
    // Test hook; empty in production. Asked with the command id just before a terminal command's
    // effect and result are committed; the fault it names is injected into that command.
    std::function<CommandFault(const std::string& command_id)> command_fault;
};

// A terminal's latest heartbeat (docs/sync-protocol.md, POST /v1/heartbeat) as stored.
struct TerminalHealth {
    Millis received_at = 0;  // service time it arrived
    std::string version;     // the terminal's Touchpoint version
    std::int64_t queue_depth = 0;            // commands waiting for the service
    std::int64_t oldest_pending_age_ms = 0;  // age of the oldest of them; 0 when none
    std::int64_t stuck_lanes = 0;            // lanes that are not moving
    Millis last_sync_at = 0;                 // terminal time of its last full sync; 0: never
    std::int64_t refused = 0;                // refused commands not dismissed
    std::int64_t clock_offset_ms = 0;        // the terminal's clock minus the service's
    std::int64_t free_disk_bytes = 0;        // free where its database is
};

// A terminal as the operator sees it (`touchpoint-service terminals list`, GET /v1/terminals,
// the fleet page).
struct TerminalRecord {
    std::string id;
    std::string name;
    std::string store_id;
    Millis enrolled_at = 0;
    Millis revoked_at = 0;  // 0: not revoked
    Millis wipe_ordered_at = 0;  // 0: no wipe ordered
    Millis wiped_at = 0;         // 0: not wiped (yet)
    std::optional<TerminalHealth> health;  // empty: no heartbeat yet
};

// Whether the operator should look at `t`: neither revoked nor wiped, and nothing heard from it
// (its last heartbeat, else its enrollment) for longer than `silent_after`.
bool is_silent(const TerminalRecord& t, Millis now, std::chrono::milliseconds silent_after);

// Operator commands on a service database, whether a service is running on it or not; a
// running service sees the change at its next request. Errc::Db* when the database cannot be
// opened or written.
//
// Revokes a terminal (docs/security.md, "Revocation"): its token and renewals fail at once with
// 401 terminal_revoked. Errc::NotFound when no terminal has that id. Idempotent.
Status revoke_terminal(const std::string& db_path, const std::string& terminal_id, Millis now);
Result<std::vector<TerminalRecord>> list_terminals(const std::string& db_path);
// Orders a remote wipe (docs/operations.md): at its next contact the terminal sends its whole
// outbox, deletes its customer data, reports it, and its token is then revoked. Errc::NotFound
// when no terminal has that id. Idempotent: returns the first order's time.
Result<Millis> order_wipe(const std::string& db_path, const std::string& terminal_id, Millis now);

class Service {
  public:
    // Opens (creating if needed) the database, adds the enrollment codes and seeds the demo data.
    // Never throws; a failure is reported by open_status() and start() then returns 0.
    explicit Service(ServiceConfig config);
    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    // Ok, or why the database could not be opened or seeded (Errc::Db*).
    const Status& open_status() const;
    // After a start() that returned 0: why (Errc::InvalidInput: the TLS certificate or key
    // cannot be loaded; Errc::Network: the port cannot be bound). Ok otherwise.
    const Status& start_status() const;

    // Binds and serves on a background thread. Returns the port once the server accepts
    // connections, or 0 when the database is not open or the port cannot be bound.
    // Precondition: not started.
    int start();
    // Drains and stops: GET /v1/health/ready answers 503 from now on, no new connections are
    // accepted, waiting long polls are answered at once, requests in flight are answered; returns
    // when the handler threads have ended. Idempotent.
    void stop();
    // Blocks until the server stops (stop() from another thread, or a failure).
    void wait();

    int port() const;
    // The database epoch: random, fixed when the database was created; part of every cursor.
    std::string epoch() const;

    // Every route as "METHOD /path", path parameters as {name}, e.g. "GET /v1/cases/{id}".
    // The same list is documented in docs/sync-protocol.md §1.
    static std::vector<std::string> routes();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tp::service
