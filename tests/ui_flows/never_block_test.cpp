// No frame waits on the network: with a service that accepts every request and holds it, the
// kiosk keeps drawing frames while both the sync worker and a customer lookup are stuck in
// flight, and shows the lookup's failure once the service finally answers.

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "../service/service_fixture.hpp"
#include "holding_server.hpp"
#include "kiosk_app.hpp"
#include "touchpoint/platform/host.hpp"
#include "touchpoint/sync/engine.hpp"

using namespace tp;
using tp::test::HoldingServer;

TEST_CASE("frames keep drawing while the service holds the sync and a lookup") {
    service::testing::TestService svc(10);
    service::testing::TempDir dir;
    const std::string db = dir.file("kiosk.db");
    SystemClock clock;
    {
        auto store = Store::open(db);
        REQUIRE(store.ok());
        auto transport = sync::make_curl_transport("http://127.0.0.1:" + std::to_string(svc.port()));
        StatusBoard board;
        sync::SyncEngine engine(**store, *transport, clock, board);
        REQUIRE(engine.enroll("KIOSK-S1-12", "never-block test").ok());
        REQUIRE(engine.cycle() == sync::CycleResult::Synced);  // staff and customers cached
    }

    HoldingServer holding;
    auto ctx = ui::UiContext::load(ui::default_assets_dir());
    REQUIRE(ctx.ok());
    auto host = platform::Host::open_offscreen(1280, 800, *ctx);
    REQUIRE(host.ok());
    sync::RuntimeConfig config;
    config.db_path = db;
    config.service_url = holding.url();
    auto app = kiosk::KioskApp::open(config, clock, *ctx);
    REQUIRE(app.ok());
    const auto draw = [&] { (*app)->draw_frame(); };

    REQUIRE((*app)->core().staff_sign_in("R1", "2468").ok());  // lookups are for staff
    (*app)->runtime().lookup_customers("garcia");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (holding.in_flight() < 2 && std::chrono::steady_clock::now() < deadline) {
        (*host)->frame(draw);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(holding.in_flight() == 2);  // the worker's sync and the lookup are both held

    // 30 frames go by while both requests are still held: no frame waited for them. (Few enough
    // that a slow, sanitized build draws them well inside the lookup's 15 s timeout.)
    for (int i = 0; i < 30; ++i) (*host)->frame(draw);
    CHECK(holding.in_flight() == 2);
    CHECK((*app)->core().snapshot().online_lookup.phase == OnlineRequest::Phase::InProgress);

    holding.release();
    const auto answered = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while ((*app)->core().snapshot().online_lookup.phase == OnlineRequest::Phase::InProgress &&
           std::chrono::steady_clock::now() < answered) {
        (*host)->frame(draw);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const auto& lookup = (*app)->core().snapshot().online_lookup;
    CHECK(lookup.phase == OnlineRequest::Phase::Failed);
    CHECK(lookup.error == "error.lookup_offline");  // a string-table key, not a status code
    app->reset();
}
