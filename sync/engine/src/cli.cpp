#include "touchpoint/sync/cli.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <thread>

#include "touchpoint/command_limits.hpp"
#include "touchpoint/english_text.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/outbox_retention.hpp"
#include "touchpoint/sync/engine.hpp"
#include "touchpoint/sync/enrollment.hpp"
#include "touchpoint/sync/outbox_export.hpp"
#include "touchpoint/utf8.hpp"

namespace tp::sync {
namespace {

using nlohmann::json;

// How long `sync --watch` asks the service to hold a pull when nothing is new.
constexpr int kWatchLongPollS = 20;

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) {
    g_stop = 1;
}

struct Args {
    std::string verb;
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;  // --key value, or --flag -> "1"
};

const std::map<std::string, bool> kOptionTakesValue{
    {"db", true},    {"service", true},  {"code", true},    {"name", true},
    {"case", true},  {"customer", true}, {"payload", true}, {"role", true},
    {"actor", true}, {"staff", true},    {"ca-file", true}, {"interval", true},
    {"once", false}, {"watch", false},   {"json", false},   {"insecure", false},
    {"forget-after-days", true}, {"prune-after-days", true}, {"drop-photos-after-hours", true},
    {"heartbeat-interval", true}, {"config", true}, {"log-level", true},
};

// `text` as a whole number within [lo, hi]; nullopt when it is anything else.
std::optional<long> whole_number(const std::string& text, long lo, long hi) {
    long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi)
        return std::nullopt;
    return value;
}

std::optional<Args> parse(const std::vector<std::string>& raw, std::string& error) {
    Args a;
    a.verb = raw.empty() ? "" : raw[0];
    CLI::App app;
    app.set_help_flag();  // `touchpoint VERB --help` is answered before parsing
    std::map<std::string, std::string> values;
    std::map<std::string, CLI::Option*> given;
    for (const auto& [key, takes_value] : kOptionTakesValue)
        given[key] = takes_value ? app.add_option("--" + key, values[key]) : app.add_flag("--" + key);
    app.add_option("words", a.positional);
    try {
        app.parse(std::vector<std::string>(raw.rbegin(), raw.rend() - (raw.empty() ? 0 : 1)));
    } catch (const CLI::ParseError& e) {
        error = e.what();
        return std::nullopt;
    }
    for (const auto& [key, option] : given)
        if (option->count() > 0) a.options[key] = kOptionTakesValue.at(key) ? values[key] : "1";
    return a;
}

std::string opt(const Args& a, const std::string& key, const std::string& fallback = {}) {
    auto it = a.options.find(key);
    return it == a.options.end() ? fallback : it->second;
}

CliDefaults g_defaults;

std::string db_path(const Args& a) {
    const char* env = std::getenv("TOUCHPOINT_DB");
    return opt(a, "db", env ? env : g_defaults.db);
}

int fail(int code, const std::string& message) {
    std::cerr << "touchpoint: " << message << "\n";
    return code;
}

int exit_for(const Error& e) {
    switch (e.code) {
        case Errc::Network:
        case Errc::Unavailable:
        case Errc::Busy:
            return kExitOffline;
        case Errc::Unauthorized:
        case Errc::TokenExpired:
            return kExitUnauthorized;
        case Errc::Revoked:
            return kExitRevoked;
        case Errc::Untrusted:
            return kExitUntrusted;
        case Errc::DbCannotOpen:
        case Errc::DbCorrupt:
        case Errc::DbIo:
        case Errc::DbNotTouchpoint:
        case Errc::DbTooNew:
            return kExitDatabase;
        default:
            return kExitInvalid;
    }
}

struct Session {
    std::unique_ptr<Store> store;
    std::unique_ptr<Transport> transport;
    SystemClock clock;
    StatusBoard board;
    std::unique_ptr<SyncEngine> engine;
};

// Opens the store and, when a service URL is known, the engine.
std::optional<int> open_session(const Args& a, Session& s, bool need_service) {
    auto store = Store::open(db_path(a));
    if (!store) return fail(exit_for(store.error()), english_text(store.error()));
    s.store = std::move(*store);
    std::string url = opt(a, "service", !g_defaults.service.empty()
                                            ? g_defaults.service
                                            : s.store->meta("service_url").value_or(""));
    if (url.empty()) {
        if (need_service)
            return fail(kExitNotEnrolled,
                        "not enrolled: run `touchpoint enroll --service URL --code CODE` first");
        return std::nullopt;
    }
    TlsOptions tls;
    tls.verify = !a.options.count("insecure") && !g_defaults.insecure;
    tls.ca_file = opt(a, "ca-file", !g_defaults.ca_file.empty()
                                        ? g_defaults.ca_file
                                        : s.store->meta("ca_file").value_or(""));
    if (is_unencrypted_remote(url))
        log::warn("cli", "the service URL is plain http:// to a network host: tokens and customer "
                         "data cross the network unencrypted; use https://");
    EngineConfig config;
    struct Duration {
        const char* option;
        Millis unit;
        long max;
        const char* meaning;  // what the usage error adds
        Millis* field;
    };
    constexpr Millis kHourMs = 3'600'000LL;
    config.customer_retention = g_defaults.forget_after_days * 24 * kHourMs;
    config.answered_command_retention = g_defaults.prune_after_days * 24 * kHourMs;
    config.confirmed_photo_retention = g_defaults.drop_photos_after_hours * kHourMs;
    config.heartbeat_interval = g_defaults.heartbeat_interval_s * 1000LL;
    const Duration durations[] = {
        {"forget-after-days", 24 * kHourMs, 3650, "days from 0 to 3650 (0 keeps every customer)",
         &config.customer_retention},
        {"prune-after-days", 24 * kHourMs, 3650,
         "days from 0 to 3650 (0 keeps every answered command)",
         &config.answered_command_retention},
        {"drop-photos-after-hours", kHourMs, 87600,
         "hours from 0 to 87600 (0 drops a photo's bytes once the service confirmed it)",
         &config.confirmed_photo_retention},
        {"heartbeat-interval", 1000, 86400, "seconds from 0 to 86400 (0 sends none)",
         &config.heartbeat_interval},
    };
    for (const Duration& d : durations) {
        if (!a.options.count(d.option)) continue;
        const auto value = whole_number(opt(a, d.option), 0, d.max);
        if (!value)
            return fail(kExitUsage,
                        "--" + std::string(d.option) + " needs a whole number of " + d.meaning);
        *d.field = *value * d.unit;
    }
    s.transport = make_curl_transport(url, tls);
    s.engine = std::make_unique<SyncEngine>(*s.store, *s.transport, s.clock, s.board, config);
    return std::nullopt;
}

int cmd_enroll(const Args& a) {
    if (opt(a, "service").empty() || opt(a, "code").empty())
        return fail(kExitUsage, "enroll needs --service URL and --code CODE");
    auto store = Store::open(db_path(a));
    if (!store) return fail(exit_for(store.error()), english_text(store.error()));
    EnrollRequest request;
    request.service_url = opt(a, "service");
    request.code = opt(a, "code");
    request.terminal_name = opt(a, "name", "store terminal");
    request.tls.verify = !a.options.count("insecure") && !g_defaults.insecure;
    request.tls.ca_file = opt(a, "ca-file", !g_defaults.ca_file.empty()
                                                ? g_defaults.ca_file
                                                : (*store)->meta("ca_file").value_or(""));
    SystemClock clock;
    StatusBoard board;
    if (auto enrolled = enroll_terminal(**store, clock, board, request); !enrolled)
        return fail(exit_for(enrolled.error()), english_text(enrolled.error()));
    const auto status = board.read();
    std::cout << "enrolled terminal " << status.terminal_id << " for store " << status.store_id
              << "\n";
    return kExitOk;
}

int report_cycle(CycleResult r, Session& s) {
    const auto counts = outbox_counts(*s.store);
    switch (r) {
        case CycleResult::Synced:
            std::cout << "synced: " << counts.pending << " pending, " << counts.refused
                      << " refused, " << counts.held << " held for staff\n";
            return kExitOk;
        case CycleResult::NotEnrolled:
            return fail(kExitNotEnrolled, "not enrolled");
        case CycleResult::Unauthorized:
            return fail(kExitUnauthorized, "the service rejected this terminal; enroll again");
        case CycleResult::Revoked:
            return fail(kExitRevoked, "this terminal has been disabled by the operator; " +
                                          std::to_string(counts.pending) +
                                          " commands stay queued: `touchpoint outbox export FILE` "
                                          "saves them for staff");
        case CycleResult::Offline:
            if (s.board.read().untrusted)
                return fail(kExitUntrusted,
                            "the service's certificate is not trusted (give the CA with --ca-file "
                            "PEM); " + std::to_string(counts.pending) + " commands stay queued");
            return fail(kExitOffline, "service unreachable (" +
                                          english_text(s.board.read().last_error) + "); " +
                                          std::to_string(counts.pending) + " commands stay queued");
        case CycleResult::Stalled:
            return fail(kExitOffline, "the service asked for a later try (" +
                                          english_text(s.board.read().last_error) + "); " +
                                          std::to_string(counts.pending) + " commands stay queued");
        case CycleResult::LocalFailure:
            return fail(kExitDatabase, english_text(s.board.read().local_error));
    }
    return kExitOk;
}

// Changes with every commit another connection makes to the database (a command queued by
// another process); never with this connection's own.
std::int64_t others_commits(Store& store) {
    auto q = store.db().prepare("PRAGMA data_version");
    return q.step() ? q.int64(0) : 0;
}

int cmd_sync(const Args& a) {
    Session s;
    if (auto rc = open_session(a, s, true)) return *rc;
    if (!a.options.count("watch")) return report_cycle(s.engine->cycle(), s);
    g_stop = 0;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    const int interval_ms = std::max(10, std::atoi(opt(a, "interval", "500").c_str()));
    std::string last_line;
    while (!g_stop) {
        if (s.engine->due()) {
            // Taken before the cycle: a command queued while it runs ends the wait that follows.
            const std::int64_t seen = others_commits(*s.store);
            auto r = s.engine->cycle();
            if (r == CycleResult::Unauthorized || r == CycleResult::NotEnrolled ||
                r == CycleResult::Revoked)
                return report_cycle(r, s);
            const auto c = outbox_counts(*s.store);
            const std::string line =
                r == CycleResult::Synced
                    ? "synced: " + std::to_string(c.pending) + " pending, " +
                          std::to_string(c.refused) + " refused"
                    : "offline: " + std::to_string(c.pending) + " commands stay queued";
            if (line != last_line) std::cout << line << std::endl;  // only when it changes
            last_line = line;
            if (r == CycleResult::Synced) {
                // Everything is sent and the feed drained: wait for news. The service answers
                // as soon as a change in scope commits; a command queued meanwhile by another
                // process, or a signal, ends the wait at once (checked at least every 200 ms).
                r = s.engine->pull(kWatchLongPollS,
                                   [&] { return g_stop != 0 || others_commits(*s.store) != seen; });
                if (r == CycleResult::Unauthorized || r == CycleResult::Revoked)
                    return report_cycle(r, s);
                if (r == CycleResult::Synced && !s.engine->long_poll_refused()) continue;
                if (r == CycleResult::Offline && g_stop == 0 && s.engine->pull_due()) continue;
            }
        }
        // A pause before the next try; a signal ends it.
        for (int slept = 0; slept < interval_ms && g_stop == 0; slept += 50)
            std::this_thread::sleep_for(
                std::chrono::milliseconds(std::min(50, interval_ms - slept)));
    }
    return kExitOk;
}

int cmd_status(const Args& a) {
    Session s;
    if (auto rc = open_session(a, s, false)) return *rc;
    const auto counts = outbox_counts(*s.store);
    const auto history = answered_history(*s.store);
    json j{{"enrolled", s.store->token().has_value()},
           {"revoked", s.store->meta("revoked_at").has_value()},
           {"terminal_id", s.store->meta("terminal_id").value_or("")},
           {"store_id", s.store->meta("store_id").value_or("")},
           {"service_url", s.store->meta("service_url").value_or("")},
           {"pending", counts.pending},
           {"refused", counts.refused},
           {"held", counts.held},
           {"oldest_pending_device_time", counts.oldest_pending},
           {"confirmed_kept", history.confirmed},
           {"pruned", history.pruned},
           {"last_seq", history.seq_high}};
    if (a.options.count("json")) {
        std::cout << j.dump() << "\n";
    } else {
        std::cout << "enrolled:  " << (j["enrolled"].get<bool>() ? "yes" : "no")
                  << (j["revoked"].get<bool>() ? " (disabled by the operator)" : "") << "\n"
                  << "terminal:  " << j["terminal_id"].get<std::string>() << "\n"
                  << "store:     " << j["store_id"].get<std::string>() << "\n"
                  << "service:   " << j["service_url"].get<std::string>() << "\n"
                  << "pending:   " << counts.pending << "\n"
                  << "refused:   " << counts.refused << "\n"
                  << "held:      " << counts.held << " (could not be sent; staff decide)\n"
                  << "confirmed: " << history.confirmed << " kept here";
        if (history.pruned > 0)
            std::cout << ", " << history.pruned << " older answered commands pruned";
        std::cout << "\n";
        for (const auto& e : needs_attention(*s.store)) {
            const bool held = e.state == CommandState::Held;
            std::cout << (held ? "  held " : "  refused ") << spec(e.action).wire_name << " on "
                      << e.case_id << ": "
                      << (held ? english_text(e.held_reason) : e.result ? e.result->reason : std::string())
                      << "\n";
        }
    }
    // The status is printed either way; a terminal with no token is "not enrolled" (exit 3).
    return j["enrolled"].get<bool>() ? kExitOk : kExitNotEnrolled;
}

// `text` for a message, or a placeholder when it is not UTF-8 (the terminal shows no raw bytes).
std::string shown(const std::string& text) {
    return is_valid_utf8(text) ? text : "(not UTF-8 text)";
}

// The command `queue` records from its arguments; every text is checked before the store is
// opened, so bad input exits 7 with nothing written.
int cmd_queue(const Args& a) {
    if (a.positional.empty())
        return fail(kExitUsage,
                    "queue needs an action name, e.g. `queue add_note --case ID --payload "
                    "'{\"text\":\"hi\"}'`");
    auto action = action_from_wire(a.positional[0]);
    if (!action) return fail(kExitInvalid, "unknown action " + shown(a.positional[0]));
    const std::string role_name = opt(a, "role", "rep");
    auto role = role_from_string(role_name);
    if (!role) return fail(kExitInvalid, "unknown role " + shown(role_name));
    if (!role_may_issue(*role, *action))
        return fail(kExitInvalid, "a " + role_name + " may not issue " + a.positional[0]);
    json payload = json::parse(opt(a, "payload", "{}"), nullptr, false);
    if (payload.is_discarded())
        return fail(kExitInvalid, "--payload is not valid JSON text (UTF-8)");
    if (!payload.is_object()) return fail(kExitInvalid, "--payload must be a JSON object");
    CommandDraft d;
    d.action = *action;
    d.case_id = opt(a, "case");
    d.customer_id = opt(a, "customer");
    d.payload = std::move(payload);
    d.role = *role;
    d.actor_id = opt(a, "actor", opt(a, "staff"));
    if (d.actor_id.empty() && d.role == Role::Customer) d.actor_id = d.customer_id;
    d.staff_id = opt(a, "staff");
    if (auto problem = command_input_problem(d))
        return fail(kExitInvalid, english_text(*problem) + " (" + problem->detail + ")");

    Session s;
    if (auto rc = open_session(a, s, false)) return *rc;
    if (d.customer_id.empty() && !d.case_id.empty()) {
        try {
            auto q = s.store->db().prepare("SELECT customer_id FROM cases WHERE id = ?");
            q.bind(1, d.case_id);
            if (q.step()) d.customer_id = q.text(0);
        } catch (const DbException& e) {
            log::error("cli", std::string("queue: reading the case's customer: ") + e.what());
            return fail(kExitDatabase, "the local database could not be read; nothing was queued");
        }
    }
    auto recorded = record_command(*s.store, d, s.clock.now());
    if (!recorded) {
        if (!recorded.error().detail.empty())
            log::error("cli", "queue: " + recorded.error().detail);
        return fail(exit_for(recorded.error()), english_text(recorded.error()));
    }
    std::cout << "queued " << recorded->command_id << " seq " << recorded->seq << "\n";
    return kExitOk;
}

// `outbox export FILE`: the commands not confirmed by the service, for staff (outbox_export.hpp).
int cmd_outbox(const Args& a) {
    if (a.positional.size() != 2 || a.positional[0] != "export")
        return fail(kExitUsage, "outbox export needs a file name: `touchpoint outbox export FILE`");
    Session s;
    if (auto rc = open_session(a, s, false)) return *rc;
    auto exported = export_outbox(*s.store, a.positional[1], s.clock.now());
    if (!exported) {
        log::error("cli", "outbox export: " + exported.error().detail);
        return fail(exit_for(exported.error()), english_text(exported.error()));
    }
    std::cout << "exported " << *exported << " commands not confirmed by the service to "
              << a.positional[1] << "\n";
    return kExitOk;
}

}  // namespace

std::string cli_usage() {
    return "usage:\n"
           "  touchpoint enroll --service URL --code CODE [--name NAME] [--db FILE]\n"
           "  touchpoint sync [--watch [--interval MS]] [--db FILE]\n"
           "  touchpoint status [--json] [--db FILE]\n"
           "  touchpoint queue ACTION [--case ID] [--customer ID] [--payload JSON]\n"
           "                   [--role rep|customer|technician] [--actor ID] [--staff ID] [--db "
           "FILE]\n"
           "  touchpoint outbox export FILE [--db FILE]   (commands not confirmed, for staff)\n"
           "options for enroll/sync: --insecure (no TLS verification), --ca-file PEM (kept from\n"
           "enroll on)\n"
           "options for sync: --forget-after-days DAYS (default 14; 0 keeps every customer)\n"
           "                  --prune-after-days DAYS (answered commands; default 30; 0 keeps "
           "them)\n"
           "                  --drop-photos-after-hours HOURS (a confirmed photo's bytes; default "
           "0:\n"
           "                  dropped once the service confirmed it)\n"
           "                  --heartbeat-interval SECONDS (default 60; 0 sends none: the fleet\n"
           "                  page shows the terminal silent)\n"
           "every verb reads db, service, ca_file, insecure, log_level, the retention settings and\n"
           "the heartbeat interval from the kiosk's configuration file (--config FILE; default\n"
           "/etc/touchpoint/touchpoint.toml when it exists); --db FILE, then $TOUCHPOINT_DB, win\n"
           "over it (else ./touchpoint.db)\n"
           "exit codes: 0 ok, 2 usage, 3 not enrolled, 4 service unreachable (commands stay "
           "queued),\n"
           "            5 rejected by the service (enroll again), 6 database error, 7 invalid "
           "input,\n"
           "            8 disabled by the operator (commands stay queued: export them), 9 the "
           "service's\n"
           "            certificate is not trusted (commands stay queued)\n";
}

bool is_cli_verb(const std::string& verb) {
    return verb == "enroll" || verb == "sync" || verb == "status" || verb == "queue" ||
           verb == "outbox";
}

int run_cli(const std::vector<std::string>& raw, const CliDefaults& defaults) {
    g_defaults = defaults;
    std::string error;
    auto args = parse(raw, error);
    if (!args) return fail(kExitUsage, error + "\n" + cli_usage());
    if (args->options.count("log-level") || !defaults.log_level.empty()) {
        const auto level = log::level_from_string(opt(*args, "log-level", defaults.log_level));
        if (!level) return fail(kExitUsage, "--log-level takes debug, info, warn, error or off");
        log::set_level(*level);
    }
    if (args->verb == "enroll") return cmd_enroll(*args);
    if (args->verb == "sync") return cmd_sync(*args);
    if (args->verb == "status") return cmd_status(*args);
    if (args->verb == "queue") return cmd_queue(*args);
    if (args->verb == "outbox") return cmd_outbox(*args);
    return fail(kExitUsage, cli_usage());
}

}  // namespace tp::sync
