// touchpoint-service: runs the reference central case service until SIGINT or SIGTERM.
// Usage and exit codes: docs/sync-protocol.md §10 and --help.

#include <CLI/CLI.hpp>

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
#include "touchpoint/service_manager.hpp"
#include "touchpoint/settings.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitDatabase = 3;
constexpr int kExitBind = 4;
constexpr int kExitTls = 5;

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

// touchpoint-service terminals list|revoke ID|wipe ID
int terminals_command(const std::string& db_path, const std::vector<std::string>& words) {
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

// Every key of /etc/touchpoint/service.toml and flag of touchpoint-service
// (packaging/service.toml documents each one).
struct Flags {
    long long port = 0, seed_demo = 0, demo_anchor = 0, token_ttl = 86400, silent_after = 300;
    long long max_body = 1048576, max_header_bytes = 16384, max_headers = 64;
    long long header_timeout = 10, request_timeout = 30, read_timeout = 5;
    long long max_connections_per_address = 32, threads = 32, max_long_polls = 2000;
    std::vector<std::string> enroll_codes;
    std::string log_level = "info";
};

void add_settings(tp::settings::Settings& s, tp::service::ServiceConfig& c, Flags& f) {
    constexpr long long kMiB = 1024 * 1024;
    s.filled_text("host", c.host, "address to listen on")
        .whole("port", f.port, 0, 65535, "port; 0 picks a free one: 0 to 65535")
        .filled_text("db", c.db_path, "the database: an SQLite file or a PostgreSQL libpq URI "
                               "(postgresql://user@host:5432/name)")
        .whole("seed_demo", f.seed_demo, 0, 10'000'000,
               "seed this many demo customers into an empty database (0: none)")
        .whole("demo_anchor", f.demo_anchor, 0, 1LL << 50,
               "demo times are relative to this time, in ms since 1970 (0: today 00:00 UTC)")
        .texts("enroll_code", f.enroll_codes, "CODE or CODE:STORE: accept this one-time "
                                              "enrollment code (store S1 by default); repeatable")
        .text("channel_key", c.channel_key, "key the web, app and call center send (X-Channel-Key); "
                                            "the demo key is accepted only with --demo")
        .flag("demo", c.demo, "a demo service: accepts the demo channel key")
        .text("operator_key", c.operator_key, "key the back office sends (X-Operator-Key); "
                                              "empty: only `terminals` commands on this machine")
        .whole("token_ttl", f.token_ttl, 1, 365LL * 86400, "terminal token lifetime in seconds")
        .whole("silent_after", f.silent_after, 1, 30LL * 86400,
               "seconds without a heartbeat after which the fleet page flags a terminal silent")
        .text("tls_cert", c.tls_cert, "serve HTTPS with this PEM certificate chain (with tls_key)")
        .text("tls_key", c.tls_key, "the certificate's PEM private key")
        .whole("max_body", f.max_body, 1, 256 * kMiB, "request body in bytes; 413 past it")
        .whole("max_header_bytes", f.max_header_bytes, 1024, kMiB,
               "request line and headers in bytes; 431 past it")
        .whole("max_headers", f.max_headers, 4, 10000, "header lines; 431 past them")
        .whole("header_timeout", f.header_timeout, 1, 3600,
               "seconds within which a request head must arrive; 408 after")
        .whole("request_timeout", f.request_timeout, 1, 3600,
               "seconds within which a whole request must arrive")
        .whole("read_timeout", f.read_timeout, 1, 3600, "longest wait in seconds for a request's next bytes")
        .whole("max_connections_per_address", f.max_connections_per_address, 1, 100000,
               "open connections of one client address")
        .whole("threads", f.threads, 4, 4096, "handler threads for requests that do not wait")
        .whole("max_long_polls", f.max_long_polls, 0, 100000,
               "long polls waiting at once; 429 busy past them")
        .choice("log_level", f.log_level, {"debug", "info", "warn", "error", "off"},
                "log to stderr (the journal under systemd) from this level up; debug adds a "
                "line per request (route, status, request id)");
}

// The flags' values in the service's configuration; false (and a message) for a bad enroll code.
bool apply(const Flags& f, tp::service::ServiceConfig& c) {
    using std::chrono::seconds;
    c.port = static_cast<int>(f.port);
    c.seed_demo_size = static_cast<int>(f.seed_demo);
    c.demo_anchor = f.demo_anchor;
    c.token_ttl = seconds(f.token_ttl);
    c.silent_after = seconds(f.silent_after);
    c.payload_max_bytes = f.max_body;
    c.max_header_bytes = f.max_header_bytes;
    c.max_headers = f.max_headers;
    c.header_timeout = seconds(f.header_timeout);
    c.request_timeout = seconds(f.request_timeout);
    c.read_timeout = seconds(f.read_timeout);
    c.max_connections_per_address = f.max_connections_per_address;
    c.handler_threads = f.threads;
    c.max_long_polls = f.max_long_polls;
    for (const auto& spec : f.enroll_codes) {
        const auto colon = spec.find(':');
        tp::service::EnrollCode code{spec.substr(0, colon), "S1"};
        if (colon != std::string::npos) code.store_id = spec.substr(colon + 1);
        if (code.code.empty() || code.store_id.empty()) return false;
        c.enroll_codes.push_back(code);
    }
    tp::log::set_level(*tp::log::level_from_string(f.log_level));
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    tp::service::ServiceConfig config;
    Flags flags;
    tp::settings::Settings settings(
        "touchpoint-service",
        "The reference central case service of Touchpoint (docs/sync-protocol.md). Prints "
        "\"listening on HOST:PORT\" on stdout once it accepts connections. Exit codes: 0 stopped "
        "by SIGINT/SIGTERM, 2 bad command line or configuration, 3 database cannot be opened or "
        "seeded, 4 port cannot be bound, 5 TLS certificate or key cannot be loaded, 6 no terminal "
        "with that id.",
        "/etc/touchpoint/service.toml");
    add_settings(settings, config, flags);
    std::vector<std::string> words;
    auto* terminals = settings.app().add_subcommand(
        "terminals", "terminals list: every terminal, its store, state and latest heartbeat; "
                     "terminals revoke ID: disables a terminal at once, whether the service runs "
                     "or not; terminals wipe ID: orders it wiped at its next contact "
                     "(docs/operations.md)");
    terminals->add_option("words", words, "list, revoke ID or wipe ID")->required();
    terminals->fallthrough();
    settings.check([&] {
        for (const auto& spec : flags.enroll_codes) {
            const auto colon = spec.find(':');
            if (colon == 0 || spec.empty() || (colon != std::string::npos && colon + 1 == spec.size()))
                return "enroll_code needs CODE or CODE:STORE, not \"" + spec + "\"";
        }
        return std::string(config.tls_cert.empty() != config.tls_key.empty()
                               ? "tls_cert and tls_key go together"
                               : "");
    });
    if (auto rc = settings.parse(argc, argv)) return *rc;
    if (!apply(flags, config)) return usage_error("enroll_code needs CODE or CODE:STORE");
    if (terminals->parsed()) return terminals_command(config.db_path, words);

    if (config.channel_key == tp::service::kDemoChannelKey && !config.demo)
        tp::log::warn("service", "the demo channel key is refused: give --channel-key, or --demo");

    // Signals are taken by sigwait() below, not by a handler: block them in every thread.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    tp::log::info("service", std::string("touchpoint-service ") + tp::settings::version() +
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

    tp::service_manager::Notifier notifier;
    notifier.ready("serving on " + address);
    int received = 0;
    sigwait(&signals, &received);
    tp::log::info("service", received == SIGINT ? "stopping on SIGINT" : "stopping on SIGTERM");
    notifier.stopping("draining requests");
    service.stop();
    tp::log::info("service", "stopped");
    return kExitOk;
}
