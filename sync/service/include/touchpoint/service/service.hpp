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
    Database,  // SQLite fails the command's commit, as a failing disk would
    Internal,  // applying the command raises a std::logic_error, as a bug in a rule would
};

struct ServiceConfig {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: a free port chosen by the system
    std::string db_path = "touchpoint-service.db";
    std::string channel_key = "demo-channel-key";
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
    std::size_t payload_max_bytes = 1024 * 1024;
    std::size_t handler_threads = 32;  // requests served at once; each waiting long poll holds one
    // Service time in ms since the epoch. Empty: the system clock. Tests inject a fake clock; it
    // must be callable from any thread.
    std::function<Millis()> clock;
    // Test hook; empty in production. Asked with the command id just before a terminal command's
    // effect and result are committed; the fault it names is injected into that command.
    std::function<CommandFault(const std::string& command_id)> command_fault;
};

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

    // Binds and serves on a background thread. Returns the port once the server accepts
    // connections, or 0 when the database is not open or the port cannot be bound.
    // Precondition: not started.
    int start();
    // Stops serving: wakes long polls, waits for the server thread. Idempotent.
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
