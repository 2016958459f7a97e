// The reference case service from outside (docs/performance.md, P9 and P10): the real
// touchpoint-service binary as a child process, with demo data.
//   P10: a bare HTTP round trip (GET /v1/health/live, keep-alive when the service allows it)
//        against a raw TCP echo over loopback measured in the same run.
//   P9:  simulated terminals, each enrolled, bootstrapped and long-polling the feed (wait=20)
//        while they push commands and a channel posts changes: short requests' p99, errors,
//        delivery of every change, the service's CPU and resident set; then the same against
//        three instances on one PostgreSQL (a scratch server), terminals spread round-robin.

#include <atomic>
#include <iostream>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "bench_http.hpp"
#include "bench_report.hpp"
#include "pg_server.hpp"

#ifndef TOUCHPOINT_SERVICE_EXE
#error "TOUCHPOINT_SERVICE_EXE: the touchpoint-service binary"
#endif

namespace {

using namespace tp::bench;
using nlohmann::json;

// The service binary: the one built beside this program, or $SERVICE_BENCH_EXE (to measure
// another build of it with the same program).
std::string service_exe() {
    const char* other = std::getenv("SERVICE_BENCH_EXE");
    return other && *other ? other : TOUCHPOINT_SERVICE_EXE;
}

// ---- P10 ---------------------------------------------------------------------------------

// A raw TCP echo server on loopback for one connection at a time: what a round trip costs with
// nothing but the kernel in the way.
class EchoServer {
  public:
    EchoServer() {
        listen_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
        bind(listen_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        listen(listen_, 8);
        socklen_t len = sizeof a;
        getsockname(listen_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] {
            const int c = accept(listen_, nullptr, nullptr);
            if (c < 0) return;
            const int yes = 1;
            setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
            char buf[4096];
            for (;;) {
                const ssize_t n = recv(c, buf, sizeof buf, 0);
                if (n <= 0) break;
                if (send(c, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) break;
            }
            close(c);
        });
    }
    ~EchoServer() {
        shutdown(listen_, SHUT_RDWR);
        close(listen_);
        thread_.join();
    }
    int port() const { return port_; }

  private:
    int listen_ = -1;
    int port_ = 0;
    std::thread thread_;
};

Samples echo_round_trips(int n, std::size_t bytes) {
    EchoServer echo;
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(echo.port()));
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    Samples s;
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return s;
    std::string msg(bytes, 'x');
    std::vector<char> back(bytes);
    for (int i = 0; i < n; ++i) {
        const auto start = Clock::now();
        if (send(fd, msg.data(), msg.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(msg.size())) break;
        std::size_t got = 0;
        while (got < bytes) {
            const ssize_t r = recv(fd, back.data() + got, bytes - got, 0);
            if (r <= 0) break;
            got += static_cast<std::size_t>(r);
        }
        s.add(seconds_since(start));
    }
    close(fd);
    return s;
}

void p10(const Options& o) {
    const std::string db = (o.dir / "p10.db").string();
    ServiceProcess svc(service_exe(), {"--db", db, "--port", "0"}, (o.dir / "p10.log").string());
    const int n = o.quick ? 2000 : 10000;
    HttpConnection http("127.0.0.1", svc.port());
    for (int i = 0; i < 200; ++i) http.request("GET", "/v1/health/live");  // warm up
    const int opened_before = http.connections_opened();
    Samples h;
    int errors = 0;
    for (int i = 0; i < n; ++i) {
        const auto start = Clock::now();
        if (http.request("GET", "/v1/health/live").status != 200) ++errors;
        h.add(seconds_since(start));
    }
    const int opened = http.connections_opened() - opened_before;
    // The echo moves as many bytes as the HTTP exchange's request.
    const Samples e = echo_round_trips(n, 48);
    const double ratio50 = h.median() / e.median();
    const double ratio99 = h.p99() / e.p99();
    std::cout << "  P10 detail: " << count(n) << " health round trips on " << count(opened)
              << " connections, " << errors << " errors; HTTP p99 " << duration(h.p99())
              << " vs echo p99 " << duration(e.p99()) << " = " << number(ratio99) << "\n";
    figure("P10", "bare HTTP round trip to the service (keep-alive, GET /v1/health/live, p50): " +
                      duration(h.median()) + " vs raw TCP echo " + duration(e.median()) + " = " +
                      ratio_text(ratio50, "<= 3, p50") + "; p99 " + duration(h.p99()) +
                      " vs " + duration(e.p99()),
           ratio50 <= 3.0 && errors == 0);
}

// ---- P9 ----------------------------------------------------------------------------------

constexpr const char* kNoteCase = "RET-C0002-1";  // a demo case of store S1
constexpr const char* kChannelKey = "demo-channel-key";

struct Stats {
    std::mutex mutex;
    Samples short_requests;                // pushes, channel posts, health checks
    std::map<std::string, Samples> kinds;  // the same by kind, and the enrollments
    std::map<std::string, int> errors;     // what failed -> how many times
    void add(const std::string& kind, double seconds) {
        std::lock_guard lock(mutex);
        if (kind != "enroll") short_requests.add(seconds);
        kinds[kind].add(seconds);
    }
    void error(const std::string& what, int status) {
        std::lock_guard lock(mutex);
        ++errors[what + " " + std::to_string(status)];
    }
    int error_count() {
        std::lock_guard lock(mutex);
        int n = 0;
        for (auto& [k, v] : errors) n += v;
        return n;
    }
};

// A loopback address of its own for terminal i: 127.1.x.y.
std::string terminal_address(int i) {
    return "127.1." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
}

struct Terminal {
    int index = 0;
    int port = 0;
    std::string token;
    std::string cursor;
    std::vector<std::string> customers;    // of its store, from its bootstrap
    std::vector<char> seen;                // notes delivered, by number
    std::atomic<int> seen_count{0};
    std::atomic<bool> polling{false};
};

// Marks the notes ("bench-note-<k>-") a feed page carries.
void mark_notes(Terminal& t, const std::string& body) {
    static const std::string kTag = "bench-note-";
    for (std::size_t p = body.find(kTag); p != std::string::npos; p = body.find(kTag, p + 1)) {
        const int k = std::atoi(body.c_str() + p + kTag.size());
        if (k >= 0 && k < static_cast<int>(t.seen.size()) && !t.seen[static_cast<std::size_t>(k)]) {
            t.seen[static_cast<std::size_t>(k)] = 1;
            ++t.seen_count;
        }
    }
}

struct Setup {
    std::string name;
    std::vector<int> ports;  // instances, terminals spread round-robin
    const ServiceProcess* first = nullptr;
    std::vector<const ServiceProcess*> processes;
};

bool run_terminals(const Options& o, const Setup& setup, int terminals) {
    const int notes = o.quick ? 20 : 40;
    const double load_seconds = o.quick ? 10 : 40;
    Stats stats;
    std::vector<std::unique_ptr<Terminal>> ts;
    for (int i = 0; i < terminals; ++i) {
        auto t = std::make_unique<Terminal>();
        t->index = i;
        t->port = setup.ports[static_cast<std::size_t>(i) % setup.ports.size()];
        t->seen.assign(static_cast<std::size_t>(notes), 0);
        ts.push_back(std::move(t));
    }
    std::atomic<bool> stopping{false};
    std::atomic<int> ready{0};
    std::atomic<int> polls{0};
    const auto bootstrap_start = Clock::now();
    std::atomic<long long> bootstrap_ns{0};
    std::vector<SmallThread> threads;
    for (auto& tp : ts) {
        Terminal* t = tp.get();
        threads.emplace_back([&, t] {
            HttpConnection conn(terminal_address(t->index), t->port);
            const std::string code = "BENCH-" + std::to_string(t->index);
            const auto start = Clock::now();
            HttpReply r = conn.request("POST", "/v1/enroll", "",
                                       json{{"code", code}, {"terminal_name", code}}.dump());
            stats.add("enroll", seconds_since(start));
            if (r.status != 200) {
                stats.error("enroll", r.status);
                ++ready;
                return;
            }
            t->token = json::parse(r.body)["token"];
            const std::string auth = "Authorization: Bearer " + t->token + "\r\n";
            // Bootstrap: the whole feed of its scope.
            for (bool more = true; more;) {
                r = conn.request("GET", "/v1/changes?limit=1000" + (t->cursor.empty() ? "" : "&cursor=" + t->cursor), auth);
                if (r.status != 200) {
                    stats.error("bootstrap", r.status);
                    ++ready;
                    return;
                }
                json page = json::parse(r.body);
                for (const auto& c : page["changes"])
                    if (c["type"] == "customer" && t->customers.size() < 50) t->customers.push_back(c["id"]);
                t->cursor = page["cursor"];
                more = page["more"];
            }
            bootstrap_ns.store(std::max<long long>(bootstrap_ns.load(), std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - bootstrap_start).count()));
            ++ready;
            while (!stopping.load()) {
                t->polling = true;
                r = conn.request("GET", "/v1/changes?wait=20&limit=1000&cursor=" + t->cursor, auth, "", 60);
                t->polling = false;
                ++polls;
                if (r.status != 200) {
                    stats.error("long poll", r.status);
                    std::this_thread::sleep_for(std::chrono::seconds(1));
                    continue;
                }
                // The cursor without parsing the page: the simulated terminals share the
                // service's two cores, and their own work must not crowd it out.
                static const std::string kCursor = "\"cursor\":\"";
                const std::size_t at = r.body.rfind(kCursor);
                const std::size_t end = at == std::string::npos ? at : r.body.find('"', at + kCursor.size());
                if (end == std::string::npos) {
                    stats.error("long poll body", r.status);
                    continue;
                }
                mark_notes(*t, r.body);
                t->cursor = r.body.substr(at + kCursor.size(), end - at - kCursor.size());
            }
        });
    }
    while (ready.load() < terminals) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const double bootstrap_s = static_cast<double>(bootstrap_ns.load()) / 1e9;
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the polls reach the service

    std::vector<double> cpu_before;
    for (auto* p : setup.processes) cpu_before.push_back(p->cpu_seconds());
    const auto load_start = Clock::now();
    // The channel: one note every load_seconds / notes.
    SmallThread channel([&] {
        HttpConnection conn("127.0.0.1", setup.ports[0]);
        for (int k = 0; k < notes; ++k) {
            const auto due = load_start + std::chrono::duration<double>(load_seconds * k / notes);
            std::this_thread::sleep_until(due);
            const json body = {{"channel", "call_center"},
                               {"action", "add_note"},
                               {"payload", {{"text", "bench-note-" + std::to_string(k) + "-"}}}};
            const auto start = Clock::now();
            HttpReply r = conn.request("POST", std::string("/v1/cases/") + kNoteCase + "/commands",
                                       std::string("X-Channel-Key: ") + kChannelKey + "\r\n", body.dump());
            stats.add("channel post", seconds_since(start));
            if (r.status != 200 || r.body.find("\"applied\"") == std::string::npos)
                stats.error("channel post", r.status);
        }
    });
    // Pushes: every terminal sends one batch of 3 commands, spread over the load phase.
    std::atomic<int> pushed{0};
    std::vector<SmallThread> pushers;
    const int kPushers = 8;
    for (int w = 0; w < kPushers; ++w) {
        pushers.emplace_back([&, w] {
            for (int i = w; i < terminals; i += kPushers) {
                Terminal& t = *ts[static_cast<std::size_t>(i)];
                const auto due = load_start + std::chrono::duration<double>(load_seconds * i / terminals);
                std::this_thread::sleep_until(due);
                if (t.token.empty() || t.customers.empty()) continue;
                json batch = json::array();
                for (int c = 0; c < 3; ++c) {
                    const std::string customer = t.customers[static_cast<std::size_t>(c) % t.customers.size()];
                    batch.push_back({{"command_id", "bench-" + std::to_string(i) + "-" + std::to_string(c)},
                                     {"terminal_seq", c + 1},
                                     {"case_id", ""},
                                     {"customer_id", customer},
                                     {"action", "feedback"},
                                     {"payload", {{"score", 7}}},
                                     {"actor", {{"role", "customer"}, {"id", customer}}},
                                     {"device_time", 0},
                                     {"case_prev_seq", 0}});
                }
                HttpConnection conn(terminal_address(i), t.port);
                const auto start = Clock::now();
                HttpReply r = conn.request("POST", "/v1/commands", "Authorization: Bearer " + t.token + "\r\n",
                                           json{{"commands", batch}}.dump());
                stats.add("push", seconds_since(start));
                if (r.status != 200 || r.body.find("\"applied\"") == std::string::npos)
                    stats.error("push", r.status);
                ++pushed;
            }
        });
    }
    // Health checks every 50 ms.
    SmallThread health([&] {
        HttpConnection conn("127.0.0.1", setup.ports[0]);
        while (seconds_since(load_start) < load_seconds) {
            const auto start = Clock::now();
            HttpReply r = conn.request("GET", "/v1/health/live");
            stats.add("health", seconds_since(start));
            if (r.status != 200) stats.error("health", r.status);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    channel.join();
    for (auto& p : pushers) p.join();
    health.join();
    // Every note reaches every terminal (within 30 s of the last).
    const auto deliver_start = Clock::now();
    auto all_delivered = [&] {
        for (auto& t : ts)
            if (!t->token.empty() && t->seen_count.load() < notes) return false;
        return true;
    };
    while (!all_delivered() && seconds_since(deliver_start) < 30)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const double delivered_after = seconds_since(deliver_start);
    const double load_wall = seconds_since(load_start);
    double cpu = 0, rss = 0, peak = 0;
    int threads_now = 0;
    for (std::size_t i = 0; i < setup.processes.size(); ++i) {
        cpu += setup.processes[i]->cpu_seconds() - cpu_before[i];
        rss += setup.processes[i]->memory_bytes("VmRSS");
        peak += setup.processes[i]->memory_bytes("VmHWM");
        threads_now += setup.processes[i]->threads();
    }
    long long undelivered = 0;
    for (auto& t : ts)
        if (!t->token.empty()) undelivered += notes - t->seen_count.load();
    // End: one more change wakes every poll, and the terminals stop.
    stopping = true;
    {
        HttpConnection conn("127.0.0.1", setup.ports[0]);
        conn.request("POST", std::string("/v1/cases/") + kNoteCase + "/commands",
                     std::string("X-Channel-Key: ") + kChannelKey + "\r\n",
                     json{{"channel", "call_center"}, {"action", "add_note"}, {"payload", {{"text", "bench-end"}}}}.dump());
    }
    for (auto& t : threads) t.join();

    const int errors = stats.error_count();
    for (auto& [what, n] : stats.errors) std::cout << "  P9 error: " << what << " x" << n << "\n";
    for (auto& [kind, samples] : stats.kinds)
        std::cout << "  P9 " << kind << ": " << count(static_cast<long long>(samples.size())) << ", p50 "
                  << duration(samples.median()) << ", p99 " << duration(samples.p99()) << ", max "
                  << duration(samples.max()) << "\n";
    const double p99 = stats.short_requests.p99();
    std::cout << "  P9 detail (" << setup.name << "): " << count(terminals) << " terminals bootstrapped in "
              << duration(bootstrap_s) << "; " << count(pushed.load()) << " pushes, " << notes
              << " channel changes, " << count(polls.load()) << " long-poll answers; "
              << count(static_cast<long long>(stats.short_requests.size())) << " short requests p50 "
              << duration(stats.short_requests.median()) << ", max " << duration(stats.short_requests.max())
              << "; last change delivered to all " << duration(delivered_after) << " after the load; "
              << "service threads " << threads_now << "\n";
    return figure("P9", setup.name + ", " + count(terminals) + " terminals long-polling (wait=20) and pushing, " +
                            std::to_string(notes) + " channel changes: short request p99 " + duration(p99) +
                            " (target < 100 ms), " + std::to_string(errors) + " errors, " +
                            count(undelivered) + " changes undelivered; service CPU " +
                            number(100.0 * cpu / load_wall, 0) + "% of a core, RSS " + megabytes(rss) +
                            " (peak " + megabytes(peak) + ")",
                  p99 < 0.1 && errors == 0 && undelivered == 0);
}

std::vector<std::string> service_args(int terminals, const std::string& db, bool seed, int customers) {
    std::vector<std::string> args{"--db", db, "--port", "0", "--demo", "--log-level", "warn"};
    if (seed) {
        args.insert(args.end(), {"--seed-demo", std::to_string(customers)});
        for (int i = 0; i < terminals; ++i) args.insert(args.end(), {"--enroll-code", "BENCH-" + std::to_string(i) + ":S1"});
    }
    return args;
}

void p9(const Options& o) {
    const int terminals = o.quick ? 100 : 500;
    const int customers = o.quick ? 50 : 100;
    // $SERVICE_BENCH_P9=postgres or =sqlite: only that half of P9.
    const char* engine = std::getenv("SERVICE_BENCH_P9");
    const std::string only_engine = engine ? engine : "";
    if (only_engine != "postgres") {
        ServiceProcess svc(service_exe(),
                           service_args(terminals, (o.dir / "p9.db").string(), true, customers),
                           (o.dir / "p9.log").string());
        Setup s{"one service on SQLite", {svc.port()}, &svc, {&svc}};
        run_terminals(o, s, terminals);
    }
    if (only_engine == "sqlite") return;
    try {
        tp::service::testing::PgServer pg;
        std::vector<std::unique_ptr<ServiceProcess>> instances;
        for (int i = 0; i < 3; ++i)
            instances.push_back(std::make_unique<ServiceProcess>(
                service_exe(), service_args(terminals, pg.uri(), i == 0, customers),
                (o.dir / ("p9-pg-" + std::to_string(i) + ".log")).string()));
        Setup s{"three instances on one PostgreSQL", {}, instances[0].get(), {}};
        for (auto& p : instances) {
            s.ports.push_back(p->port());
            s.processes.push_back(p.get());
        }
        run_terminals(o, s, terminals);
    } catch (const std::exception& e) {
        figure("P9", std::string("three instances on one PostgreSQL: not run (") + e.what() + ")", false);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse_options(argc, argv, "service_bench");
    raise_file_limit();
    signal(SIGPIPE, SIG_IGN);
    if (o.wants("P10")) p10(o);
    if (o.wants("P9")) p9(o);
    if (!o.keep) std::filesystem::remove_all(o.dir);
    return 0;
}
