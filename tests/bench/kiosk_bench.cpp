// kiosk_bench: P5 (cold start to the first interactive frame with a big cache, peak RSS) and
// P6 (frame build on the busiest screen; a full software-rendered 1920x1080 frame).
//
// P5 starts this program again as a child (--cold-start-child DB) that does what `touchpoint`
// does at start — load the assets, open the offscreen host, open the runtime on the database with
// its sync worker — and draws one frame; its time from launch is compared with a child that only
// opens the database (--open-only-child DB).

#include <cstdio>
#include <ctime>
#include <memory>
#include <sstream>

#include "bench_report.hpp"
#include "demo_terminal.hpp"
#include "kiosk_app.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/platform/host.hpp"
#include "touchpoint/store.hpp"
#include "touchpoint/ui/context.hpp"
#include "touchpoint/ui/screens/app_shell.hpp"

#include <sqlite3.h>

namespace tp::bench {
namespace {

// An address nothing listens on: the child's worker finds the service unreachable, as a kiosk
// that starts before the network does.
constexpr const char* kUnreachable = "http://127.0.0.1:9";

[[noreturn]] void die(const std::string& what) {
    std::cerr << "kiosk_bench: " << what << "\n";
    std::exit(2);
}

int cold_start_child(const char* db) {
    const auto start = Clock::now();
    log::set_level(log::Level::Error);
    log::set_level(log::Level::Error);
    auto loaded = ui::UiContext::load(ui::default_assets_dir());
    if (!loaded) die("assets: " + loaded.error().detail);
    auto ctx = std::make_unique<ui::UiContext>(std::move(*loaded));
    auto host = platform::Host::open_offscreen(1280, 800, *ctx);
    if (!host) die("offscreen host: " + host.error().detail);
    SystemClock clock;
    sync::RuntimeConfig config;
    config.db_path = db;
    config.service_url = kUnreachable;
    auto app = kiosk::KioskApp::open(config, clock, *ctx);
    if (!app) die("kiosk: " + app.error().key + " " + app.error().detail);
    (*host)->frame([&] { (*app)->draw_frame(); });
    std::printf("%.6f %.0f\n", seconds_since(start), peak_rss_bytes());
    std::fflush(stdout);
    // The measurement is taken; the kiosk still stops as it does, closing the store cleanly
    // (an unclean stop would make the next start check the whole file).
    app->reset();
    host->reset();
    return 0;
}

int open_only_child(const char* db) {
    const auto start = Clock::now();
    sqlite3* handle = nullptr;
    if (sqlite3_open_v2(db, &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) die("open");
    sqlite3_exec(handle, "SELECT count(*) FROM meta", nullptr, nullptr, nullptr);
    sqlite3_close(handle);
    std::printf("%.6f %.0f\n", seconds_since(start), peak_rss_bytes());
    return 0;
}

struct ChildRun {
    double wall = 0;  // launch to answer, seen by the parent
    double rss = 0;
};

ChildRun run_child(const std::string& self, const std::string& mode, const std::string& db) {
    const std::string cmd = "'" + self + "' " + mode + " '" + db + "'";
    const auto start = Clock::now();
    std::FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) die("cannot start " + cmd);
    double inside = 0, rss = 0;
    const int got = std::fscanf(pipe, "%lf %lf", &inside, &rss);
    const double wall = seconds_since(start);
    ::pclose(pipe);
    if (got != 2) die(mode + " gave no answer");
    return {wall, rss};
}

// Grows the synced demo cache to `customers` customers with three cases each: copies of the
// demo rows under new ids, through the store's own triggers (search index included).
void grow_cache(const std::string& db_path, long long customers) {
    auto opened = Store::open(db_path);
    if (!opened) die("store: " + opened.error().detail);
    Db& db = (*opened)->db();
    db.exec("BEGIN");
    db.exec("CREATE TEMP TABLE base_c AS SELECT row_number() OVER () - 1 AS n, * FROM customers");
    db.exec("CREATE TEMP TABLE base_k AS SELECT row_number() OVER () - 1 AS n, * FROM cases");
    std::ostringstream sql;
    sql << "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < "
        << customers << ") "
        << "INSERT INTO customers(id, store_id, name, phone, email, loyalty, data) "
           "SELECT printf('B%07d', i), c.store_id, c.name, c.phone, printf('b%d.', i) || c.email, "
           "printf('LOYB%08d', i), json_set(c.data, '$.id', printf('B%07d', i), "
           "'$.loyalty_number', printf('LOYB%08d', i)) "
           "FROM k JOIN base_c c ON c.n = k.i % (SELECT count(*) FROM base_c)";
    db.exec(sql.str().c_str());
    std::ostringstream cases;
    cases << "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < "
          << customers * 3 << ") "
          << "INSERT INTO cases(id, customer_id, kind, status, reference, version, sla_due, data) "
             "SELECT printf('BK%08d', i), printf('B%07d', i / 3), c.kind, c.status, "
             "printf('R%08d', i), c.version, c.sla_due, "
             "json_set(c.data, '$.id', printf('BK%08d', i), '$.customer_id', printf('B%07d', i / 3)) "
             "FROM k JOIN base_k c ON c.n = k.i % (SELECT count(*) FROM base_k)";
    db.exec(cases.str().c_str());
    db.exec("COMMIT");
}

void p5_cold_start(const Options& o, const std::string& self) {
    const long long customers = o.quick ? 100'000 : 1'000'000;
    const auto dir = o.dir / "p5";
    std::filesystem::create_directories(dir);
    {
        auto demo = kiosk::DemoTerminal::start(dir, 200);
        if (!demo) die("demo terminal: " + demo.error().key + " " + demo.error().detail);
    }
    const std::string db = (dir / "terminal.db").string();
    const double grown = time_once([&] { grow_cache(db, customers); });
    std::cout << "  P5 cache grown to " << count(customers) << " customers and "
              << count(customers * 3) << " cases in " << duration(grown) << ", "
              << megabytes(static_cast<double>(std::filesystem::file_size(db))) << "\n";
    Samples start, open;
    double rss = 0, open_rss = 0;
    // The first start warms the page cache and verifies the new file whole (store.hpp), as a
    // kiosk's first start on a new database does; the measured ones are later starts.
    run_child(self, "--cold-start-child", db);
    for (int i = 0; i < 5; ++i) {
        const ChildRun k = run_child(self, "--cold-start-child", db);
        start.add(k.wall);
        rss = std::max(rss, k.rss);
        const ChildRun b = run_child(self, "--open-only-child", db);
        open.add(b.wall);
        open_rss = std::max(open_rss, b.rss);
    }
    const double t = start.median();
    figure("P5", "cold start to the first frame with " + count(customers) + " customers and " +
                     count(customers * 3) + " cases cached (page cache warm): " + duration(t) +
                     " (median of 5) vs a process that only opens the database " +
                     duration(open.median()) + " (target < 250 ms)",
           t < 0.250);
    figure("P5", "peak RSS of that start: " + megabytes(rss) + " vs the open-only process " +
                     megabytes(open_rss) + " (target < 100 MB)",
           rss < 100.0 * 1024 * 1024);
}

struct ScreenTimes {
    ui::ScreenId screen;
    Samples build, build_wall, full;  // build: the UI thread's CPU time; the others: wall time
};


void p6_frames(const Options& o) {
    const int frames = o.quick ? 200 : 1000;
    auto loaded = ui::UiContext::load(ui::default_assets_dir());
    if (!loaded) die("assets: " + loaded.error().detail);
    auto ctx = std::make_unique<ui::UiContext>(std::move(*loaded));
    auto host = platform::Host::open_offscreen(1920, 1080, *ctx);
    if (!host) die("offscreen host: " + host.error().detail);
    std::vector<ScreenTimes> times;
    int n = 0;
    for (ui::ScreenId screen : ui::all_screens()) {
        if (screen == ui::ScreenId::NotSetUp) continue;
        const auto dir = o.dir / ("p6-" + std::to_string(n++));
        std::filesystem::create_directories(dir);
        auto demo = kiosk::DemoTerminal::start(dir, 40);
        if (!demo) die("demo terminal: " + demo.error().key);
        ui::Nav nav;
        ui::ScreenState state;
        kiosk::NoOnlineActions online;
        if (auto ready = (*demo)->prepare(screen, "en", nav, &state); !ready)
            die(std::string("preparing ") + ui::scene_name(screen) + ": " + ready.error().key);
        state.generation = (*demo)->core().snapshot().session_generation;
        ScreenTimes t{screen, {}, {}, {}};
        double build = 0, build_wall = 0;
        const auto draw = [&] {
            const auto begin = Clock::now();
            const double cpu = thread_cpu_seconds();
            const auto& snap = (*demo)->core().snapshot();
            ui::ScreenEnv env{*ctx, (*demo)->core(), snap, online, nav, state};
            ui::draw_app(env);
            build = thread_cpu_seconds() - cpu;
            build_wall = seconds_since(begin);
        };
        for (int i = 0; i < 20; ++i) (*host)->frame(draw);  // fonts, images, layout settle
        for (int i = 0; i < frames; ++i) {
            const double full = time_once([&] { (*host)->frame(draw); });
            t.build.add(build);
            t.build_wall.add(build_wall);
            t.full.add(full);
        }
        times.push_back(std::move(t));
    }
    const auto busiest = std::max_element(times.begin(), times.end(), [](auto& a, auto& b) {
        return a.build.p99() < b.build.p99();
    });
    const auto slowest = std::max_element(times.begin(), times.end(), [](auto& a, auto& b) {
        return a.full.p99() < b.full.p99();
    });
    for (const auto& t : times)
        std::cout << "  P6 " << ui::scene_name(t.screen) << ": build p99 " << duration(t.build.p99())
                  << " CPU, " << duration(t.build_wall.p99()) << " wall; full frame p99 "
                  << duration(t.full.p99()) << "\n";
    const double budget = 1.0 / 60.0;
    figure("P6", std::string("frame build on the busiest screen (") + ui::scene_name(busiest->screen) +
                     "), p99 over " + count(frames) + " frames: " + duration(busiest->build.p99()) +
                     " of UI-thread CPU (wall p99 " + duration(busiest->build_wall.p99()) +
                     ") vs the 60 Hz budget " + duration(budget) + " (target < 1 ms)",
           busiest->build.p99() < 0.001);
    figure("P6", std::string("full software-rendered 1920x1080 frame, slowest screen (") +
                     ui::scene_name(slowest->screen) + "), p99: " + duration(slowest->full.p99()) +
                     " vs the 60 Hz budget " + duration(budget) + " = " +
                     ratio_text(slowest->full.p99() / budget, "< 1.0"),
           slowest->full.p99() < budget);
}

}  // namespace
}  // namespace tp::bench

int main(int argc, char** argv) {
    using namespace tp::bench;
    if (argc == 3 && std::string(argv[1]) == "--cold-start-child") return cold_start_child(argv[2]);
    if (argc == 3 && std::string(argv[1]) == "--open-only-child") return open_only_child(argv[2]);
    const Options o = parse_options(argc, argv, "kiosk_bench");
    const std::string self = std::filesystem::canonical("/proc/self/exe").string();
    tp::log::set_level(tp::log::Level::Warn);
    if (o.wants("P5")) p5_cold_start(o, self);
    if (o.wants("P6")) p6_frames(o);
    if (!o.keep) std::filesystem::remove_all(o.dir);
    return 0;
}
