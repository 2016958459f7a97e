// touchpoint-service: runs the reference central case service until SIGINT or SIGTERM.
// Usage and exit codes: docs/sync-protocol.md §10 and --help.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <vector>
#include <string>
#include <string_view>

#include "storage/storage.hpp"
#include "text.hpp"
#include "touchpoint/english_text.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/service/service.hpp"

#ifndef TOUCHPOINT_VERSION
#define TOUCHPOINT_VERSION "0.0.0"
#endif

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitDatabase = 3;
constexpr int kExitBind = 4;
constexpr int kExitTls = 5;

constexpr const char* kUsage = R"(Usage: touchpoint-service [options]
       touchpoint-service terminals list [--db FILE|URI]
       touchpoint-service terminals revoke ID [--db FILE|URI]
       touchpoint-service terminals wipe ID [--db FILE|URI]

The reference central case service of Touchpoint (see docs/sync-protocol.md).

  --host ADDRESS            address to listen on (default 127.0.0.1)
  --port N                  port; 0 (default) picks a free one
  --db FILE|URI             the database: an SQLite file (default touchpoint-service.db) or
                            a PostgreSQL libpq URI (postgresql://user@host:5432/name)
  --seed-demo SIZE          seed SIZE demo customers into an empty database (default 40
                            when SIZE is omitted)
  --demo-anchor MS          demo times are relative to this time (default: today 00:00 UTC)
  --enroll-code CODE[:STORE]  accept this one-time enrollment code (store S1 by default);
                            may be repeated
  --channel-key KEY         key the web, app and call center send (X-Channel-Key); the
                            default, demo-channel-key, is accepted only with --demo
  --demo                    a demo service: accepts the demo channel key
  --operator-key KEY        key the back office sends to revoke terminals (X-Operator-Key);
                            none (default): only `terminals revoke` on this machine can
  --token-ttl SECONDS       terminal token lifetime (default 86400)
  --silent-after SECONDS    flag a terminal silent on the fleet page when nothing was heard
                            from it for this long (default 300)
  --tls-cert FILE           serve HTTPS with this PEM certificate chain (with --tls-key)
  --tls-key FILE            the certificate's PEM private key
Limits against slow and greedy clients (docs/security.md):
  --max-body BYTES          request body, chunked or not (default 1048576); 413 past it
  --max-header-bytes BYTES  request line and headers (default 16384); 431 past it
  --max-headers N           header lines (default 64); 431 past it
  --header-timeout SECONDS  a request head must arrive within this (default 10); 408 after
  --request-timeout SECONDS a whole request must arrive within this (default 30)
  --read-timeout SECONDS    longest wait for the next bytes of a request (default 5)
  --max-connections-per-address N  open connections of one client address (default 32)
  --threads N               handler threads for requests that do not wait (default 32)
  --max-long-polls N        long polls waiting at once (default 2000), each on a thread of
                            its own beside --threads; 429 busy past it
  --log-level LEVEL         log to stderr from LEVEL up: debug, info (default), warn, error
                            or off; debug adds a line per request (route, status, request id)
  --help                    this text

`terminals revoke ID` disables a terminal at once, whether the service runs or not: its token
and renewals fail from its next request on (401 terminal_revoked); `terminals list` shows every
terminal, its store, whether it is revoked or wiped, and its latest heartbeat; `terminals wipe
ID` orders a terminal wiped at its next contact (docs/operations.md). Exit codes: 0 done, 2 bad
command line, 3 database error, 6 no terminal with that id.

Prints "listening on HOST:PORT" on stdout once it accepts connections.
Exit codes: 0 stopped by SIGINT/SIGTERM, 2 bad command line, 3 database cannot be opened or
seeded, 4 port cannot be bound, 5 TLS certificate or key cannot be loaded.
)";

bool parse_int(std::string_view text, long long& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    std::string copy(text);
    out = std::strtoll(copy.c_str(), &end, 10);
    return end && *end == '\0';
}

// A numeric limit flag: its range, and where it goes in the configuration.
struct LimitFlag {
    long long min = 0;
    long long max = 0;
    void (*target)(tp::service::ServiceConfig&, long long) = nullptr;
};

LimitFlag limit_flag(std::string_view arg) {
    using C = tp::service::ServiceConfig;
    using std::chrono::seconds;
    constexpr long long kMiB = 1024 * 1024;
    if (arg == "--max-body")
        return {1, 256 * kMiB, [](C& c, long long n) { c.payload_max_bytes = n; }};
    if (arg == "--max-header-bytes")
        return {1024, kMiB, [](C& c, long long n) { c.max_header_bytes = n; }};
    if (arg == "--max-headers")
        return {4, 10000, [](C& c, long long n) { c.max_headers = n; }};
    if (arg == "--header-timeout")
        return {1, 3600, [](C& c, long long n) { c.header_timeout = seconds(n); }};
    if (arg == "--request-timeout")
        return {1, 3600, [](C& c, long long n) { c.request_timeout = seconds(n); }};
    if (arg == "--read-timeout")
        return {1, 3600, [](C& c, long long n) { c.read_timeout = seconds(n); }};
    if (arg == "--max-connections-per-address")
        return {1, 100000, [](C& c, long long n) { c.max_connections_per_address = n; }};
    if (arg == "--threads") return {4, 4096, [](C& c, long long n) { c.handler_threads = n; }};
    if (arg == "--max-long-polls")
        return {0, 100000, [](C& c, long long n) { c.max_long_polls = n; }};
    if (arg == "--silent-after")
        return {1, 30 * 86400, [](C& c, long long n) { c.silent_after = seconds(n); }};
    return {};
}

int usage_error(const std::string& message) {
    std::cerr << "touchpoint-service: " << message << "\nTry --help.\n";
    return kExitUsage;
}

constexpr int kExitNoSuchTerminal = 6;

tp::Millis now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The wipe state and the latest heartbeat of `terminals list`, one line with the rest.
std::string health_columns(const tp::service::TerminalRecord& t) {
    std::string out;
    if (t.wiped_at) out += "  wiped " + tp::service::utc_text(t.wiped_at);
    else if (t.wipe_ordered_at) out += "  wipe ordered " + tp::service::utc_text(t.wipe_ordered_at);
    if (!t.health) return out + "  no heartbeat yet";
    const auto& h = *t.health;
    out += "  heartbeat " + tp::service::utc_text(h.received_at) + "  version " + h.version + "  queue " +
           std::to_string(h.queue_depth) + " (oldest " +
           std::to_string(h.oldest_pending_age_ms / 1000) + " s)  stuck lanes " +
           std::to_string(h.stuck_lanes) + "  refused " + std::to_string(h.refused) +
           "  last sync " + (h.last_sync_at ? tp::service::utc_text(h.last_sync_at) : std::string("never")) +
           "  clock offset " + std::to_string(h.clock_offset_ms) + " ms  free disk " +
           std::to_string(h.free_disk_bytes / (1024 * 1024)) + " MiB";
    return out;
}

// touchpoint-service terminals list|revoke ID|wipe ID [--db FILE|URI]
int terminals_command(int argc, char** argv) {
    std::string db_path = "touchpoint-service.db";
    std::vector<std::string> words;
    for (int i = 2; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--db") {
            if (i + 1 >= argc || !*argv[i + 1]) return usage_error("--db needs a file name or a postgresql:// URI");
            db_path = argv[++i];
        } else {
            words.emplace_back(arg);
        }
    }
    if (!tp::service::storage::is_postgres_uri(db_path) && !std::filesystem::exists(db_path))
        return usage_error("there is no service database " + db_path);
    if (words.size() == 1 && words[0] == "list") {
        auto terminals = tp::service::list_terminals(db_path);
        if (!terminals) {
            std::cerr << "touchpoint-service: " << tp::english_text(terminals.error()) << "\n";
            return kExitDatabase;
        }
        for (const auto& t : *terminals)
            std::cout << t.id << "  store " << t.store_id << "  \"" << t.name << "\"  enrolled "
                      << tp::service::utc_text(t.enrolled_at)
                      << (t.revoked_at ? "  revoked " + tp::service::utc_text(t.revoked_at) : std::string())
                      << health_columns(t) << "\n";
        return kExitOk;
    }
    if (words.size() == 2 && words[0] == "wipe") {
        auto ordered = tp::service::order_wipe(db_path, words[1], now_ms());
        if (!ordered) {
            std::cerr << "touchpoint-service: " << tp::english_text(ordered.error()) << "\n";
            return ordered.error().code == tp::Errc::NotFound ? kExitNoSuchTerminal : kExitDatabase;
        }
        std::cout << "wipe of terminal " << words[1] << " ordered " << tp::service::utc_text(*ordered)
                  << ": done at its next contact, then its token is revoked\n";
        return kExitOk;
    }
    if (words.size() == 2 && words[0] == "revoke") {
        auto revoked = tp::service::revoke_terminal(db_path, words[1], now_ms());
        if (!revoked) {
            std::cerr << "touchpoint-service: " << tp::english_text(revoked.error()) << "\n";
            return revoked.error().code == tp::Errc::NotFound ? kExitNoSuchTerminal : kExitDatabase;
        }
        std::cout << "revoked terminal " << words[1]
                  << ": its token and renewals are refused from now on\n";
        return kExitOk;
    }
    return usage_error("terminals list, terminals revoke ID, or terminals wipe ID");
}

}  // namespace

int main(int argc, char** argv) {
    if (!tp::log::take_log_level_flag(argc, argv)) {
        std::cerr << "Try --help.\n";
        return kExitUsage;
    }
    if (argc >= 2 && std::string_view(argv[1]) == "terminals") return terminals_command(argc, argv);
    tp::service::ServiceConfig config;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        // The option's value: the next argument, or nullptr when there is none.
        auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        long long n = 0;
        if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            return kExitOk;
        } else if (arg == "--host") {
            const char* v = value();
            if (!v || !*v) return usage_error("--host needs an address");
            config.host = v;
        } else if (arg == "--demo") {
            config.demo = true;
        } else if (arg == "--operator-key") {
            const char* v = value();
            if (!v || !*v) return usage_error("--operator-key needs a key");
            config.operator_key = v;
        } else if (arg == "--tls-cert" || arg == "--tls-key") {
            const char* v = value();
            if (!v || !*v) return usage_error(std::string(arg) + " needs a file");
            (arg == "--tls-cert" ? config.tls_cert : config.tls_key) = v;
        } else if (auto limit = limit_flag(arg); limit.target) {
            const char* v = value();
            if (!v || !parse_int(v, n) || n < limit.min || n > limit.max)
                return usage_error(std::string(arg) + " needs a number from " +
                                   std::to_string(limit.min) + " to " + std::to_string(limit.max));
            limit.target(config, n);
        } else if (arg == "--port") {
            const char* v = value();
            if (!v || !parse_int(v, n) || n < 0 || n > 65535)
                return usage_error("--port needs a number from 0 to 65535");
            config.port = static_cast<int>(n);
        } else if (arg == "--db") {
            const char* v = value();
            if (!v || !*v) return usage_error("--db needs a file name or a postgresql:// URI");
            config.db_path = v;
        } else if (arg == "--seed-demo") {
            config.seed_demo_size = 40;
            if (i + 1 < argc && parse_int(argv[i + 1], n)) {
                ++i;
                if (n < 1 || n > 10000000) return usage_error("--seed-demo SIZE must be 1 or more");
                config.seed_demo_size = static_cast<int>(n);
            }
        } else if (arg == "--demo-anchor") {
            const char* v = value();
            if (!v || !parse_int(v, n) || n <= 0)
                return usage_error("--demo-anchor needs milliseconds since the epoch");
            config.demo_anchor = n;
        } else if (arg == "--enroll-code") {
            const char* v = value();
            if (!v || !*v) return usage_error("--enroll-code needs CODE or CODE:STORE");
            std::string spec = v;
            auto colon = spec.find(':');
            tp::service::EnrollCode code{spec.substr(0, colon), "S1"};
            if (colon != std::string::npos) code.store_id = spec.substr(colon + 1);
            if (code.code.empty() || code.store_id.empty())
                return usage_error("--enroll-code needs CODE or CODE:STORE");
            config.enroll_codes.push_back(code);
        } else if (arg == "--channel-key") {
            const char* v = value();
            if (!v || !*v) return usage_error("--channel-key needs a key");
            config.channel_key = v;
        } else if (arg == "--token-ttl") {
            const char* v = value();
            if (!v || !parse_int(v, n) || n < 1) return usage_error("--token-ttl needs seconds");
            config.token_ttl = std::chrono::seconds(n);
        } else {
            return usage_error("unknown option " + std::string(arg));
        }
    }

    if (config.tls_cert.empty() != config.tls_key.empty())
        return usage_error("--tls-cert and --tls-key go together");
    if (config.channel_key == tp::service::kDemoChannelKey && !config.demo)
        tp::log::warn("service", "the demo channel key is refused: give --channel-key, or --demo");

    // Signals are taken by sigwait() below, not by a handler: block them in every thread.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    tp::log::info("service", std::string("touchpoint-service ") + TOUCHPOINT_VERSION +
                                 " starting, database " + tp::service::storage::printable_spec(config.db_path));
    tp::service::Service service(config);
    if (!service.open_status()) {
        const auto& error = service.open_status().error();
        tp::log::error("service", tp::english_text(error) + " (" + error.detail + ")");
        return kExitDatabase;
    }
    int port = service.start();
    if (port == 0) {
        const auto& why = service.start_status();
        if (!why && why.error().code == tp::Errc::InvalidInput) {
            tp::log::error("service", tp::english_text(why.error()) + " (" + why.error().detail + ")");
            return kExitTls;
        }
        tp::log::error("service", "cannot listen on " + config.host + ":" +
                                      std::to_string(config.port));
        return kExitBind;
    }
    // The stdout line is the contract scripts wait for; the log line says it differently so that
    // a script reading both streams cannot take one for the other.
    std::string address = config.host + ":" + std::to_string(port);
    std::cout << "listening on " << address << std::endl;
    tp::log::info("service", "serving on " + address +
                                 (config.tls_cert.empty() ? " (plain HTTP)" : " (HTTPS)") +
                                 ", database epoch " + service.epoch());
    if (config.tls_cert.empty() && config.host != "127.0.0.1" && config.host != "localhost" &&
        config.host != "::1")
        tp::log::warn("service", "plain HTTP on a network address: tokens and customer data "
                                 "cross the network readable; give --tls-cert and --tls-key");

    int received = 0;
    sigwait(&signals, &received);
    tp::log::info("service", received == SIGINT ? "stopping on SIGINT" : "stopping on SIGTERM");
    service.stop();
    tp::log::info("service", "stopped");
    return kExitOk;
}
