// touchpoint-service: runs the reference central case service until SIGINT or SIGTERM.
// Usage and exit codes: docs/sync-protocol.md §10 and --help.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

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

constexpr const char* kUsage = R"(Usage: touchpoint-service [options]

The reference central case service of Touchpoint (see docs/sync-protocol.md).

  --port N                  port on 127.0.0.1; 0 (default) picks a free one
  --db FILE                 SQLite database (default touchpoint-service.db)
  --seed-demo SIZE          seed SIZE demo customers into an empty database (default 40
                            when SIZE is omitted)
  --demo-anchor MS          demo times are relative to this time (default: today 00:00 UTC)
  --enroll-code CODE[:STORE]  accept this one-time enrollment code (store S1 by default);
                            may be repeated
  --channel-key KEY         key the web, app and call center send (default demo-channel-key)
  --token-ttl SECONDS       terminal token lifetime (default 86400)
  --log-level LEVEL         log to stderr from LEVEL up: debug, info (default), warn, error
                            or off; debug adds a line per request (route, status, request id)
  --help                    this text

Prints "listening on 127.0.0.1:PORT" on stdout once it accepts connections.
Exit codes: 0 stopped by SIGINT/SIGTERM, 2 bad command line, 3 database cannot be opened or
seeded, 4 port cannot be bound.
)";

bool parse_int(std::string_view text, long long& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    std::string copy(text);
    out = std::strtoll(copy.c_str(), &end, 10);
    return end && *end == '\0';
}

int usage_error(const std::string& message) {
    std::cerr << "touchpoint-service: " << message << "\nTry --help.\n";
    return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
    if (!tp::log::take_log_level_flag(argc, argv)) {
        std::cerr << "Try --help.\n";
        return kExitUsage;
    }
    tp::service::ServiceConfig config;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        // The option's value: the next argument, or nullptr when there is none.
        auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        long long n = 0;
        if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            return kExitOk;
        } else if (arg == "--port") {
            const char* v = value();
            if (!v || !parse_int(v, n) || n < 0 || n > 65535)
                return usage_error("--port needs a number from 0 to 65535");
            config.port = static_cast<int>(n);
        } else if (arg == "--db") {
            const char* v = value();
            if (!v || !*v) return usage_error("--db needs a file name");
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

    // Signals are taken by sigwait() below, not by a handler: block them in every thread.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    tp::log::info("service", std::string("touchpoint-service ") + TOUCHPOINT_VERSION +
                                 " starting, database " + config.db_path);
    tp::service::Service service(config);
    if (!service.open_status()) {
        const auto& error = service.open_status().error();
        tp::log::error("service", error.message + " (" + error.detail + ")");
        return kExitDatabase;
    }
    int port = service.start();
    if (port == 0) {
        tp::log::error("service", "cannot listen on " + config.host + ":" +
                                      std::to_string(config.port));
        return kExitBind;
    }
    // The stdout line is the contract scripts wait for; the log line says it differently so that
    // a script reading both streams cannot take one for the other.
    std::string address = config.host + ":" + std::to_string(port);
    std::cout << "listening on " << address << std::endl;
    tp::log::info("service", "serving on " + address + ", database epoch " + service.epoch());

    int received = 0;
    sigwait(&signals, &received);
    tp::log::info("service", received == SIGINT ? "stopping on SIGINT" : "stopping on SIGTERM");
    service.stop();
    tp::log::info("service", "stopped");
    return kExitOk;
}
